// better-sqlite3 is a native module: a build for Node does not load in Electron and vice versa.
// `node scripts/native-build.mjs node` (before tests and the CLI) and `… electron` (before the
// desktop app) make sure the build in node_modules is the one about to be used, rebuilding it
// only when it is not.
import { execSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const target = process.argv[2]
const marker = new URL('../node_modules/better-sqlite3/build/freshtill-runtime.txt', import.meta.url)
const current = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : ''

function rebuild(env, label) {
  console.log(`native-build: rebuilding better-sqlite3 for ${label}`)
  execSync('npm rebuild better-sqlite3', { stdio: 'inherit', env: { ...process.env, ...env } })
  writeFileSync(marker, label)
}

if (target === 'node') {
  const label = `node-${process.versions.modules}`
  try {
    const Database = require('better-sqlite3')
    new Database(':memory:').close()
    if (current !== label) writeFileSync(marker, label)
  } catch {
    rebuild({}, label)
  }
} else if (target === 'electron') {
  const version = JSON.parse(
    readFileSync(new URL('../node_modules/electron/package.json', import.meta.url), 'utf8'),
  ).version
  const label = `electron-${version}`
  if (current !== label) {
    // prebuild-install / node-gyp read these: fetch or build the Electron ABI variant.
    rebuild(
      {
        npm_config_runtime: 'electron',
        npm_config_target: version,
        npm_config_disturl: 'https://electronjs.org/headers',
      },
      label,
    )
  }
} else {
  console.error('usage: node scripts/native-build.mjs node|electron')
  process.exit(2)
}
