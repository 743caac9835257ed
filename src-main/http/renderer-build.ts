// `pos serve` and the browser tests serve the built renderer (out/renderer). It is built with
// electron-vite — the same build as the desktop app's — when it is missing or older than its
// sources; a build takes a few seconds.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const projectRoot = fileURLToPath(new URL('../../', import.meta.url))
export const builtRendererDir = join(projectRoot, 'out', 'renderer')
const builtIndex = join(builtRendererDir, 'index.html')

/** What the renderer bundle is made from. */
const rendererSources = ['src-renderer', 'src-shared', 'electron.vite.config.ts', 'package.json']

export function rendererBuildIsCurrent(): boolean {
  if (!existsSync(builtIndex)) return false
  const builtAt = statSync(builtIndex).mtimeMs
  return rendererSources.every((source) => newestChange(join(projectRoot, source)) <= builtAt)
}

/** Builds the renderer unless the build is current; says which it did. */
export function ensureRendererBuilt(): 'built' | 'current' {
  if (rendererBuildIsCurrent()) return 'current'
  const build = spawnSync(
    process.execPath,
    [join(projectRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: projectRoot,
      encoding: 'utf8',
    },
  )
  if (build.status !== 0 || !existsSync(builtIndex)) {
    throw new Error(
      `electron-vite build failed (${build.error?.message ?? `exit ${build.status}`}):\n${build.stdout}\n${build.stderr}`,
    )
  }
  return 'built'
}

function newestChange(path: string): number {
  if (!existsSync(path)) return 0
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)))
  return newest
}
