// Toxiproxy's effects on the request body (issue 10): the engine decides from the head, then
// reads the body slowly, stops reading it, or cuts it, on every host. Socket-level behaviour is
// tested in test/node; here a real fetch through MSW, or a real Request whose stream records what
// the server pulled.
import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID, type BitsServer, createBitsServer } from '../../src/index.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { openSession, sendFragment } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'
import { virtualClock } from '../support/virtual-clock.js'

const { start } = useBitsServer()

/** A Fragment whose body is pulled chunk by chunk, counting what the server has pulled. */
function pulledFragment(
  sessionId: string,
  data: Uint8Array,
  chunk: number,
  signal?: AbortSignal,
): { request: Request; pulled: () => number } {
  let offset = 0
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= data.byteLength) return controller.close()
        controller.enqueue(data.slice(offset, offset + chunk))
        offset += chunk
      },
    },
    { highWaterMark: 0 },
  )
  const request = new Request(`${BASE_URL}/file.bin`, {
    method: 'BITS_POST',
    headers: {
      'BITS-Packet-Type': 'Fragment',
      'BITS-Session-Id': sessionId,
      'Content-Range': `bytes 0-${data.byteLength - 1}/${data.byteLength}`,
      'Content-Length': String(data.byteLength),
    },
    body,
    signal,
    duplex: 'half',
  } as RequestInit)
  return { request, pulled: () => Math.min(offset, data.byteLength) }
}

async function sessionOn(bits: BitsServer): Promise<string> {
  const response = await bits.handle(
    new Request(`${BASE_URL}/file.bin`, {
      method: 'BITS_POST',
      headers: {
        'BITS-Packet-Type': 'Create-Session',
        'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
        'Content-Length': '0',
      },
    }),
  )
  return response.headers.get('BITS-Session-Id') ?? ''
}

const lastEntry = (bits: BitsServer) => bits.journal.last()

describe('reset after N bytes of the body', () => {
  it('fails the fetch, journals the bytes read, and commits nothing of the fragment', async () => {
    const bits = start({
      faults: { rules: [{ packet: 'Fragment', effect: 'reset', afterBytes: 100 }] },
    })
    const data = generateBytes(300)
    const id = await openSession()
    await expect(sendFragment(id, data, 0, 299)).rejects.toThrow(TypeError)
    expect(lastEntry(bits)).toMatchObject({
      packet: 'Fragment',
      bodyLength: 100,
      status: null,
      unanswered: 'reset',
      fault: { action: 'reset after 100 bytes' },
    })
    // Had the first 100 bytes been kept, bytes 100–299 would be taken; the server has none.
    const gap = await sendFragment(id, data, 100, 299)
    expect(gap.status).toBe(416)
    expect(gap.headers.get('BITS-Received-Content-Range')).toBe('0')
    expect((await sendFragment(id, data, 0, 299)).status).toBe(200)
  })
})

describe('stall', () => {
  it('stops pulling the body after afterBytes for durationMs, then reads on and answers', async () => {
    const pulledAtSleep: number[] = []
    let pulled = () => 0
    const clock = virtualClock((ms) => pulledAtSleep.push(ms, pulled()))
    const bits = createBitsServer({
      baseUrl: BASE_URL,
      clock,
      faults: {
        rules: [{ packet: 'Fragment', effect: 'stall', afterBytes: 1000, durationMs: 5000 }],
      },
    })
    const id = await sessionOn(bits)
    const data = generateBytes(2560)
    const fragment = pulledFragment(id, data, 256)
    pulled = fragment.pulled
    const response = await bits.handle(fragment.request)
    // One wait of 5 s, while the server held 4 chunks (1,024 bytes) of 10: it had stopped reading.
    expect(pulledAtSleep).toEqual([5000, 1024])
    expect(response.status).toBe(200)
    expect(response.headers.get('BITS-Received-Content-Range')).toBe('2560')
    expect(lastEntry(bits)).toMatchObject({
      bodyLength: 2560,
      status: 200,
      fault: { action: 'stall after 1000 bytes 5000ms' },
    })
  })

  it('for good: the server reads no more until the client gives up, and the journal says so', async () => {
    const bits = createBitsServer({
      baseUrl: BASE_URL,
      faults: { rules: [{ packet: 'Fragment', effect: 'stall', afterBytes: 512 }] },
    })
    const id = await sessionOn(bits)
    const client = new AbortController()
    const fragment = pulledFragment(id, generateBytes(4096), 256, client.signal)
    const answer = bits.handle(fragment.request)
    for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve))
    expect(fragment.pulled()).toBe(512)
    expect(lastEntry(bits)).toMatchObject({ status: null, unanswered: null })
    client.abort()
    expect((await answer).type).toBe('error')
    expect(lastEntry(bits)).toMatchObject({
      bodyLength: 512,
      unanswered: 'aborted',
      fault: { action: 'stall after 512 bytes for good' },
    })
    expect(bits.faults.pending()).toEqual([])
    expect(bits.sessions.get(id)?.received).toBe(0)
  })

  it('holds a packet without a body for durationMs too', async () => {
    const slept: number[] = []
    const bits = createBitsServer({
      baseUrl: BASE_URL,
      clock: virtualClock((ms) => slept.push(ms)),
      faults: { rules: [{ packet: 'Ping', effect: 'stall', durationMs: 3000 }] },
    })
    const ping = new Request(`${BASE_URL}/file.bin`, {
      method: 'BITS_POST',
      headers: { 'BITS-Packet-Type': 'Ping', 'Content-Length': '0' },
    })
    expect((await bits.handle(ping)).status).toBe(200)
    expect(slept).toEqual([3000])
  })
})

describe('bandwidth', () => {
  it('reads the body at bytesPerSecond: 10,000 bytes at 2,000 B/s take 5 s of the clock', async () => {
    const clock = virtualClock()
    const bits = createBitsServer({
      baseUrl: BASE_URL,
      clock,
      faults: { rules: [{ packet: 'Fragment', effect: 'bandwidth', bytesPerSecond: 2000 }] },
    })
    const id = await sessionOn(bits)
    const data = generateBytes(10_000)
    const started = clock.now()
    const response = await bits.handle(pulledFragment(id, data, 4096).request)
    expect(clock.elapsedSince(started)).toBeCloseTo(5000, 6)
    expect(response.status).toBe(200)
    expect(response.headers.get('BITS-Received-Content-Range')).toBe('10000')
  })
})

describe('slow-close', () => {
  it('in-process, the Ack goes out as usual and the journal records it', async () => {
    const bits = start({
      faults: { rules: [{ packet: 'Ping', effect: 'slow-close', durationMs: 50 }] },
    })
    const response = await fetch(`${BASE_URL}/file.bin`, {
      method: 'BITS_POST',
      headers: { 'BITS-Packet-Type': 'Ping', 'Content-Length': '0' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('BITS-Packet-Type')).toBe('Ack')
    expect(lastEntry(bits)).toMatchObject({
      status: 200,
      unanswered: null,
      fault: { timing: 'after', action: 'slow-close 50ms' },
    })
  })
})
