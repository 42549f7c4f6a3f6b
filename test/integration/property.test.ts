import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { bitsPost, openSession } from '../support/packets.js'
import { firstDifference, generateBytes } from '../support/payloads.js'
import { virtualClock } from '../support/virtual-clock.js'

const { start } = useBitsServer()

/** One Fragment in a random plan: a start at some fraction of the upload and a length. */
const fragmentArb = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.integer({ min: 1, max: 700 }),
})

describe('property: any order of fragments ends in a byte-identical upload ([MC-BUP] §3.2.5.2.6)', () => {
  it('gaps get 416, overlaps and retries are trimmed, and the Acks follow a simple model', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fragmentArb, { maxLength: 25 }),
        async (size, seed, plan) => {
          const bits = start()
          const data = generateBytes(size, seed)
          const sessionId = await openSession()
          let expected = 0 // the model: the next offset the server expects
          const send = async (first: number, last: number) => {
            // Bytes the server already has are sent wrong: it must not write them again.
            const body = data.slice(first, last + 1)
            body.fill(0xaa, 0, Math.max(0, Math.min(expected, last + 1) - first))
            const ack = await bitsPost({
              type: 'Fragment',
              sessionId,
              headers: { 'Content-Range': `bytes ${first}-${last}/${size}` },
              body,
            })
            expect(ack.status).toBe(first > expected ? 416 : 200)
            if (first <= expected) expected = Math.max(expected, last + 1)
            expect(Number(ack.headers.get('BITS-Received-Content-Range'))).toBe(expected)
          }
          for (const { at, length } of plan) {
            const first = Math.min(size - 1, Math.floor(at * size))
            await send(first, Math.min(size - 1, first + length - 1))
          }
          while (expected < size) await send(expected, Math.min(size - 1, expected + 499))
          expect((await bitsPost({ type: 'Close-Session', sessionId })).status).toBe(200)
          expect(firstDifference(bits.uploads.get('file.bin')?.bytes, data)).toBeNull()
        },
      ),
      { numRuns: 60 },
    )
  })

  it('the reference client uploads byte for byte whatever the fragment size and server limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30_000 }),
        fc.integer({ min: 512, max: 20_000 }),
        fc.option(fc.integer({ min: 5120, max: 20_000 }), { nil: undefined }),
        async (size, fragmentSize, maxFragmentSize) => {
          const bits = start(maxFragmentSize === undefined ? {} : { maxFragmentSize })
          const data = generateBytes(size, size)
          await uploadBits({ url: `${BASE_URL}/p.bin`, data, fragmentSize, minFragmentSize: 1 })
          expect(firstDifference(bits.uploads.get('p.bin')?.bytes, data)).toBeNull()
          const sizes = bits.journal.filter({ packet: 'Fragment', status: 200 })
          for (const entry of sizes) {
            expect(entry.bodyLength).toBeLessThanOrEqual(maxFragmentSize ?? fragmentSize)
          }
        },
      ),
      { numRuns: 40 },
    )
  })
})

/** A fault rule acting on Fragments' bodies or connections, with Toxiproxy's parameters. */
const bodyFaultArb = fc.oneof(
  fc.record({
    effect: fc.constant('reset' as const),
    afterBytes: fc.integer({ min: 0, max: 900 }),
  }),
  fc.record({
    effect: fc.constant('stall' as const),
    afterBytes: fc.integer({ min: 0, max: 900 }),
    durationMs: fc.integer({ min: 0, max: 60_000 }),
  }),
  fc.record({
    effect: fc.constant('bandwidth' as const),
    bytesPerSecond: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  fc.record({
    effect: fc.constant('slow-close' as const),
    durationMs: fc.integer({ min: 0, max: 5000 }),
  }),
)

describe('property: body and connection faults never corrupt an upload (issue 10)', () => {
  it('the reference client ends with the bytes it sent, whatever the cuts, stalls and slow reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8000 }),
        fc.integer({ min: 100, max: 1000 }),
        fc.array(fc.record({ after: fc.integer({ min: 0, max: 6 }), fault: bodyFaultArb }), {
          maxLength: 4,
        }),
        async (size, fragmentSize, rules) => {
          // Waits take no time: a 60 s stall costs nothing here.
          const bits = start({
            clock: virtualClock(),
            faults: {
              rules: rules.map(({ after, fault }) => ({
                packet: 'Fragment' as const,
                after,
                ...fault,
              })),
            },
          })
          const data = generateBytes(size, size + 1)
          await uploadBits({
            url: `${BASE_URL}/faulty.bin`,
            data,
            fragmentSize,
            minFragmentSize: 1,
            sleep: async () => {},
          })
          expect(firstDifference(bits.uploads.get('faulty.bin')?.bytes, data)).toBeNull()
          // Every cut that acted is journaled as one: the bytes read, no answer.
          const cutsActed =
            rules.filter(({ fault }) => fault.effect === 'reset').length -
            bits.faults.pending().filter(({ rule }) => rule.effect === 'reset').length
          const cuts = bits.journal
            .filter({ packet: 'Fragment' })
            .filter((entry) => entry.unanswered === 'reset')
          expect(cuts).toHaveLength(cutsActed)
          for (const cut of cuts) {
            // Cut on the exact byte, or after the whole body when it is shorter.
            const afterBytes = Number(
              /^reset after (\d+) bytes$/.exec(cut.fault?.action ?? '')?.[1],
            )
            const length = cut.range ? cut.range.last - cut.range.first + 1 : Number.NaN
            expect(cut.bodyLength).toBe(Math.min(afterBytes, length))
          }
        },
      ),
      { numRuns: 40 },
    )
  })
})
