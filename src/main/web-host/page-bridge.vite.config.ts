import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The page bridge is a classic script (runs before the app's module scripts), built as one IIFE.
export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('../../../out/web-host', import.meta.url)),
    emptyOutDir: true,
    minify: true,
    lib: {
      entry: fileURLToPath(new URL('./page-bridge.ts', import.meta.url)),
      formats: ['iife'],
      name: 'kioskBridge',
      fileName: () => 'kiosk-bridge.js',
    },
  },
});
