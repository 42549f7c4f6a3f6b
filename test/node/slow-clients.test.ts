import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BitsUsageError } from '../../src/index.js'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { expectCleanUpload } from './support/node-http-upload.js'
import { type RawConnection, rawConnect, rawRequest } from './support/raw-http.js'

let srv: RunningBitsServer
beforeAll(async () => {
  srv = await startBitsServer({ port: 0, headerWaitTimeout: 0.3, connectionTimeout: 0.3 })
})
afterAll(() => srv.close())

const ping = rawRequest('BITS_POST', '/uploads/a.bin', {
  'BITS-Packet-Type': 'Ping',
  'Content-Length': 0,
})

/** Writes `bytes` one at a time, `gapMs` apart, until done or the server closes. */
async function trickle(connection: RawConnection, bytes: Buffer, gapMs: number): Promise<number> {
  let sent = 0
  let closed = false
  connection.closed.then(() => {
    closed = true
  })
  for (const byte of bytes) {
    if (closed) break
    connection.write(Buffer.of(byte))
    sent++
    await new Promise((resolve) => setTimeout(resolve, gapMs))
  }
  return sent
}

describe('slow clients are cut off without affecting others', () => {
  it('closes a client trickling its headers (slowloris) while another uploads', async () => {
    const slow = await rawConnect(srv.url)
    const [sent] = await Promise.all([
      trickle(slow, ping, 40),
      (async () => {
        for (let i = 0; i < 3; i++) await expectCleanUpload(srv)
      })(),
    ])
    await slow.closed
    // It was active all along, yet cut off before its head was complete; no answer was sent.
    expect(sent).toBeLessThan(ping.length)
    expect(slow.received().length).toBe(0)
  })

  it('closes a keep-alive connection left idle after an answer', async () => {
    const idle = await rawConnect(srv.url)
    idle.write(ping)
    expect((await idle.next()).status).toBe(200)
    await idle.closed
  })

  it('closes a connection whose body stopped arriving', async () => {
    const stalled = await rawConnect(srv.url)
    stalled.write(
      rawRequest(
        'BITS_POST',
        '/uploads/a.bin',
        { 'BITS-Packet-Type': 'Ping', 'Content-Length': 10 },
        'abc',
      ),
    )
    await stalled.closed
  })

  it('does not count time the server takes: a delayed answer still arrives', async () => {
    srv.bits.faults.use({ rules: [{ packet: 'Ping', delayMs: 700 }] })
    try {
      const patient = await rawConnect(srv.url)
      patient.write(ping)
      expect((await patient.next()).status).toBe(200)
      patient.end()
    } finally {
      srv.bits.faults.clear()
    }
  })

  it('refuses bad timeouts and limits, naming the field', async () => {
    await expect(startBitsServer({ connectionTimeout: 0 })).rejects.toThrow(BitsUsageError)
    await expect(startBitsServer({ headerWaitTimeout: -1 })).rejects.toThrow(/"headerWaitTimeout"/)
    await expect(startBitsServer({ maxRequestBytes: 10 })).rejects.toThrow(/"maxRequestBytes"/)
  })
})
