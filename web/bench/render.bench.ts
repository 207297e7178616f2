/**
 * `npm run bench -- --only render`: first-render time of the map for 2,000 and 10,000
 * synthetic elements in headless Chromium (Debian's, through playwright-core), with the WebGL
 * renderer and with the plain canvas one, plus the layout time and the median frame while
 * zooming. The page is built with Vite from web/bench/render-page.html into a temporary folder.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { build } from 'vite';
import type { Measurement } from '../../graph/bench/report.ts';
import { launchBrowser } from '../test/browser.ts';
import type { RenderResult } from './render-page.ts';

const webDir = resolve(import.meta.dirname, '..');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export interface RenderBenchOptions {
  sizes?: number[];
  log?: (message: string) => void;
}

export async function renderBench(options: RenderBenchOptions = {}): Promise<Measurement[]> {
  const sizes = options.sizes ?? [2000, 10_000];
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const out = mkdtempSync(join(tmpdir(), 'pathway-render-bench-'));
  await build({
    configFile: false,
    root: join(webDir, 'bench'),
    logLevel: 'warn',
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2022',
      rolldownOptions: { input: join(webDir, 'bench', 'render-page.html') },
    },
  });
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = resolve(out, `.${path === '/' ? '/render-page.html' : path}`);
    if (!file.startsWith(out)) return void response.writeHead(404).end();
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchBrowser({ width: 1400, height: 860 });
  const results: Measurement[] = [];
  try {
    for (const size of sizes) {
      for (const webgl of [true, false]) {
        const page = await browser.context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('crash', () => errors.push('the page crashed'));
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        await page.goto(`${base}/render-page.html`);
        await page.waitForFunction(() => 'renderBench' in window);
        const r = await page
          .evaluate(
            ([n, gl]) =>
              (window as unknown as { renderBench: (n: number, gl: boolean) => Promise<RenderResult> }).renderBench(
                n as number,
                gl as boolean,
              ),
            [size, webgl] as const,
          )
          .catch((error: Error) => {
            throw new Error(`render bench (${size}, webgl ${webgl}): ${error.message}; ${errors.join('; ')}`);
          });
        await page.close();
        const label = `${size >= 1000 ? `${size / 1000}k` : size} elements`;
        const renderer = webgl ? 'WebGL' : 'canvas';
        log(
          `render: ${label} (${r.nodes} nodes, ${r.edges} edges), ${renderer}: layout ${r.layoutMs.toFixed(0)} ms, first render ${r.firstRenderMs.toFixed(0)} ms, zoom frame ${r.frameMs.toFixed(1)} ms`,
        );
        const detail = {
          nodes: r.nodes,
          edges: r.edges,
          renderer,
          layoutMs: round(r.layoutMs),
          frameMs: round(r.frameMs),
        };
        results.push({
          bench: 'render',
          case: `${label}, first render (${renderer})`,
          value: round(r.firstRenderMs),
          unit: 'ms',
          goal: size <= 2000 ? 'smooth' : 'usable',
          detail,
        });
        results.push({
          bench: 'render',
          case: `${label}, zoom frame (${renderer}, median)`,
          value: round(r.frameMs),
          unit: 'ms',
          detail,
        });
        if (webgl) {
          results.push({
            bench: 'render',
            case: `${label}, layered layout (worker code)`,
            value: round(r.layoutMs),
            unit: 'ms',
            detail,
          });
        }
      }
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(out, { recursive: true, force: true });
  }
  return results;
}

const round = (v: number) => Math.round(v * 10) / 10;
