import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath, URL } from 'node:url'
import { writeFileSync } from 'node:fs'

// go:embed needs dist/ to hold a file even before the first build, so a committed dist/.gitkeep exists; a build
// empties dist/, so every build (npm run build or a bare vite build) writes it back.
const keepDist = { name: 'keep-dist-gitkeep', closeBundle: () => writeFileSync(fileURLToPath(new URL('./dist/.gitkeep', import.meta.url)), '') }

export default defineConfig({
  plugins: [vue(), keepDist],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __INTLIFY_JIT_COMPILATION__: true,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      // element-plus declares no "sideEffects", so its barrel would pull in every
      // component; its JS modules are side-effect free (styles are imported separately).
      treeshake: {
        moduleSideEffects: (id) => !/node_modules\/(element-plus|@element-plus)\/.*\.m?js$/.test(id),
      },
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus'
          if (id.includes('node_modules')) return 'vendor'
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts'],
    // process element-plus through Vite so it shares the one Vue runtime with the SFCs
    server: { deps: { inline: ['element-plus'] } },
  },
})
