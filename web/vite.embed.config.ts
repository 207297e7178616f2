/**
 * The embed: src/embed/embed.ts as one self-contained IIFE, dist/embed.js, loaded with a
 * plain <script src>. It has no exports, so the IIFE assigns nothing to window. Only the
 * messages the embed uses are kept from en.json and es.json (src/embed/messages.ts).
 */
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { keepMessage } from './src/embed/messages.ts';

const root = import.meta.dirname;

const embedMessages: Plugin = {
  name: 'embed-messages',
  enforce: 'pre',
  transform(code, id) {
    if (!/[\\/]src[\\/]i18n[\\/](en|es)\.json$/.test(id)) return;
    const all = JSON.parse(code) as Record<string, string>;
    return { code: JSON.stringify(Object.fromEntries(Object.entries(all).filter(([k]) => keepMessage(k)))), map: null };
  },
};

export default defineConfig({
  root,
  publicDir: false,
  plugins: [embedMessages],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    reportCompressedSize: true,
    rolldownOptions: {
      input: resolve(root, 'src/embed/embed.ts'),
      output: { format: 'iife', entryFileNames: 'embed.js' },
    },
  },
});
