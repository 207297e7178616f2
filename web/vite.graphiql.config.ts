/**
 * The GraphQL explorer: graphiql.html with GraphiQL (React, Monaco and its workers) as its own
 * build into the same dist/ (dist/graphiql.html, hashed chunks under dist/assets), so the map's
 * bundle never carries it. `npm run build` runs it after the app and the embed.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      input: { graphiql: resolve(root, 'graphiql.html') },
      // React libraries mark modules "use client"; that means nothing in a plain bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
