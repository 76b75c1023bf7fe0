import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, gzipSync, constants } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

/**
 * The browsers the interface is built for. Government offices often run domestic browsers (360 安全浏览器,
 * QQ 浏览器, 奇安信可信浏览器) on Chromium 86–109 kernels, and some still run Windows 7 with Chrome 109 at most; so
 * the JS and CSS are lowered to Chromium 87 (the oldest kernel with everything Element Plus needs: ES2020, CSS
 * variables, flex gap), with the matching Edge, Firefox ESR and Safari. Vite's own default (Chrome 107+) would leave
 * those offices with a blank page.
 */
export const BROWSER_TARGETS = ['chrome87', 'edge88', 'firefox78', 'safari14']

const OUT_DIR = fileURLToPath(new URL('../dist/web', import.meta.url))

/** Writes .br and .gz next to each built script, style sheet and SVG, which the service sends to browsers that accept them. */
function precompress (): Plugin {
  return {
    name: 'tingzheng-precompress',
    apply: 'build',
    closeBundle () {
      const dir = join(OUT_DIR, 'assets')
      for (const name of readdirSync(dir)) {
        if (!/\.(js|css|svg|json)$/.test(name)) continue
        const body = readFileSync(join(dir, name))
        if (body.length < 1024) continue
        writeFileSync(join(dir, `${name}.gz`), gzipSync(body, { level: 9 }))
        writeFileSync(join(dir, `${name}.br`), brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
      }
    }
  }
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [
    vue(),
    // Element Plus components and their styles are imported where a template uses them, not all at once
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
    precompress()
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: BROWSER_TARGETS,
    cssTarget: BROWSER_TARGETS,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } }
})
