import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The province console (src/renderer/province): a page of its own, served by the gateway at
// /console/ (src/gateway/http/console-page.ts) from out/console.
export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer/province', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./out/console', import.meta.url)),
    emptyOutDir: true,
    // React, React Aria, the charts and both languages' catalog: one file for a LAN page.
    chunkSizeWarningLimit: 1500,
  },
});
