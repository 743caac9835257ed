// Types of electron-fuses.mjs, for the tests that check the fuses.
export type FuseName =
  | 'RunAsNode'
  | 'EnableNodeOptionsEnvironmentVariable'
  | 'EnableNodeCliInspectArguments'
  | 'EnableCookieEncryption'
  | 'OnlyLoadAppFromAsar'
  | 'EnableEmbeddedAsarIntegrityValidation'

export function freshtillFuses(platform: string): Record<FuseName, boolean>
export function flipFreshtillFuses(binary: string, platform: string): Promise<void>
