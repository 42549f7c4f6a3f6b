// journal.subscribe: what live views (the timeline, a dashboard) see while a real upload runs.
import { describe, expect, it } from 'vitest'
import type { JournalEvent } from '../../src/index.js'
import { uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()

describe('journal.subscribe', () => {
  it('reports each entry on arrival, described from its head, and once answered, then the reset', async () => {
    const bits = start({
      faults: { rules: [{ name: 'busy', packet: 'Fragment', respond: { status: 503 } }] },
    })
    const seen: { type: string; seq?: number; packet?: string | null; status?: number | null }[] =
      []
    const stop = bits.journal.subscribe((event: JournalEvent) => {
      seen.push(
        event.type === 'entry'
          ? {
              type: 'entry',
              seq: event.entry.seq,
              packet: event.entry.packet,
              status: event.entry.status,
            }
          : { type: 'clear' },
      )
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

    // Per entry: arrival (described from its head), answered (status known).
    const fragment = seen.filter((event) => event.seq === 2)
    expect(fragment).toEqual([
      { type: 'entry', seq: 2, packet: 'Fragment', status: null },
      { type: 'entry', seq: 2, packet: 'Fragment', status: 503 },
    ])
    const answered = seen.filter((event) => event.status != null).map((event) => event.status)
    expect(answered).toEqual([200, 503, 200, 200, 200])
    expect(seen.at(-1)).toEqual({ type: 'clear' })
    expect(bits.journal.count()).toBeGreaterThan(0)
    expect(seen).toHaveLength(heard)
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
