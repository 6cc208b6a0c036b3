import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

// The window is a Tauri webview: WebView2 (Chromium) on Windows, WebKit on macOS and Linux.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: ["es2022", "chrome105", "safari15"],
    // Vite 8 no longer ships esbuild: a boolean picks its built-in minifier.
    minify: true,
    sourcemap: false,
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
    // lib/contrast.test.ts reads app.css (as ?raw) to check the palette; other CSS stays out of tests.
    css: { include: [/app\.css/] },
  },
});
