import { execFile } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect } from 'node:tls'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BitsUsageError } from '../../src/index.js'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { selfSignedCredentials } from '../../src/node/tls/loopback-certificate.js'
import { runCli } from '../cli/support.js'
import { generateBytes, sha256Hex } from '../support/payloads.js'
import { CURL_PING } from './support/curl-ping.js'
import { nodeHttpSend } from './support/node-http-upload.js'
import { uploadWith } from './support/upload-with.js'

const run = promisify(execFile)

let srv: RunningBitsServer
beforeAll(async () => {
  srv = await startBitsServer({ port: 0, tls: true })
})
afterAll(() => srv.close())

/** The fingerprint of the certificate the server presents in the handshake. */
function presented(url: string, ca?: string): Promise<string> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port), ca }, () => {
      resolve(socket.getPeerCertificate().fingerprint256)
      socket.end()
    })
    socket.on('error', reject)
  })
}

const pingArgs = (url: string) => ['-s', '-o', '/dev/null', '-w', '%{http_code}', ...CURL_PING, url]

describe('https on the loopback server', () => {
  it('tls: true makes a certificate for 127.0.0.1 and localhost, with its file and fingerprint', async () => {
    expect(srv.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/uploads$/)
    const certificate = srv.certificate!
    expect(existsSync(certificate.path)).toBe(true)
    const x509 = new X509Certificate(certificate.pem)
    expect(certificate.fingerprint256).toBe(x509.fingerprint256)
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(x509.checkHost('localhost')).toBe('localhost')
    expect(await presented(srv.url, certificate.pem)).toBe(certificate.fingerprint256)
  })

  it('a Node client that trusts the certificate uploads byte for byte', async () => {
    const data = generateBytes(80_000, 7)
    await uploadWith(
      nodeHttpSend(undefined, srv.certificate!.pem),
      `${srv.url}/tls.bin`,
      data,
      16_384,
    )
    expect(srv.bits.uploads.get('tls.bin')?.sha256).toBe(sha256Hex(data))
  })

  it('a Node client with the default trust store rejects it, and nothing reaches the engine', async () => {
    const before = srv.bits.journal.entries.length
    const send = nodeHttpSend()
    await expect(send(`${srv.url}/x`, { 'BITS-Packet-Type': 'Ping' }, null)).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    })
    expect(srv.bits.journal.entries.length).toBe(before)
  })

  it('curl trusts it with --cacert <path> and refuses it without', async () => {
    const trusted = await run('curl', ['--cacert', srv.certificate!.path, ...pingArgs(srv.url)])
    expect(trusted.stdout).toBe('200')
    // curl exit 60: the peer certificate cannot be authenticated with known CA certificates.
    await expect(run('curl', pingArgs(srv.url))).rejects.toMatchObject({ code: 60 })
  })

  it('takes your certificate and key, and refuses ones that are not, naming the field', async () => {
    const credentials = await selfSignedCredentials()
    const mine = await startBitsServer({ port: 0, tls: credentials })
    try {
      const fingerprint = new X509Certificate(credentials.cert).fingerprint256
      expect(mine.certificate?.fingerprint256).toBe(fingerprint)
      expect(await presented(mine.url, credentials.cert)).toBe(fingerprint)
    } finally {
      await mine.close()
    }
    expect(existsSync(mine.certificate!.path)).toBe(false)
    const other = await selfSignedCredentials()
    await expect(startBitsServer({ tls: { cert: 'nope', key: 'nope' } })).rejects.toThrow(
      /"tls.cert"/,
    )
    await expect(
      startBitsServer({ tls: { cert: credentials.cert, key: other.key } }),
    ).rejects.toThrow(/"tls.key"/)
    await expect(startBitsServer({ tls: 'yes' as never })).rejects.toThrow(BitsUsageError)
  })
})

describe('msw-bits serve --tls, --cert/--key', () => {
  it('--tls prints the https URL, the certificate path and fingerprint; curl trusts the path', async () => {
    const cli = runCli(['serve', '--port', '0', '--tls'])
    try {
      const [, url] = await cli.waitFor(
        /^msw-bits listening on (https:\/\/127\.0\.0\.1:\d+\/uploads)$/m,
      )
      const [, path, fingerprint] = await cli.waitFor(
        /^TLS certificate (\S+) \(SHA-256 ([0-9A-F:]+)\)/m,
      )
      const trusted = await run('curl', ['--cacert', path!, ...pingArgs(url!)])
      expect(trusted.stdout).toBe('200')
      expect(fingerprint).toHaveLength(95)
    } finally {
      cli.child.kill('SIGINT')
      await cli.exited
    }
  }, 30_000)

  it('--cert and --key serve your certificate; one without the other is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msw-bits-tls-test-'))
    try {
      const credentials = await selfSignedCredentials()
      writeFileSync(join(dir, 'cert.pem'), credentials.cert)
      writeFileSync(join(dir, 'key.pem'), credentials.key)
      const cli = runCli([
        'serve',
        '--port',
        '0',
        '--cert',
        join(dir, 'cert.pem'),
        '--key',
        join(dir, 'key.pem'),
      ])
      try {
        await cli.waitFor(/^msw-bits listening on https:/m)
        const [, , fingerprint] = await cli.waitFor(
          /^TLS certificate (\S+) \(SHA-256 ([0-9A-F:]+)\)/m,
        )
        expect(fingerprint).toBe(new X509Certificate(credentials.cert).fingerprint256)
      } finally {
        cli.child.kill('SIGINT')
        await cli.exited
      }
      const half = runCli(['serve', '--port', '0', '--cert', join(dir, 'cert.pem')])
      expect(await half.exited).toBe(2)
      expect(half.stderr()).toContain('--cert and --key go together')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
