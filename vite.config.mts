/**
 * Builds the renderer bundle (renderer/ → out/renderer). The Electron app serves it from app://,
 * the UI tests from tests/harness/contract-host.ts; both expect relative asset URLs (base './').
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    // Everything is served from our own origin; no inline module-preload polyfill (CSP).
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
