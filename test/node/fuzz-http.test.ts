import fc from 'fast-check'
import { HTTPParser } from 'http-parser-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { MALFORMED } from './support/malformed-http.js'
import { expectCleanUpload } from './support/node-http-upload.js'
import { rawConnect, rawRequest } from './support/raw-http.js'

let srv: RunningBitsServer
beforeAll(async () => {
  srv = await startBitsServer({ port: 0, headerWaitTimeout: 2, connectionTimeout: 2 })
})
afterAll(() => srv.close())

/** Pieces of HTTP that random streams are built from, so they reach past the request line. */
const PIECES = [
  'BITS_POST /uploads/fuzz.bin HTTP/1.1\r\n',
  'BITS_POST /uploads/fuzz.bin HTTP/1.0\r\n',
  'GET /__bits/health HTTP/1.1\r\n',
  'Host: 127.0.0.1\r\n',
  'BITS-Packet-Type: Ping\r\n',
  'BITS-Packet-Type: Create-Session\r\n',
  'BITS-Packet-Type: Fragment\r\n',
  'BITS-Supported-Protocols: {7df0354d-249b-430f-820d-3d2a9bef4931}\r\n',
  'Content-Range: bytes 0-4/5\r\n',
  'Content-Length: 0\r\n',
  'Content-Length: 5\r\n',
  'Transfer-Encoding: chunked\r\n',
  'Expect: 100-continue\r\n',
  'Connection: close\r\n',
  '\r\n',
  'hello',
  '5\r\nhello\r\n',
  '0\r\n\r\n',
  ...MALFORMED.map((c) => c.bytes),
].map((text) => Buffer.from(text, 'latin1'))

const stream = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 48 }).map((bytes) => Buffer.from(bytes)) },
  ),
  { maxLength: 16 },
)

/** Whether `bytes` are whole or cut-short HTTP/1.1 responses, and how many complete ones. */
function readResponses(bytes: Buffer): { error: Error | null; statuses: number[] } {
  const statuses: number[] = []
  const parser = new HTTPParser(HTTPParser.RESPONSE)
  parser[HTTPParser.kOnHeadersComplete] = (info) => {
    statuses.push(info.statusCode)
    return info.statusCode < 200 ? 1 : 0
  }
  const result = parser.execute(bytes)
  return { error: result instanceof Error ? result : null, statuses }
}

describe('random byte streams (fast-check, seeded, bounded)', () => {
  it('get HTTP answers or a close, never a crash; the server keeps serving uploads', async () => {
    const ping = rawRequest('BITS_POST', '/uploads/a.bin', {
      'BITS-Packet-Type': 'Ping',
      'Content-Length': 0,
    })
    let runs = 0
    await fc.assert(
      fc.asyncProperty(stream, async (pieces) => {
        runs++
        const connection = await rawConnect(srv.url)
        for (const piece of pieces) connection.write(piece)
        connection.end()
        await connection.closed
        const { error, statuses } = readResponses(connection.received())
        expect(error).toBeNull()
        for (const status of statuses) expect(status).toBeGreaterThanOrEqual(100)
        const probe = await rawConnect(srv.url)
        probe.write(ping)
        expect((await probe.next()).status).toBe(200)
        probe.end()
      }),
      { seed: 0xb175, numRuns: 300, interruptAfterTimeLimit: 20_000 },
    )
    expect(runs).toBeGreaterThan(20)
    await expectCleanUpload(srv)
  }, 60_000)
})
