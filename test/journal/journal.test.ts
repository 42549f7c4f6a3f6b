// The journal: queries in the spirit of undici's MockCallHistory, and a timeline people read.
import { describe, expect, it } from 'vitest'
import { uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sessionPacket } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()

describe('journal', () => {
  it('records one entry per request with the DESIGN fields, in arrival order', async () => {
    const bits = start({
      faults: { rules: [{ name: 'flaky', packet: 'Fragment', respond: { status: 503 } }] },
    })
    const data = generateBytes(300)
    const { sessionId } = await uploadBits({
      url: `${BASE_URL}/j.bin`,
      data,
      fragmentSize: 100,
      sleep: async () => {},
    })
    const entries = bits.journal.entries
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1))
    expect(entries.map((e) => [e.packet, e.status])).toEqual([
      ['Create-Session', 200],
      ['Fragment', 503],
      ['Fragment', 200],
      ['Fragment', 200],
      ['Fragment', 200],
      ['Close-Session', 200],
    ])
    expect(entries[2]).toMatchObject({
      method: 'BITS_POST',
      url: `${BASE_URL}/j.bin`,
      kind: 'packet',
      sessionId,
      range: { first: 0, last: 99, total: 300 },
      bodyLength: 100,
      errorCode: null,
      errorContext: null,
      receivedRange: 100,
      replyUrl: null,
      fault: null,
    })
    expect(entries[1]?.fault).toEqual({
      rule: 'flaky',
      index: 0,
      timing: 'before',
      action: 'respond 503',
    })
    expect(JSON.parse(JSON.stringify(bits.journal)).entries).toHaveLength(6)
  })

  it('first, last, nth, filter and count by packet, session, status and fault', async () => {
    const bits = start({ faults: { rules: [{ name: 'slow', packet: 'Ping', delayMs: 1 }] } })
    const a = await openSession()
    const b = await openSession()
    await sessionPacket('Cancel-Session', a)
    await bitsPost({ type: 'Ping' })
    await sessionPacket('Close-Session', '{NOPE}')
    const { journal } = bits
    expect(journal.first({ packet: 'Create-Session' })?.sessionId).toBe(a)
    expect(journal.last({ packet: 'Create-Session' })?.sessionId).toBe(b)
    expect(journal.nth(2, { packet: 'Create-Session' })?.sessionId).toBe(b)
    expect(journal.nth(3)?.packet).toBe('Cancel-Session')
    expect(journal.filter({ sessionId: a.toLowerCase() }).map((e) => e.packet)).toEqual([
      'Create-Session',
      'Cancel-Session',
    ])
    expect(journal.count({ status: 500 })).toBe(1)
    expect(journal.count({ packet: ['Ping', 'Close-Session'] })).toBe(2)
    expect(journal.count({ fault: true })).toBe(1)
    expect(journal.count({ fault: 'slow' })).toBe(1)
    expect(journal.count({ fault: false })).toBe(4)
    expect(journal.filter((entry) => entry.seq > 3)).toHaveLength(2)
  })

  it('format() prints a timeline: seed, time, packet, short session, range, status, error, fault', async () => {
    const bits = start({
      seed: 9,
      faults: {
        rules: [
          {
            name: 'lost session',
            packet: 'Close-Session',
            respond: { status: 500, error: 'BG_E_SESSION_NOT_FOUND' },
          },
        ],
      },
    })
    await uploadBits({
      url: `${BASE_URL}/t.bin`,
      data: generateBytes(50),
      fragmentSize: 20,
      sleep: async () => {},
    })
    const lines = bits.journal.format().split('\n')
    expect(lines[0]).toBe(`msw-bits journal: ${bits.journal.entries.length} request(s), seed 9`)
    expect(lines[2]).toMatch(
      /^#2 +\+\d+\.\d{3}s +Fragment +\{[0-9A-F]{8}\} +bytes 0-19\/50 +→ 200 received 20$/,
    )
    const closeLine = lines.find((line) => line.includes('Close-Session'))
    expect(closeLine).toMatch(
      /→ 500 BG_E_SESSION_NOT_FOUND \(REMOTE_FILE\) +⚡ lost session: respond 500$/,
    )
  })

  it('format() names the server seed beside the plan seed when they differ (issue 12: replay)', () => {
    const plain = start({ seed: 4, faults: { rules: [{ packet: 'Ping', delayMs: 1 }] } })
    expect(plain.journal.format()).toBe('msw-bits journal: 0 request(s), seed 4')
    const seeded = start({ seed: 4, faults: { seed: 9, rules: [{ packet: 'Ping', delayMs: 1 }] } })
    expect(seeded.journal.format()).toBe(
      'msw-bits journal: 0 request(s), server seed 4, plan seed 9',
    )
    expect(seeded.journal.toJSON()).toMatchObject({ seed: 9, serverSeed: 4, dropped: 0 })
  })

  it('format() shows times since the first request, from the server clock', async () => {
    let now = 5_000_000
    const bits = start({ clock: { now: () => now, sleep: async () => {} } })
    await bitsPost({ type: 'Ping' })
    now += 1_500
    await bitsPost({ type: 'Ping' })
    const [, first, second] = bits.journal.format().split('\n')
    expect(first).toMatch(/^#1 +\+0\.000s +Ping/)
    expect(second).toMatch(/^#2 +\+1\.500s +Ping/)
  })

  it('format() sizes its columns from the entries, so long ranges keep the arrows aligned', async () => {
    const bits = start()
    const sessionId = await openSession()
    const total = 1_000_000_000
    const gap = (first: number) =>
      bitsPost({
        type: 'Fragment',
        sessionId,
        headers: { 'Content-Range': `bytes ${first}-${first + 9}/${total}` },
        body: generateBytes(10),
      })
    for (const first of [0, 10, 999_999_990, 123_456_780, 20]) await gap(first)
    const lines = bits.journal.format().split('\n').slice(1)
    const arrows = new Set(lines.map((line) => line.indexOf('→')))
    expect(arrows.size, bits.journal.format()).toBe(1)
    expect(lines.some((line) => line.includes('bytes 999999990-999999999/1000000000'))).toBe(true)
  })

  it('keeps the last journalLimit entries; seq goes on, and the timeline counts what was dropped', async () => {
    const bits = start({ journalLimit: 3 })
    for (let i = 0; i < 8; i++) await bitsPost({ type: 'Ping' })
    expect(bits.journal.entries.map((entry) => entry.seq)).toEqual([6, 7, 8])
    expect(bits.journal.dropped).toBe(5)
    expect(bits.journal.first()?.seq).toBe(6)
    expect(bits.journal.count({ packet: 'Ping' })).toBe(3)
    expect(bits.journal.format().split('\n')[0]).toBe(
      'msw-bits journal: 3 request(s), seed 0, 5 older dropped (journalLimit 3)',
    )
    expect(JSON.parse(JSON.stringify(bits.journal))).toMatchObject({ dropped: 5 })
    bits.reset()
    await bitsPost({ type: 'Ping' })
    expect(bits.journal.entries.map((entry) => entry.seq)).toEqual([1])
    expect(bits.journal.dropped).toBe(0)
  })

  it.each([0, -1, 1.5, '10'])('refuses journalLimit %j, naming it', (journalLimit) => {
    expect(() => start({ journalLimit: journalLimit as number })).toThrow(/"journalLimit"/)
  })
})
