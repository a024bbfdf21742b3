import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The built app is served by the API server from apps/web/dist at `/` (SPA fallback).
// In development, `npm run dev -w apps/web` proxies `/api` to that server.
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline module-preload polyfill script: keeps index.html compatible with `script-src 'self'`.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // Vendor groups so that routes stay small; echarts is only pulled in by the lazy home page.
        codeSplitting: {
          groups: [
            { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30 },
            // Only the antd modules the shell needs at start; the others are split by the pages that use them
            // (one shared lazy antd chunk made every page load all of Table, Form, Drawer… — bench web).
            { name: 'vendor-antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|dayjs)[\\/]/, tags: ['$initial'], priority: 10 },
            { name: 'vendor-i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/, priority: 15 },
            { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
});
