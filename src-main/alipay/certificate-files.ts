// Certificate mode (公钥证书): the three certificates Alipay issues for an app, read and checked
// at start so that a wrong file stops the till with one line naming it rather than failing
// every payment later. alipay-sdk computes the serial-number digests it sends from them.
import { type KeyObject, X509Certificate } from 'node:crypto'
import type { AlipayCertificatePaths } from '../config'
import { ConfigError } from '../config'
import type { AlipayCertificates } from './client/alipay-gateway'
import { checkRsa, readKeyText, shown } from './keys'

export function loadAlipayCertificates(
  paths: AlipayCertificatePaths,
  appPrivateKey: KeyObject,
  now = Date.now(),
): AlipayCertificates {
  const app = readCertificate(paths.appCert, now)
  if (!app.certificate.checkPrivateKey(appPrivateKey))
    throw new ConfigError(
      `keys: the certificate ${shown(paths.appCert)} is not for the app's private key (POS_ALIPAY_PRIVATE_KEY)`,
    )
  const alipay = readCertificate(paths.alipayPublicCert, now)
  checkRsa(alipay.certificate.publicKey, `the certificate ${shown(paths.alipayPublicCert)}`)
  const root = readCertificate(paths.alipayRootCert, now)
  return { appCertPem: app.pem, alipayPublicCertPem: alipay.pem, alipayRootCertPem: root.pem }
}

function readCertificate(path: string, now: number): { pem: string; certificate: X509Certificate } {
  const pem = readKeyText(path, 'certificate')
  let certificate: X509Certificate
  try {
    // A root file holds several certificates; the first is enough to know it is one.
    certificate = new X509Certificate(pem)
  } catch {
    throw new ConfigError(`keys: ${shown(path)} is not a PEM certificate (.crt as Alipay issues it)`)
  }
  if (Date.parse(certificate.validTo) < now)
    throw new ConfigError(`keys: the certificate ${shown(path)} expired on ${certificate.validTo}; download a new one`)
  return { pem, certificate }
}
