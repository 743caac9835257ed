// The RSA keys of Alipay's RSA2 signatures: the app's pair (`pos keys generate`) and the local
// sandbox's own pair. Private keys are written 0600 and git-ignored; only *.pub.pem may be committed.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, X509Certificate } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ConfigError } from '../config'

export interface KeyFileNames {
  privateKey: string
  publicKey: string
}

/** The app's pair: the private key signs requests; the public half is uploaded to Alipay. */
export const appKeyFiles: KeyFileNames = { privateKey: 'app_private_key.pem', publicKey: 'app_public_key.pub.pem' }
/** The local sandbox's pair, standing in for Alipay's: the app verifies answers with the public half. */
export const sandboxKeyFiles: KeyFileNames = {
  privateKey: 'alipay_sandbox_private_key.pem',
  publicKey: 'alipay_sandbox_public_key.pub.pem',
}

/** The root that issues the sandbox's certificates in certificate mode (`alipay-sandbox --certificates`). */
export const sandboxRootKeyFiles: KeyFileNames = {
  privateKey: 'alipay_sandbox_root_private_key.pem',
  publicKey: 'alipay_sandbox_root_public_key.pub.pem',
}

export interface KeyPairPaths {
  privateKeyPath: string
  publicKeyPath: string
}

/**
 * A new RSA-2048 pair. The private key is PKCS1 (`BEGIN RSA PRIVATE KEY`), the form alipay-sdk
 * loads with its default keyType; the public key is SPKI (`BEGIN PUBLIC KEY`), as Alipay shows it.
 */
export function generateRsaKeyPair(): { privateKey: KeyObject; privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  }
}

/**
 * Writes a new pair into `dir`; an existing key is never replaced without `force` (its old pair would stop working).
 */
export function generateKeyPairFiles(dir: string, names: KeyFileNames, { force = false } = {}): KeyPairPaths {
  const paths = pathsOf(dir, names)
  if (!force) {
    const existing = [paths.privateKeyPath, paths.publicKeyPath].filter((path) => existsSync(path))
    if (existing.length > 0) {
      const what =
        existing.length === 1
          ? `${shown(existing[0] as string)} already exists`
          : `${existing.map(shown).join(' and ')} already exist`
      throw new ConfigError(`keys: ${what}; keep the pair, or pass --force to replace it (the old pair stops working)`)
    }
  }
  const pair = generateRsaKeyPair()
  mkdirSync(dir, { recursive: true })
  writePrivate(paths.privateKeyPath, pair.privateKeyPem)
  writeFileSync(paths.publicKeyPath, pair.publicKeyPem, { mode: 0o644 })
  return paths
}

/**
 * The public key of a pair in `dir`, made if missing: from the private key when only that is
 * there, else a whole new pair.
 */
export function ensurePublicKeyFile(dir: string, names: KeyFileNames): KeyPairPaths & { generated: boolean } {
  const paths = pathsOf(dir, names)
  if (existsSync(paths.publicKeyPath)) return { ...paths, generated: false }
  if (existsSync(paths.privateKeyPath)) {
    const publicKey = createPublicKey(readPrivateKey(paths.privateKeyPath))
    writeFileSync(paths.publicKeyPath, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 })
    return { ...paths, generated: true }
  }
  return { ...generateKeyPairFiles(dir, names), generated: true }
}

/** The private key of a pair in `dir`, made with its pair if missing; its public file is rewritten to match it. */
export function ensurePrivateKeyFile(
  dir: string,
  names: KeyFileNames,
): KeyPairPaths & { privateKey: KeyObject; generated: boolean } {
  const paths = pathsOf(dir, names)
  if (!existsSync(paths.privateKeyPath)) {
    generateKeyPairFiles(dir, names, { force: true })
    return { ...paths, privateKey: readPrivateKey(paths.privateKeyPath), generated: true }
  }
  const privateKey = readPrivateKey(paths.privateKeyPath)
  writeFileSync(paths.publicKeyPath, createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }), {
    mode: 0o644,
  })
  return { ...paths, privateKey, generated: false }
}

/**
 * The app's private key as alipay-sdk wants it with its default keyType (PKCS1): the file may be
 * PKCS1 or PKCS8 PEM, or a bare base64 body as Alipay's key tool shows it. A full PKCS8 PEM
 * would not load in the SDK as it is, so it is converted here.
 */
export function loadAppPrivateKeyForSdk(path: string): string {
  return readPrivateKey(path).export({ type: 'pkcs1', format: 'pem' }) as string
}

/** A public key file (SPKI or PKCS1 PEM, or a bare base64 body as Alipay's console shows it) as SPKI PEM. */
export function loadPublicKeyPem(path: string): string {
  return readPublicKey(path).export({ type: 'spki', format: 'pem' }) as string
}

export function readPrivateKey(path: string): KeyObject {
  return parsePrivateKey(readKeyText(path, 'private key'), shown(path))
}

export function readPublicKey(path: string): KeyObject {
  return parsePublicKey(readKeyText(path, 'public key'), shown(path))
}

export function parsePrivateKey(text: string, where = 'the private key'): KeyObject {
  return checkRsa(parseKey(text, where, 'private'), where)
}

export function parsePublicKey(text: string, where = 'the public key'): KeyObject {
  return checkRsa(parseKey(text, where, 'public'), where)
}

function parseKey(text: string, where: string, kind: 'private' | 'public'): KeyObject {
  const create = kind === 'private' ? createPrivateKey : createPublicKey
  // Node reads a public key out of a certificate without a word, and the till would then run in
  // key mode with half of certificate mode's set: say which settings certificate mode takes.
  if (kind === 'public' && isCertificate(text))
    throw new ConfigError(
      `keys: ${where} is a certificate (.crt), not a public key; certificate mode (公钥证书) takes ` +
        'POS_ALIPAY_APP_CERT, POS_ALIPAY_PUBLIC_CERT and POS_ALIPAY_ROOT_CERT in place of POS_ALIPAY_PUBLIC_KEY',
    )
  if (text.includes('-----BEGIN')) {
    try {
      return create(text)
    } catch {
      throw new ConfigError(`keys: ${where} is not a readable ${kind} key PEM`)
    }
  }
  // A bare body: the DER inside, which is PKCS8/SPKI or PKCS1.
  const der = Buffer.from(text.replace(/\s+/g, ''), 'base64')
  const attempts =
    kind === 'private'
      ? [
          () => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
          () => createPrivateKey({ key: der, format: 'der', type: 'pkcs1' }),
        ]
      : [
          () => createPublicKey({ key: der, format: 'der', type: 'spki' }),
          () => createPublicKey({ key: der, format: 'der', type: 'pkcs1' }),
        ]
  for (const attempt of attempts) {
    try {
      return attempt()
    } catch {
      // try the other form
    }
  }
  throw new ConfigError(`keys: ${where} is neither a PEM nor the base64 body of an RSA ${kind} key`)
}

function isCertificate(text: string): boolean {
  if (text.includes('-----BEGIN CERTIFICATE')) return true
  if (text.includes('-----BEGIN')) return false
  try {
    new X509Certificate(Buffer.from(text.replace(/\s+/g, ''), 'base64'))
    return true
  } catch {
    return false
  }
}

export function checkRsa(key: KeyObject, where: string): KeyObject {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (key.asymmetricKeyType !== 'rsa' || bits < 2048)
    throw new ConfigError(`keys: ${where} must be an RSA key of at least 2048 bits (RSA2)`)
  return key
}

/** A key or certificate file's text; a missing or unreadable one stops start-up naming it. */
export function readKeyText(path: string, kind: 'private key' | 'public key' | 'certificate'): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const hint =
      code !== 'ENOENT'
        ? `cannot be read (${code ?? 'error'})`
        : kind === 'certificate'
          ? "is missing (download the app's certificates from Alipay's open platform)"
          : 'is missing (npm run pos -- keys generate makes the app pair)'
    throw new ConfigError(`keys: the ${kind} ${shown(path)} ${hint}`)
  }
}

function writePrivate(path: string, pem: string): void {
  // writeFileSync keeps the mode of a file it replaces: narrow it before the new key goes in.
  if (existsSync(path)) chmodSync(path, 0o600)
  writeFileSync(path, pem, { mode: 0o600 })
}

function pathsOf(dir: string, names: KeyFileNames): KeyPairPaths {
  return { privateKeyPath: join(dir, names.privateKey), publicKeyPath: join(dir, names.publicKey) }
}

/** A path as the operator typed it: relative to where the command runs when inside it. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel && !rel.startsWith('..') ? rel : path
}
