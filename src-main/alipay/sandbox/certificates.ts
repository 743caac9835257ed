// Certificate mode (公钥证书) for the sandbox: a root of its own that issues "Alipay's" public key
// certificate and the app's, as Alipay's open platform issues them to a shop, and the serial-number
// digests (`app_cert_sn`, `alipay_root_cert_sn`, `alipay_cert_sn`) that Alipay compares on every
// call. node-forge builds the certificates; Node's crypto cannot make one.
import { createHash, createPublicKey, type KeyObject, randomBytes } from 'node:crypto'
import forge from 'node-forge'

/** The three files a shop downloads from Alipay in certificate mode, as PEM text. */
export interface SandboxCertificates {
  /** The app's public key certificate (Alipay names it appCertPublicKey_<app id>.crt). */
  appCertPem: string
  /** Alipay's public key certificate (alipayCertPublicKey_RSA2.crt): answers are verified with its key. */
  alipayPublicCertPem: string
  /** Alipay's root certificate chain (alipayRootCert.crt). */
  rootCertPem: string
}

const tenYearsMs = 10 * 365 * 24 * 3600_000

/**
 * Issues the set for an app: the root signs both certificates with `rootPrivateKey`;
 * `alipayPrivateKey` is the key the sandbox signs its answers with.
 */
export function issueSandboxCertificates(input: {
  rootPrivateKey: KeyObject
  alipayPrivateKey: KeyObject
  appPublicKey: KeyObject
  appId: string
  now?: number
}): SandboxCertificates {
  const now = input.now ?? Date.now()
  const rootName = [
    { shortName: 'C', value: 'CN' },
    { shortName: 'O', value: 'FreshTill Alipay sandbox' },
    { shortName: 'OU', value: 'Certification Authority' },
    { shortName: 'CN', value: 'FreshTill sandbox root' },
  ]
  const issue = (subject: forge.pki.CertificateField[], publicKey: KeyObject, isCa: boolean) => {
    const cert = forge.pki.createCertificate()
    cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string)
    cert.serialNumber = positiveSerial()
    cert.validity.notBefore = new Date(now - 60_000)
    cert.validity.notAfter = new Date(now + tenYearsMs)
    cert.setSubject(subject)
    cert.setIssuer(rootName)
    cert.setExtensions(
      isCa
        ? [
            { name: 'basicConstraints', cA: true },
            { name: 'keyUsage', keyCertSign: true, cRLSign: true },
          ]
        : [
            { name: 'basicConstraints', cA: false },
            { name: 'keyUsage', digitalSignature: true },
          ],
    )
    const signer = forge.pki.privateKeyFromPem(input.rootPrivateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
    cert.sign(signer, forge.md.sha256.create())
    return forge.pki.certificateToPem(cert)
  }
  const rootCertPem = issue(rootName, createPublicKey(input.rootPrivateKey), true)
  const alipayPublicCertPem = issue(
    [
      { shortName: 'C', value: 'CN' },
      { shortName: 'O', value: 'FreshTill Alipay sandbox' },
      { shortName: 'OU', value: 'Alipay Open Platform' },
      { shortName: 'CN', value: 'Alipay sandbox public key' },
    ],
    createPublicKey(input.alipayPrivateKey),
    false,
  )
  const appCertPem = issue(
    [
      { shortName: 'C', value: 'CN' },
      { shortName: 'O', value: 'FreshTill shop' },
      { shortName: 'OU', value: 'Alipay Open Platform' },
      { shortName: 'CN', value: input.appId },
    ],
    input.appPublicKey,
    false,
  )
  return { appCertPem, alipayPublicCertPem, rootCertPem }
}

/**
 * Alipay's serial-number digest of one certificate: MD5 (hex) of the issuer's name, its
 * attributes last to first as `k=v` joined with `,`, followed by the serial number in decimal.
 */
export function certificateSn(pem: string): string {
  return snOf(forge.pki.certificateFromPem(pem))
}

/**
 * The root chain's digest: the digests of its RSA-signed certificates joined with `_`. Alipay's
 * root file also holds certificates of other algorithms (SM2), which do not count.
 */
export function rootCertificateSn(pemBundle: string): string {
  const blocks = pemBundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
  const sns: string[] = []
  for (const block of blocks) {
    let cert: forge.pki.Certificate
    try {
      cert = forge.pki.certificateFromPem(block)
    } catch {
      continue // forge reads RSA certificates only: any other kind is not an RSA one
    }
    if (cert.signatureOid.startsWith('1.2.840.113549.1.1')) sns.push(snOf(cert))
  }
  return sns.join('_')
}

function snOf(cert: forge.pki.Certificate): string {
  const issuer = cert.issuer.attributes
    .map((attribute) => `${attribute.shortName ?? attribute.name}=${String(attribute.value)}`)
    .reverse()
    .join(',')
  const serial = BigInt(`0x${cert.serialNumber}`).toString(10)
  return createHash('md5')
    .update(issuer + serial, 'utf8')
    .digest('hex')
}

/** 16 random bytes as hex, high bit clear: a positive serial, as X.509 wants. */
function positiveSerial(): string {
  const bytes = randomBytes(16)
  bytes[0] = (bytes[0] as number) & 0x7f
  return bytes.toString('hex')
}
