import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * The dev server stands where the gateway will: same origin for the console and every API, so the
 * refresh cookie (SameSite=Strict, path /api/v1/auth/session) and the CSRF header work as served.
 * Each target defaults to the service's port from `npm start`.
 */
const gateway = process.env.LFC_GATEWAY_URL ?? 'http://127.0.0.1:8000';
const auth = process.env.LFC_AUTH_URL ?? 'http://127.0.0.1:8002';
const cost = process.env.LFC_COST_URL ?? 'http://127.0.0.1:8003';

export default defineConfig({
  root: here('.'),
  base: '/console/',
  plugins: [react()],
  // `@lfc/contracts/<module>` reaches one module of the contracts without the rest (the first
  // script needs the session's constants before zod and the schemas load).
  resolve: { alias: { '@lfc/contracts': here('../../libs/contracts/src') } },
  build: {
    // The gateway serves this folder at /console/.
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      output: {
        // Pages import a dozen small shared modules; as chunks of their own they cost a second
        // round of requests after the page's chunk. Folded into the chunks that load anyway.
        experimentalMinChunkSize: 16_384,
        // The console proper (main.tsx and what it imports) has small pages folded into it, whose
        // names Rollup would otherwise lend it.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some((id) => id.endsWith('/src/main.tsx'))
            ? 'assets/console-[hash].js'
            : 'assets/[name]-[hash].js',
      },
      onwarn(warning, warn) {
        // zod's comments mention `@__PURE__` in prose; Rollup reads them as misplaced annotations.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api/v1/auth': auth,
      '/api/v1/cost': cost,
      '/api': gateway,
      '/mcp': gateway,
      '/sse': gateway,
    },
  },
});
