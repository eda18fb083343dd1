import { defineConfig } from 'vite'

// The console is served by the control plane under /console/; everything is bundled (no CDN).
export default defineConfig({
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 900,
  },
})
