import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Resolved from this file so `vite build --config web/vite.config.ts` works from the repository root.
const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is one large chunk by nature; feature pages are split with React.lazy.
    chunkSizeWarningLimit: 1600,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
