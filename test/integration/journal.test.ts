import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID, type JournalEntry } from '../../src/index.js'
import { BRACED_GUID, completeUpload } from '../support/exchange.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sendFragment } from '../support/packets.js'
import { firstDifference, generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()

describe('two sessions interleaved ([MC-BUP] §3.2.1: state is per session)', () => {
  it('alternating fragments of two uploads keep each upload whole', async () => {
    const bits = start()
    const a = generateBytes(9000, 1)
    const b = generateBytes(7000, 2)
    const sa = await openSession('a.bin')
    const sb = await openSession('b.bin')
    for (let offset = 0; offset < 9000; offset += 2000) {
      expect(
        (await sendFragment(sa, a, offset, Math.min(offset + 1999, 8999), 'a.bin')).status,
      ).toBe(200)
      if (offset < 7000) {
        const ack = await sendFragment(sb, b, offset, Math.min(offset + 1999, 6999), 'b.bin')
        expect(ack.headers.get('BITS-Session-Id')).toBe(sb)
      }
    }
    expect(bits.sessions.list().map((session) => [session.name, session.received])).toEqual([
      ['a.bin', 9000],
      ['b.bin', 7000],
    ])
    await bitsPost({ type: 'Close-Session', path: 'b.bin', sessionId: sb })
    await bitsPost({ type: 'Close-Session', path: 'a.bin', sessionId: sa })
    expect(firstDifference(bits.uploads.get('a.bin')?.bytes, a)).toBeNull()
    expect(firstDifference(bits.uploads.get('b.bin')?.bytes, b)).toBeNull()
    expect(bits.uploads.list().map((upload) => upload.name)).toEqual(['b.bin', 'a.bin'])
    expect(bits.journal.count({ sessionId: sa })).toBe(7)
    expect(bits.journal.count({ sessionId: sb })).toBe(6)
  })
})

describe('the journal (DESIGN.md "Public API")', () => {
  const FIELDS = [
    'seq',
    'time',
    'method',
    'url',
    'packet',
    'sessionId',
    'range',
    'status',
    'errorCode',
    'errorContext',
    'receivedRange',
    'fault',
  ] as const

  it('records every request with the DESIGN fields, in arrival order', async () => {
    const bits = start()
    const data = generateBytes(300)
    const sessionId = await openSession()
    await sendFragment(sessionId, data, 0, 99)
    await sendFragment(sessionId, data, 200, 299) // gap → 416
    await bitsPost({ type: 'Close-Session', sessionId: '{0}' }) // unknown → 500
    await bitsPost({ type: 'Bogus' }) // → 400
    const entries = bits.journal.entries
    for (const entry of entries) for (const field of FIELDS) expect(entry).toHaveProperty(field)
    const pick = (entry: JournalEntry) =>
      Object.fromEntries(FIELDS.filter((field) => field !== 'time').map((f) => [f, entry[f]]))
    expect(entries.map(pick)).toEqual([
      {
        seq: 1,
        method: 'BITS_POST',
        url: `${BASE_URL}/file.bin`,
        packet: 'Create-Session',
        sessionId,
        range: null,
        status: 200,
        errorCode: null,
        errorContext: null,
        receivedRange: null,
        fault: null,
      },
      expect.objectContaining({
        seq: 2,
        packet: 'Fragment',
        sessionId,
        range: { first: 0, last: 99, total: 300 },
        status: 200,
        receivedRange: 100,
      }),
      expect.objectContaining({
        seq: 3,
        range: { first: 200, last: 299, total: 300 },
        status: 416,
        errorCode: 0,
        errorContext: 5,
        receivedRange: 100,
      }),
      expect.objectContaining({
        seq: 4,
        packet: 'Close-Session',
        sessionId: '{0}',
        status: 500,
        errorCode: 0x8020001f,
        errorContext: 5,
      }),
      expect.objectContaining({ seq: 5, packet: null, status: 400, errorCode: 0x80070057 }),
    ])
    expect(entries[0]!.sessionId).toMatch(BRACED_GUID)
    expect(entries.every((entry) => typeof entry.time === 'number')).toBe(true)
    expect(JSON.parse(JSON.stringify(bits.journal)).entries).toHaveLength(5)
  })

  it('queries: first, last, nth, filter and count by packet, status and session', async () => {
    const bits = start()
    const sessionId = await openSession()
    const other = await openSession()
    await sendFragment(sessionId, generateBytes(10), 0, 9)
    await bitsPost({
      type: 'Create-Session',
      headers: { 'BITS-Supported-Protocols': '{00000000-0000-0000-0000-000000000000}' },
    })
    expect(bits.journal.count({ packet: 'Create-Session' })).toBe(3)
    expect(bits.journal.count({ packet: 'Create-Session', status: 200 })).toBe(2)
    expect(bits.journal.nth(2, { packet: 'Create-Session' })?.sessionId).toBe(other)
    expect(bits.journal.first({ packet: 'Fragment' })?.seq).toBe(3)
    expect(bits.journal.last()?.status).toBe(400)
    expect(bits.journal.filter({ sessionId: sessionId.toLowerCase() })).toHaveLength(2)
  })

  it('format() prints one line per request with the packet, status and BITS error by name', async () => {
    const bits = start()
    const sessionId = await openSession()
    await sendFragment(sessionId, generateBytes(10), 5, 9)
    const lines = bits.journal.format().split('\n')
    expect(lines[0]).toBe('msw-bits journal: 2 request(s), seed 0')
    expect(lines[1]).toMatch(/#1 .*Create-Session .*→ 200/)
    expect(lines[2]).toMatch(
      /#2 .*Fragment .*bytes 5-9\/10 .*→ 416 S_OK \(REMOTE_FILE\) received 0/,
    )
  })

  it('reset() forgets sessions, uploads and the journal', async () => {
    const bits = start()
    await completeUpload('done.bin', generateBytes(10))
    await openSession()
    await bitsPost({
      type: 'Create-Session',
      path: 'x',
      headers: { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID },
    })
    expect([bits.sessions.size, bits.uploads.size]).toEqual([2, 1])
    bits.reset()
    expect([bits.sessions.size, bits.uploads.size, bits.journal.entries.length]).toEqual([0, 0, 0])
    expect(bits.uploads.get('done.bin')).toBeUndefined()
    expect(bits.uploads.list()).toEqual([])
  })
})
