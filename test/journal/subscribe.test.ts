// journal.subscribe: what live views (the timeline, a dashboard) see while a real upload runs.
import { describe, expect, it } from 'vitest'
import type { JournalEntry, JournalEvent } from '../../src/index.js'
import { uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { packetInit } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()

describe('journal.subscribe', () => {
  it('reports each entry opened on arrival, completed once whole, then the reset', async () => {
    const bits = start({
      faults: { rules: [{ name: 'busy', packet: 'Fragment', respond: { status: 503 } }] },
    })
    type Seen = Pick<JournalEntry, 'seq' | 'packet' | 'status' | 'bodyLength' | 'fault'>
    const seen: ({ type: string } & Partial<Seen>)[] = []
    const stop = bits.journal.subscribe((event: JournalEvent) => {
      if (event.type === 'clear') return void seen.push({ type: 'clear' })
      // A copy: what the entry held when the event came, not what it holds later.
      const { seq, packet, status, bodyLength, fault } = event.entry
      seen.push({ type: event.type, seq, packet, status, bodyLength, fault })
    })
    await uploadBits({
      url: `${BASE_URL}/s.bin`,
      data: generateBytes(150),
      fragmentSize: 100,
      sleep: async () => {},
    })
    bits.reset()
    stop()
    stop()
    const heard = seen.length
    await uploadBits({ url: `${BASE_URL}/s.bin`, data: generateBytes(10), sleep: async () => {} })

    // Per entry: opened (described from its head), then completed with all it will ever hold.
    const fault = { rule: 'busy', index: 0, timing: 'before', action: 'respond 503' }
    expect(seen.filter((event) => event.seq === 2)).toEqual([
      { type: 'opened', seq: 2, packet: 'Fragment', status: null, bodyLength: 0, fault: null },
      { type: 'completed', seq: 2, packet: 'Fragment', status: 503, bodyLength: 100, fault },
    ])
    const completed = seen.filter((event) => event.type === 'completed')
    expect(completed.map((event) => event.status)).toEqual([200, 503, 200, 200, 200])
    expect(completed.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5])
    expect(seen.filter((event) => event.type === 'opened')).toHaveLength(5)
    // What a listener saw on `completed` is what the journal keeps.
    expect(seen.at(-2)).toMatchObject({ type: 'completed', seq: 5, status: 200 })
    expect(seen.at(-1)).toEqual({ type: 'clear' })
    expect(bits.journal.count()).toBeGreaterThan(0)
    expect(seen).toHaveLength(heard)
  })

  it('completes a hang as unanswered, then says when the client abandoned it', async () => {
    const bits = start({ faults: { rules: [{ packet: 'Ping', effect: 'hang' }] } })
    const seen: { type: string; unanswered?: string | null; abortedAt?: number | null }[] = []
    bits.journal.subscribe((event) => {
      if (event.type === 'clear') return
      const { unanswered, abortedAt } = event.entry
      seen.push({ type: event.type, unanswered, abortedAt })
    })
    const client = new AbortController()
    const answered = bits.handle(
      new Request(`${BASE_URL}/h.bin`, { ...packetInit('Ping'), signal: client.signal }),
    )
    for (let turn = 0; turn < 1000 && seen.length < 2; turn++) {
      await new Promise((resolve) => setImmediate(resolve))
    }
    client.abort()
    await answered
    expect(seen).toEqual([
      { type: 'opened', unanswered: null, abortedAt: null },
      { type: 'completed', unanswered: 'hang', abortedAt: null },
      { type: 'abandoned', unanswered: 'hang', abortedAt: expect.any(Number) },
    ])
  })

  it('keeps answering when a listener throws', async () => {
    const bits = start()
    const errors: unknown[] = []
    const original = console.error
    console.error = (error: unknown) => errors.push(error)
    try {
      bits.journal.subscribe(() => {
        throw new Error('broken view')
      })
      await uploadBits({ url: `${BASE_URL}/t.bin`, data: generateBytes(10), sleep: async () => {} })
    } finally {
      console.error = original
    }
    expect(bits.uploads.get('t.bin')?.size).toBe(10)
    expect(errors.length).toBeGreaterThan(0)
  })
})
