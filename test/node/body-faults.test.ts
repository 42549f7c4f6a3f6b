// Toxiproxy's body and close effects (issue 10) on the real socket: what a raw TCP peer, node:http
// and curl observe, what the journal keeps, and that the next upload on a new connection is
// byte-identical. How the engine paces the body is tested in process in
// test/faults/body-effects.test.ts. Times are lower bounds only (a timer never fires early).
import { spawn } from 'node:child_process'
import { request as httpRequest } from 'node:http'
import type { Socket } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { BITS_PROTOCOL_GUID, type FaultRule } from '../../src/index.js'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { generateBytes, sha256Hex } from '../support/payloads.js'
import { expectCleanUpload } from './support/node-http-upload.js'
import { header, rawConnect, rawRequest } from './support/raw-http.js'
import { openRawSession, rawClose, rawFragment } from './support/raw-session.js'

const MiB = 1024 * 1024
/** How long node:http and curl wait for an answer before they give up, in ms. */
const CLIENT_TIMEOUT_MS = 400
/**
 * More than the kernel's socket buffers can take on loopback (at most 4 MiB sent plus 6 MiB
 * received with Linux's default tcp_wmem / tcp_rmem): a client gets at most this far ahead of a
 * server that stopped reading.
 */
const KERNEL_BUFFERS = 12 * MiB

let srv: RunningBitsServer
beforeAll(async () => {
  srv = await startBitsServer({ port: 0 })
})
afterAll(() => srv.close())
afterEach(async () => {
  srv.bits.faults.clear()
  await expectCleanUpload(srv)
})

const use = (rule: FaultRule) => srv.bits.faults.use({ rules: [rule] })
/** The journal's last `count` Fragments (each client creates its session first). */
const lastFragments = (count: number) =>
  srv.bits.journal.entries.filter((entry) => entry.packet === 'Fragment').slice(-count)

/**
 * Writes `bytes` as an upload loop with a progress bar does: the next 64 KiB once the kernel took
 * the last. `written()` is the progress; `finished` resolves when all was taken (true) or the
 * socket closed first (false).
 */
function writeSteadily(socket: Socket, bytes: Uint8Array) {
  let written = 0
  const finished = (async () => {
    for (let offset = 0; offset < bytes.byteLength; offset += 64 * 1024) {
      const piece = bytes.subarray(offset, offset + 64 * 1024)
      const taken = await new Promise<boolean>((resolve) => {
        if (socket.destroyed) return resolve(false)
        socket.write(piece, (error) => resolve(!error))
      })
      if (!taken) return false
      written += piece.byteLength
    }
    return true
  })()
  return { written: () => written, finished }
}

/**
 * A raw client uploads one `size`-byte Fragment to `name` with {@link writeSteadily}; resolves once
 * its last byte left the client, with the ms that took. `finish()` reads the Ack (200), closes the
 * session, checks the upload is byte-identical and resolves the ms from the start to the Ack.
 */
async function rawUpload(name: string, size: number, seed: number) {
  const data = generateBytes(size, seed)
  const { connection, sessionId } = await openRawSession(srv.url, name)
  const start = performance.now()
  const upload = writeSteadily(connection.socket, rawFragment(name, sessionId, 0, size, data))
  expect(await upload.finished).toBe(true)
  return {
    writtenMs: performance.now() - start,
    async finish(): Promise<number> {
      const ack = await connection.next()
      const ackMs = performance.now() - start
      expect(ack.status).toBe(200)
      connection.write(rawClose(name, sessionId))
      expect((await connection.next()).status).toBe(200)
      connection.end()
      expect(srv.bits.uploads.get(name)?.sha256).toBe(sha256Hex(data))
      return ackMs
    },
  }
}

/** Polls `progress` every 50 ms until it stood still for 300 ms (at most 10 s); its value then. */
async function untilStill(progress: () => number): Promise<number> {
  let last = -1
  let still = 0
  for (let poll = 0; poll < 200 && still < 6; poll++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    still = progress() === last ? still + 1 : 0
    last = progress()
  }
  return last
}

/** A session created over node:http for `name`; its id. */
function nodeSession(name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${srv.url}/${name}`,
      {
        method: 'BITS_POST',
        headers: {
          'BITS-Packet-Type': 'Create-Session',
          'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
          'Content-Length': '0',
        },
      },
      (res) => {
        res.resume()
        resolve(String(res.headers['bits-session-id']))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

function fragmentHeaders(sessionId: string, body: Uint8Array): Record<string, string> {
  return {
    'BITS-Packet-Type': 'Fragment',
    'BITS-Session-Id': sessionId,
    'Content-Range': `bytes 0-${body.byteLength - 1}/${body.byteLength}`,
    'Content-Length': String(body.byteLength),
  }
}

/** What a client saw: `status 200` (with `close` when the server said `Connection: close`), or why it failed. */
interface Seen {
  seen: string
  /** From sending to the answer or the failure, in ms. */
  ms: number
}

/** A Fragment of `body` at 0 with node:http, which gives up after {@link CLIENT_TIMEOUT_MS}. */
async function nodeFragment(name: string, body: Uint8Array): Promise<Seen> {
  const sessionId = await nodeSession(name)
  const start = performance.now()
  const seen = await new Promise<string>((resolve) => {
    const req = httpRequest(
      `${srv.url}/${name}`,
      {
        method: 'BITS_POST',
        headers: fragmentHeaders(sessionId, body),
        timeout: CLIENT_TIMEOUT_MS,
      },
      (res) => {
        res.resume()
        const close = res.headers.connection === 'close' ? ' close' : ''
        res.on('end', () => resolve(`status ${res.statusCode}${close}`))
      },
    )
    req.on('timeout', () => req.destroy(Object.assign(new Error('gave up'), { code: 'timeout' })))
    req.on('error', (error: NodeJS.ErrnoException) => resolve(String(error.code)))
    req.end(body)
  })
  return { seen, ms: performance.now() - start }
}

/** The same with curl (`--max-time`): `status 200 [close]` or `curl exit <code>`. */
async function curlFragment(name: string, body: Uint8Array): Promise<Seen> {
  const sessionId = await nodeSession(name)
  const args = ['-sS', '-i', '-m', String(CLIENT_TIMEOUT_MS / 1000), '-X', 'BITS_POST']
  args.push(`${srv.url}/${name}`, '-H', 'Content-Type:', '--data-binary', '@-')
  for (const [field, value] of Object.entries(fragmentHeaders(sessionId, body)))
    if (field !== 'Content-Length') args.push('-H', `${field}: ${value}`)
  const start = performance.now()
  const seen = await new Promise<string>((resolve, reject) => {
    const curl = spawn('curl', args, { stdio: ['pipe', 'pipe', 'ignore'] })
    let out = ''
    curl.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('latin1')
    })
    curl.stdin.on('error', () => {}) // a reset while curl still reads its input
    curl.on('error', reject)
    curl.on('exit', (code) => {
      if (code !== 0) return resolve(`curl exit ${code}`)
      const head = out.split('\r\n\r\n')[0]!
      const close = /\r\nConnection: close\r\n/i.test(`${head}\r\n`) ? ' close' : ''
      resolve(`status ${head.split(' ')[1]}${close}`)
    })
    curl.stdin.end(body)
  })
  return { seen, ms: performance.now() - start }
}

describe('reset after N bytes of the request body', () => {
  it('raw socket: RST after exactly N bytes were read; nothing of the fragment is kept', async () => {
    use({ name: 'cut', packet: 'Fragment', effect: 'reset', afterBytes: 1000 })
    const data = generateBytes(48 * 1024, 10)
    const { connection, sessionId } = await openRawSession(srv.url, 'cut.bin')
    connection.write(rawFragment('cut.bin', sessionId, 0, data.byteLength, data))
    await connection.closed
    expect(connection.error()).toBe('ECONNRESET')
    expect(srv.bits.journal.last()).toMatchObject({
      packet: 'Fragment',
      bodyLength: 1000,
      status: null,
      unanswered: 'reset',
      fault: { rule: 'cut', action: 'reset after 1000 bytes' },
    })
    // On a new connection the server shows it kept none of the 1,000 bytes: the client resumes at 0.
    const again = await rawConnect(srv.url)
    again.write(rawFragment('cut.bin', sessionId, 1000, data.byteLength, data.subarray(1000)))
    const gap = await again.next()
    expect(gap.status).toBe(416)
    expect(header(gap, 'BITS-Received-Content-Range')).toBe('0')
    again.write(rawFragment('cut.bin', sessionId, 0, data.byteLength, data))
    expect((await again.next()).status).toBe(200)
    again.write(rawClose('cut.bin', sessionId))
    expect((await again.next()).status).toBe(200)
    again.end()
    expect(srv.bits.uploads.get('cut.bin')?.sha256).toBe(sha256Hex(data))
  })

  it('node:http sees ECONNRESET, curl exit 56 (recv failure); each read N bytes', async () => {
    use({ name: 'cut', packet: 'Fragment', effect: 'reset', afterBytes: 4096, times: 2 })
    const body = generateBytes(48 * 1024, 11)
    expect((await nodeFragment('cut-node.bin', body)).seen).toBe('ECONNRESET')
    expect((await curlFragment('cut-curl.bin', body)).seen).toBe('curl exit 56')
    for (const entry of lastFragments(2)) {
      expect(entry).toMatchObject({ bodyLength: 4096, status: null, unanswered: 'reset' })
    }
  })
})

describe('stall', () => {
  it('for good, raw socket: the upload stops short, no answer; the server reads no more', async () => {
    // A server of its own: the client's departure reaches a server that stopped reading only
    // behind the bytes it did not read, so here it is the server's close that ends the stall.
    const own = await startBitsServer({ port: 0 })
    try {
      own.bits.faults.use({
        rules: [{ name: 'stall', packet: 'Fragment', effect: 'stall', afterBytes: 1000 }],
      })
      const size = KERNEL_BUFFERS + 4 * MiB
      const { connection, sessionId } = await openRawSession(own.url, 'stall.bin')
      const upload = writeSteadily(
        connection.socket,
        rawFragment('stall.bin', sessionId, 0, size, new Uint8Array(size)),
      )
      expect(await untilStill(upload.written)).toBeLessThan(size)
      // The Create-Session's answer, and nothing after it.
      expect(connection.received().toString('latin1').split('HTTP/1.1 ')).toHaveLength(2)
      expect(own.bits.journal.last()).toMatchObject({ packet: 'Fragment', status: null })
      expect(own.bits.journal.last()?.unanswered).toBeNull()
      await own.close()
      expect(await upload.finished).toBe(false)
      await expect.poll(() => own.bits.journal.last()?.unanswered).toBe('aborted')
      expect(own.bits.journal.last()).toMatchObject({
        bodyLength: 1000,
        unanswered: 'aborted',
        fault: { rule: 'stall', action: 'stall after 1000 bytes for good' },
      })
      expect(own.bits.sessions.get(sessionId)?.received ?? 0).toBe(0)
    } finally {
      await own.close()
    }
  })

  it('for good: node:http and curl time out; the journal shows the bytes read and the abort', async () => {
    use({ packet: 'Fragment', effect: 'stall', afterBytes: 1000, times: 2 })
    // Smaller than the body pipe's mark: all of it arrives, so the server sees the client leave.
    const body = generateBytes(32 * 1024, 12)
    expect((await nodeFragment('stall-node.bin', body)).seen).toBe('timeout')
    expect((await curlFragment('stall-curl.bin', body)).seen).toBe('curl exit 28')
    await expect
      .poll(() => lastFragments(2).map((entry) => [entry.bodyLength, entry.unanswered]))
      .toEqual([
        [1000, 'aborted'],
        [1000, 'aborted'],
      ])
  })

  it('for durationMs, raw socket: the upload waits out the stall, then completes intact', async () => {
    use({ packet: 'Fragment', effect: 'stall', afterBytes: 1000, durationMs: 300 })
    const upload = await rawUpload('paused.bin', KERNEL_BUFFERS + 4 * MiB, 17)
    // More than the buffers hold: the last bytes leave the client only once the server reads on.
    expect(upload.writtenMs).toBeGreaterThanOrEqual(299)
    await upload.finish()
  })

  it('for durationMs: node:http and curl get the Ack that much later, the whole body kept', async () => {
    use({ packet: 'Fragment', effect: 'stall', afterBytes: 1000, durationMs: 250, times: 2 })
    const body = generateBytes(32 * 1024, 13)
    for (const send of [nodeFragment, curlFragment]) {
      const { seen, ms } = await send(`stall-${send.name}.bin`, body)
      expect(seen).toBe('status 200')
      expect(ms).toBeGreaterThanOrEqual(250)
    }
    for (const entry of lastFragments(2)) {
      expect(entry).toMatchObject({
        bodyLength: body.byteLength,
        status: 200,
        fault: { action: 'stall after 1000 bytes 250ms' },
      })
    }
  })
})

describe('bandwidth', () => {
  it('raw socket: the client cannot get further ahead than the socket buffers', async () => {
    const rate = 32 * MiB
    use({ packet: 'Fragment', effect: 'bandwidth', bytesPerSecond: rate })
    const size = KERNEL_BUFFERS + 8 * MiB
    const upload = await rawUpload('slow.bin', size, 14)
    // Only what the buffers held could go ahead of the server's reading at `rate`.
    expect(upload.writtenMs).toBeGreaterThanOrEqual(((size - KERNEL_BUFFERS) / rate) * 1000)
    expect(await upload.finish()).toBeGreaterThanOrEqual((size / rate) * 1000)
  })

  it('node:http and curl: the Ack comes once the body was read at the rate', async () => {
    const rate = 256 * 1024
    use({ packet: 'Fragment', effect: 'bandwidth', bytesPerSecond: rate, times: 2 })
    const body = generateBytes(64 * 1024, 15)
    for (const send of [nodeFragment, curlFragment]) {
      const { seen, ms } = await send(`slow-${send.name}.bin`, body)
      expect(seen).toBe('status 200')
      expect(ms).toBeGreaterThanOrEqual((body.byteLength / rate) * 1000)
    }
    for (const entry of lastFragments(2)) {
      expect(entry).toMatchObject({
        bodyLength: body.byteLength,
        status: 200,
        fault: { action: `bandwidth ${rate} B/s` },
      })
    }
  })
})

describe('slow-close', () => {
  const ping = rawRequest('BITS_POST', '/uploads/close.bin', {
    'BITS-Packet-Type': 'Ping',
    'Content-Length': 0,
  })

  it('raw socket: the Ack with Connection: close, then the FIN durationMs later', async () => {
    use({ name: 'late', packet: 'Ping', effect: 'slow-close', durationMs: 200 })
    const connection = await rawConnect(srv.url)
    connection.write(ping)
    const ack = await connection.next()
    const answered = performance.now()
    expect(ack.status).toBe(200)
    expect(header(ack, 'BITS-Packet-Type')).toBe('Ack')
    expect(header(ack, 'Connection')).toBe('close')
    await new Promise((resolve) => connection.socket.once('end', resolve))
    expect(performance.now() - answered).toBeGreaterThanOrEqual(190)
    expect(connection.error()).toBeUndefined()
    expect(srv.bits.journal.last()).toMatchObject({
      status: 200,
      unanswered: null,
      fault: { rule: 'late', action: 'slow-close 200ms' },
    })
  })

  it("close() cuts the wait short, and clears the wait's timer", async () => {
    const own = await startBitsServer({ port: 0 })
    const timeouts = vi.spyOn(globalThis, 'setTimeout')
    const clears = vi.spyOn(globalThis, 'clearTimeout')
    try {
      own.bits.faults.use({ rules: [{ packet: 'Ping', effect: 'slow-close', durationMs: 60_000 }] })
      const connection = await rawConnect(own.url)
      connection.write(ping)
      expect((await connection.next()).status).toBe(200)
      // The connection stays open while another client is served.
      const other = await rawConnect(own.url)
      other.write(ping)
      expect((await other.next()).status).toBe(200)
      other.end()
      expect(connection.socket.readableEnded).toBe(false)
      await own.close()
      await connection.closed
      const waits = timeouts.mock.calls.flatMap(([, ms], index) =>
        ms === 60_000 ? [timeouts.mock.results[index]?.value] : [],
      )
      expect(waits).toHaveLength(1)
      await expect.poll(() => clears.mock.calls.some(([timer]) => timer === waits[0])).toBe(true)
    } finally {
      timeouts.mockRestore()
      clears.mockRestore()
      await own.close()
    }
  })

  it('node:http and curl get the Ack with Connection: close at once', async () => {
    use({ packet: 'Fragment', effect: 'slow-close', durationMs: 5_000, times: 2 })
    const body = generateBytes(8 * 1024, 16)
    for (const send of [nodeFragment, curlFragment]) {
      const { seen } = await send(`close-${send.name}.bin`, body)
      expect(seen).toBe('status 200 close')
    }
    for (const entry of lastFragments(2)) {
      expect(entry).toMatchObject({ bodyLength: body.byteLength, status: 200, unanswered: null })
    }
  })
})
