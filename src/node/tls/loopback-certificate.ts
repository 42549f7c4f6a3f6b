import { X509Certificate } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BitsUsageError } from '../../shared/usage-error.js'

/** A certificate and key in PEM, as `tls: { cert, key }` takes them. */
export interface TlsCredentials {
  /** The certificate (chain) in PEM. */
  cert: string | Buffer
  /** Its private key in PEM. */
  key: string | Buffer
}

/** The certificate a loopback server presents, so a client can trust it. */
export interface ServerCertificate {
  /** The certificate in PEM. */
  pem: string
  /** A file holding `pem`, for `curl --cacert`, `NODE_EXTRA_CA_CERTS` or a trust store. */
  path: string
  /** SHA-256 fingerprint, colon-separated upper-case hex, as Node and OpenSSL print it. */
  fingerprint256: string
}

/** How long a generated certificate is valid, in days. */
const VALID_DAYS = 30
/** Clock skew allowed before the start of validity, in ms. */
const SKEW_MS = 60 * 60 * 1000

/**
 * A fresh self-signed certificate for `localhost`, `127.0.0.1` and `::1` (EC P-256, SHA-256,
 * valid 30 days from an hour ago), made with `selfsigned`. Validity is wall-clock time, not the
 * server's clock: a fake clock must not mint a certificate from 1970.
 * @example
 *   const { cert, key } = await selfSignedCredentials()
 */
export async function selfSignedCredentials(): Promise<{ cert: string; key: string }> {
  const notBeforeDate = new Date(Date.now() - SKEW_MS)
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_DAYS * 24 * 60 * 60 * 1000)
  // Loaded here, not at import: selfsigned (and the crypto it pulls in) cost about 60 ms to load,
  // which every importer of msw-bits/node paid even with TLS off.
  const { generate } = await import('selfsigned')
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      // A self-signed certificate a client adds to its trust store is its own issuer.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  })
  return { cert: pems.cert, key: pems.private }
}

/**
 * Writes the certificate where a client can find it, in a fresh temporary directory.
 * @returns the certificate's details and `remove()`, which deletes the directory
 * @throws {BitsUsageError} `INVALID_OPTIONS` when `cert` is not a PEM certificate
 */
export function publishCertificate(cert: string | Buffer): ServerCertificate & {
  remove(): void
} {
  let parsed: X509Certificate
  try {
    parsed = new X509Certificate(cert)
  } catch (error) {
    throw new BitsUsageError(
      'INVALID_OPTIONS',
      `Failed to start the BITS server: "tls.cert": not a PEM certificate (${(error as Error).message}).`,
    )
  }
  const dir = mkdtempSync(join(tmpdir(), 'msw-bits-tls-'))
  const path = join(dir, 'cert.pem')
  const pem = cert.toString()
  writeFileSync(path, pem)
  return {
    pem,
    path,
    fingerprint256: parsed.fingerprint256,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
