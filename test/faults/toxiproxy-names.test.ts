// Toxiproxy's toxic names in process (MSW): what a fetch client sees of each, and latency's jitter
// drawn from the plan's seed. The loopback server's side: test/node/toxiproxy-toxics.test.ts.
import { describe, expect, it } from 'vitest'
import { sliceSizes } from '../../src/faults/slice-sizes.js'
import type { FaultRule } from '../../src/index.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { virtualClock } from '../support/virtual-clock.js'

const { start } = useBitsServer()

const ping = () =>
  fetch(`${BASE_URL}/file.bin`, {
    method: 'BITS_POST',
    headers: { 'BITS-Packet-Type': 'Ping', 'Content-Length': '0' },
  })

describe("Toxiproxy's names in process", () => {
  it('slicer: the Ack as usual (a fetch sees no pieces), journaled as answered', async () => {
    const bits = start({
      faults: { rules: [{ packet: 'Ping', effect: 'slicer', averageSize: 4 }] },
    })
    const response = await ping()
    expect([response.status, response.headers.get('BITS-Packet-Type')]).toEqual([200, 'Ack'])
    expect(bits.journal.last()).toMatchObject({ status: 200, fault: { timing: 'after' } })
  })

  it('limit_data: a network error, as truncate', async () => {
    const bits = start({
      faults: { rules: [{ packet: 'Ping', effect: 'limit_data', limitBytes: 10 }] },
    })
    await expect(ping()).rejects.toThrow(TypeError)
    expect(bits.journal.last()).toMatchObject({ status: null, unanswered: 'limit_data' })
  })

  it.each<[FaultRule, object]>([
    [{ packet: 'Ping', effect: 'reset_peer' }, { unanswered: 'reset' }],
    [{ packet: 'Ping', effect: 'slow_close', durationMs: 5 }, { status: 200 }],
  ])('%o acts as the effect it names', async (rule, entry) => {
    const bits = start({ faults: { rules: [rule] } })
    await ping().catch(() => {})
    expect(bits.journal.last()).toMatchObject(entry)
  })

  it('latency: each delay within delayMs ± jitterMs, the same for the same seed', async () => {
    const delays = async (seed: number) => {
      const slept: number[] = []
      start({
        clock: virtualClock((ms) => slept.push(ms)),
        faults: {
          seed,
          rules: [{ packet: 'Ping', effect: 'latency', delayMs: 100, jitterMs: 40, times: 20 }],
        },
      })
      for (let i = 0; i < 20; i++) expect((await ping()).status).toBe(200)
      return slept
    }
    const first = await delays(3)
    expect(first).toHaveLength(20)
    for (const ms of first) expect(Math.abs(ms - 100)).toBeLessThanOrEqual(40)
    expect(new Set(first).size).toBeGreaterThan(5)
    expect(await delays(3)).toEqual(first)
    expect(await delays(4)).not.toEqual(first)
  })
})

describe('sliceSizes', () => {
  it('cuts every byte once, each piece averageSize ± sizeVariation but the last', () => {
    const slicing = { averageSize: 10, sizeVariation: 3, delayUs: 0, seed: 9 }
    const sizes = sliceSizes(1000, slicing)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1000)
    for (const size of sizes.slice(0, -1)) expect(Math.abs(size - 10)).toBeLessThanOrEqual(3)
    expect(new Set(sizes).size).toBeGreaterThan(3)
    expect(sliceSizes(1000, slicing)).toEqual(sizes)
    expect(sliceSizes(0, slicing)).toEqual([])
    expect(sliceSizes(5, { ...slicing, sizeVariation: 0 })).toEqual([5])
  })
})
