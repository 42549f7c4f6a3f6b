import { execFile } from 'node:child_process'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FaultRule } from '../../src/index.js'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { CURL_PING } from './support/curl-ping.js'

const run = promisify(execFile)

/** How long a client waits on a hang before it gives up, in ms. */
const CLIENT_TIMEOUT_MS = 300

/** What node:http and curl report for each transport effect, over http and https alike. */
const EFFECTS: {
  effect: NonNullable<FaultRule['effect']>
  timing: 'before' | 'after'
  node: string
  curl: number | 'headers cut short'
}[] = [
  { effect: 'reset', timing: 'before', node: 'ECONNRESET read ECONNRESET', curl: 56 },
  { effect: 'network-error', timing: 'before', node: 'ECONNRESET socket hang up', curl: 52 },
  { effect: 'garbage', timing: 'before', node: 'HPE_INVALID_CONSTANT', curl: 1 },
  // curl takes a head cut short as a response: status 200 without the BITS headers.
  {
    effect: 'truncate',
    timing: 'after',
    node: 'ECONNRESET socket hang up',
    curl: 'headers cut short',
  },
  { effect: 'hang', timing: 'before', node: 'timeout gave up', curl: 28 },
]

/** One Ping with node:http or node:https; what the client saw. */
function nodePing(url: string, ca?: string): Promise<string> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest
  return new Promise((resolve) => {
    const req = send(
      `${url}/t.bin`,
      {
        method: 'BITS_POST',
        headers: { 'BITS-Packet-Type': 'Ping', 'Content-Length': '0' },
        timeout: CLIENT_TIMEOUT_MS,
        ca,
      },
      (res) => {
        res.resume()
        resolve(`status ${res.statusCode}`)
      },
    )
    req.on('timeout', () => req.destroy(Object.assign(new Error('gave up'), { code: 'timeout' })))
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'HPE_INVALID_CONSTANT' ? error.code : `${error.code} ${error.message}`,
      ),
    )
    req.end()
  })
}

/** One Ping with curl; its exit code, or what it printed when it exited 0. */
async function curlPing(url: string, cacert?: string): Promise<number | string> {
  const args = ['-sS', '-m', String(CLIENT_TIMEOUT_MS / 1000), '-D', '-', '-o', '/dev/null']
  if (cacert) args.push('--cacert', cacert)
  args.push(...CURL_PING, `${url}/t.bin`)
  try {
    const { stdout } = await run('curl', args)
    return /^HTTP\/1\.1 200 /.test(stdout) && !/BITS-Packet-Type/i.test(stdout)
      ? 'headers cut short'
      : stdout
  } catch (error) {
    return (error as { code: number }).code
  }
}

describe.each([false, true])('transport effects seen by real clients (tls: %s)', (tls) => {
  let srv: RunningBitsServer
  beforeAll(async () => {
    srv = await startBitsServer({ port: 0, tls })
  })
  afterAll(() => srv.close())

  it.each(EFFECTS)(
    '$effect: node:http sees $node, curl $curl',
    async ({ effect, timing, node, curl }) => {
      srv.bits.faults.use({ rules: [{ name: effect, packet: 'Ping', effect, timing, times: 2 }] })
      const ca = srv.certificate?.pem
      expect(await nodePing(srv.url, ca)).toBe(node)
      expect(await curlPing(srv.url, srv.certificate?.path)).toBe(curl)
      const entries = srv.bits.journal.entries.slice(-2)
      for (const entry of entries) {
        expect(entry).toMatchObject({ packet: 'Ping', status: null, unanswered: effect })
        expect(entry.fault?.rule).toBe(effect)
      }
      // The connection after the fault is served as usual.
      srv.bits.faults.clear()
      expect(await nodePing(srv.url, ca)).toBe('status 200')
    },
  )

  it('hang: the journal records when the client gave up', async () => {
    srv.bits.faults.use({ rules: [{ packet: 'Ping', effect: 'hang' }] })
    expect(await nodePing(srv.url, srv.certificate?.pem)).toBe('timeout gave up')
    await expect.poll(() => srv.bits.journal.last()?.abortedAt).toBeTypeOf('number')
  })
})
