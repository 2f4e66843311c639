import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('src/main/electron/main.ts') }, external: ['serialport', '@serialport/bindings-cpp'] },
    },
  },
  preload: {
    // A sandboxed preload must be CommonJS, whatever package.json's "type" says.
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { preload: resolve('src/main/electron/preload.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: { outDir: 'out/renderer', rollupOptions: { input: resolve('src/renderer/index.html') } },
  },
});
