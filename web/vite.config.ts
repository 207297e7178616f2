/**
 * The app build: the single-page app (index.html), the iframe page (embed.html) and the embed
 * example; the layout worker is its own chunk. The custom element (embed.js) is built by
 * vite.embed.config.ts into the same dist/. `npm run dev` proxies the API on :3000.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: {
        main: resolve(root, 'index.html'),
        embed: resolve(root, 'embed.html'),
        example: resolve(root, 'examples/embed.html'),
      },
    },
  },
  worker: { format: 'es' },
  server: {
    proxy: { '/graphql': 'http://127.0.0.1:3000', '/embed.js': 'http://127.0.0.1:3000' },
  },
});
