// Svelte compiles <script lang="ts"> by itself (type annotations only), so no preprocessor is needed.
/** @type {import("@sveltejs/vite-plugin-svelte").SvelteConfig} */
export default {
  compilerOptions: { runes: true },
};
