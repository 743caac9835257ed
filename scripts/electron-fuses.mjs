// The Electron fuses of a packaged FreshTill: switches compiled into the Electron binary that no
// environment variable or command-line flag can turn back (docs/DESKTOP.md). Run on the packaged
// app after packaging and before signing:
//
//   npm run fuses -- <the packaged app's Electron binary, or its .app> [darwin|win32|linux]
//
// The platform is the package's, not this machine's; it defaults to this machine's.
import { pathToFileURL } from 'node:url'

/** Fuse → on or off, named as @electron/fuses names them (FuseV1Options). */
export function freshtillFuses(platform) {
  return {
    // ELECTRON_RUN_AS_NODE=1 would make the till's binary a plain Node.js with its data folder's rights.
    RunAsNode: false,
    // NODE_OPTIONS=--require … would load any script into the main process.
    EnableNodeOptionsEnvironmentVariable: false,
    // --inspect would open a debugger on the main process, which holds the database and the keys.
    EnableNodeCliInspectArguments: false,
    // Cookies and local storage encrypted at rest with the OS key store.
    EnableCookieEncryption: true,
    // The app is loaded from the packaged app.asar only, never from a folder put beside it.
    OnlyLoadAppFromAsar: true,
    // The app.asar must match the hash the packager embedded (macOS and Windows only: Electron
    // does not check it on Linux, where this fuse stays off).
    EnableEmbeddedAsarIntegrityValidation: platform === 'darwin' || platform === 'win32',
  }
}

export async function flipFreshtillFuses(binary, platform) {
  const fuses = await import('@electron/fuses')
  const { flipFuses, FuseV1Options, FuseVersion } = fuses.default ?? fuses
  const wire = Object.fromEntries(
    Object.entries(freshtillFuses(platform)).map(([name, on]) => [FuseV1Options[name], on]),
  )
  await flipFuses(binary, { version: FuseVersion.V1, ...wire })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [binary, platform = process.platform] = process.argv.slice(2)
  if (!binary) {
    console.error('usage: npm run fuses -- <Electron binary or .app of the packaged app> [darwin|win32|linux]')
    process.exit(2)
  }
  await flipFreshtillFuses(binary, platform)
  console.log(`fuses set on ${binary} (${platform}):`, freshtillFuses(platform))
}
