import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { metaContentSecurityPolicy, relaxForDevServer } from './src-shared/csp'

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  main: {
    build: {
      // Loaded from node_modules at run time: native bindings (better-sqlite3) and packages that
      // resolve files or drivers dynamically do not survive bundling.
      externalizeDeps: { include: ['better-sqlite3', 'mysql2', 'ioredis', 'pino', 'kysely'] },
      rollupOptions: { input: { index: fromRoot('src-main/electron/main.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but 'electron', and cannot be an ES module:
      // one CommonJS file with the contract and zod bundled in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: fromRoot('src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: fromRoot('src-renderer'),
    build: { rollupOptions: { input: fromRoot('src-renderer/index.html') } },
    plugins: [react(), devServerCsp()],
  },
})

/** The dev server needs inline scripts and a websocket; the built page keeps the strict policy. */
function devServerCsp(): Plugin {
  return {
    name: 'freshtill:dev-server-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(metaContentSecurityPolicy, relaxForDevServer(metaContentSecurityPolicy)),
  }
}
