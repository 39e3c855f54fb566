import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * Built to dist/ and served by the query service at /admin/: `base` makes every asset URL
 * start with /admin/, and hashed file names let the server cache assets forever.
 * No CDN at run time: every script, style and font comes from this build.
 */
export default defineConfig({
  base: "/admin/",
  plugins: [react()],
  // `vite` (dev server with hot reload) sends API calls to a running query service.
  server: { proxy: { "/v1": process.env["QUERY_URL"] ?? "http://localhost:3001" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    // Polaris and polaris-viz are large; one vendor chunk keeps the app chunk small and cacheable.
    chunkSizeWarningLimit: 2_500,
    // No inline <script>: the CSP allows scripts from our own origin only.
    modulePreload: { polyfill: false },
  },
});
