// Toxiproxy's toxics by their own names on the real socket (issue 19 item 6): slicer and
// limit_data, new here, and reset_peer, slow_close, timeout and latency, aliases of effects
// msw-bits had. Times are lower bounds only (a timer never fires early).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { FaultRule } from '../../src/index.js'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { header, type RawConnection, rawConnect, rawRequest } from './support/raw-http.js'

let srv: RunningBitsServer
beforeAll(async () => {
  srv = await startBitsServer({ port: 0 })
})
afterAll(() => srv.close())
afterEach(() => srv.bits.faults.clear())

const use = (rule: FaultRule, seed = 7) => srv.bits.faults.use({ seed, rules: [rule] })
const ping = rawRequest('BITS_POST', '/uploads/toxic.bin', {
  'BITS-Packet-Type': 'Ping',
  'Content-Length': 0,
})

/** Sends a Ping and collects each chunk the socket delivers, with when it came, until the FIN. */
async function pingChunks(): Promise<{ chunks: Buffer[]; times: number[]; raw: RawConnection }> {
  const raw = await rawConnect(srv.url)
  const chunks: Buffer[] = []
  const times: number[] = []
  raw.socket.setNoDelay(true)
  raw.socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk)
    times.push(performance.now())
  })
  raw.write(ping)
  await raw.closed
  return { chunks, times, raw }
}

describe('slicer', () => {
  const slicer = {
    name: 'sliced',
    packet: 'Ping',
    effect: 'slicer',
    averageSize: 16,
    sizeVariation: 6,
    sliceDelayUs: 20_000,
  } as const

  it('writes the Ack in pieces of averageSize ± sizeVariation bytes, sliceDelayUs apart, then closes', async () => {
    use(slicer)
    const { chunks, times, raw } = await pingChunks()
    const ack = await raw.next()
    expect([ack.status, header(ack, 'BITS-Packet-Type'), header(ack, 'Connection')]).toEqual([
      200,
      'Ack',
      'close',
    ])
    const whole = Buffer.concat(chunks).byteLength
    expect(chunks.length).toBeGreaterThanOrEqual(Math.floor(whole / 22))
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.byteLength).toBeGreaterThanOrEqual(10)
      expect(chunk.byteLength).toBeLessThanOrEqual(22)
    }
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual((chunks.length - 1) * 19)
    expect(srv.bits.journal.last()).toMatchObject({
      status: 200,
      unanswered: null,
      fault: { rule: 'sliced', timing: 'after', action: 'slicer 16±6 bytes every 20000µs' },
    })
  })

  it("cuts the same way for the plan's seed, another way for another seed", async () => {
    const sizes = async (seed: number) => {
      use({ ...slicer, sliceDelayUs: 5_000 }, seed)
      return (await pingChunks()).chunks.map((chunk) => chunk.byteLength)
    }
    const first = await sizes(7)
    expect(await sizes(7)).toEqual(first)
    expect(await sizes(8)).not.toEqual(first)
  })
})

describe('limit_data', () => {
  it('writes the first limitBytes bytes of the answer, then closes; the journal says limit_data', async () => {
    use({ name: 'limited', packet: 'Ping', effect: 'limit_data', limitBytes: 12 })
    const { chunks } = await pingChunks()
    expect(Buffer.concat(chunks).toString('latin1')).toBe('HTTP/1.1 200')
    expect(srv.bits.journal.last()).toMatchObject({
      status: null,
      unanswered: 'limit_data',
      fault: { rule: 'limited', timing: 'after', action: 'limit_data 12 bytes' },
    })
  })

  it('a limit past the answer lets the whole Ack through, then closes', async () => {
    use({ packet: 'Ping', effect: 'limit_data', limitBytes: 100_000 })
    const { raw } = await pingChunks()
    const ack = await raw.next()
    expect([ack.status, header(ack, 'BITS-Packet-Type')]).toEqual([200, 'Ack'])
  })
})

describe("Toxiproxy's names for effects msw-bits has", () => {
  it('reset_peer: a TCP RST, as reset', async () => {
    use({ packet: 'Ping', effect: 'reset_peer' })
    const { chunks, raw } = await pingChunks()
    expect(chunks).toEqual([])
    expect(raw.error()).toBe('ECONNRESET')
    expect(srv.bits.journal.last()).toMatchObject({ unanswered: 'reset' })
  })

  it('slow_close: the Ack, then the FIN durationMs later, as slow-close', async () => {
    use({ packet: 'Ping', effect: 'slow_close', durationMs: 200 })
    const { times, raw } = await pingChunks()
    const ack = await raw.next()
    expect([ack.status, header(ack, 'Connection')]).toEqual([200, 'close'])
    expect(performance.now() - times[0]!).toBeGreaterThanOrEqual(190)
  })

  it('timeout: no answer for good, as a stall, until the client gives up', async () => {
    use({ packet: 'Ping', effect: 'timeout' })
    const raw = await rawConnect(srv.url)
    raw.write(ping)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(raw.received().byteLength).toBe(0)
    raw.socket.destroy()
    await expect
      .poll(() => srv.bits.journal.last())
      .toMatchObject({ status: null, unanswered: 'aborted' })
  })

  it('latency with jitter: the Ack delayMs ± jitterMs late', async () => {
    use({ name: 'slow', packet: 'Ping', effect: 'latency', delayMs: 150, jitterMs: 50 })
    const raw = await rawConnect(srv.url)
    const started = performance.now()
    raw.write(ping)
    expect((await raw.next()).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(99)
    raw.end()
    expect(srv.bits.journal.last()).toMatchObject({
      status: 200,
      fault: { rule: 'slow', action: 'delay 150±50ms' },
    })
  })
})
