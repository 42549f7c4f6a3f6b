import { describe, expect, it } from 'vitest'
import { uploadBits } from '../support/bits-client.js'
import { completeUpload, SESSION, testExchanges } from '../support/exchange.js'
import { interfere, isLastFragment } from '../support/interference.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sendFragment } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'

const { server, start } = useBitsServer()
const invalidArg = {
  'BITS-Error-Code': '0x80070057',
  'BITS-Error-Context': '0x5',
  'BITS-Session-Id': SESSION,
}

/** A Fragment of the given session carrying `length` zero bytes. */
const fragment = (range: string | null, length: number, headers: Record<string, string> = {}) => ({
  type: 'Fragment',
  headers: {
    'BITS-Session-Id': SESSION,
    ...(range === null ? {} : { 'Content-Range': range }),
    ...headers,
  },
  body: length,
})

/** Sends the rest of `data` from `from` and closes; the upload at file.bin must equal `data`. */
async function finishAndCompare(
  bits: { uploads: { get(name: string): { bytes?: Uint8Array } | undefined } },
  sessionId: string,
  data: Uint8Array,
  from: number,
): Promise<void> {
  expect((await sendFragment(sessionId, data, from, data.byteLength - 1)).status).toBe(200)
  expect((await bitsPost({ type: 'Close-Session', sessionId })).status).toBe(200)
  expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
}

describe('Fragment: the server rules ([MC-BUP] §2.2.6, §2.2.7, §3.2.5.2.6)', () => {
  testExchanges(start, [
    {
      name: 'the first fragment is appended: 200 with BITS-Received-Content-Range = last + 1 (§2.2.7)',
      given: { session: { total: 1000 } },
      ...fragment('bytes 0-127/1000', 128),
      status: 200,
      expect: { 'BITS-Received-Content-Range': '128', 'BITS-Session-Id': SESSION },
    },
    {
      name: 'a gap gets 416 with the next expected offset and error code 0 (§3.2.5.2.6, §3.1.5.1.4)',
      given: { session: { received: 100, total: 1000 } },
      ...fragment('bytes 200-299/1000', 100),
      status: 416,
      expect: { 'BITS-Received-Content-Range': '100', 'BITS-Error-Code': '0x0' },
      check: ({ bits, sessionId }) => expect(bits.sessions.get(sessionId!)?.received).toBe(100),
    },
    {
      name: 'a fully received range is re-acked 200 with the current offset (a retry after a lost Ack)',
      given: { session: { received: 100, total: 1000 } },
      ...fragment('bytes 0-99/1000', 100),
      status: 200,
      expect: { 'BITS-Received-Content-Range': '100' },
      check: ({ bits, sessionId }) => expect(bits.sessions.get(sessionId!)?.received).toBe(100),
    },
    {
      name: 'Content-Encoding: identity is accepted (§2.2.6)',
      given: { session: { total: 1000 } },
      ...fragment('bytes 0-9/1000', 10, { 'Content-Encoding': 'identity' }),
      status: 200,
    },
    {
      // Content codings are case-insensitive tokens (RFC 9110 §8.4.1).
      name: 'Content-Encoding: Identity, in any case, is accepted (§2.2.6, RFC 9110 §8.4.1)',
      given: { session: { total: 1000 } },
      ...fragment('bytes 0-9/1000', 10, { 'Content-Encoding': ' Identity ' }),
      status: 200,
      expect: { 'BITS-Received-Content-Range': '10' },
    },
  ])
})

describe('Fragment: every malformed or inconsistent range gets 400 E_INVALIDARG 0x5 (§2.2.6, §3.2.5.2.6)', () => {
  const malformed: [string, string | null, number, Record<string, string>?][] = [
    ['no Content-Range', null, 10],
    ['no total', 'bytes 0-9', 10],
    ['last < first', 'bytes 9-0/100', 10],
    ['last >= total', 'bytes 0-99/99', 100],
    ['an unknown unit', 'items 0-9/100', 10],
    ['a negative offset', 'bytes -1-9/100', 11],
    ['an unknown total', 'bytes 0-9/*', 10],
    ['the HTTP Range syntax', 'bytes=0-9/100', 10],
    ['a body shorter than the range', 'bytes 0-9/100', 5],
    ['a body longer than the range', 'bytes 0-9/100', 11],
    ['Content-Length unequal to the range', 'bytes 0-9/100', 10, { 'Content-Length': '9' }],
    ['a Content-Encoding other than identity', 'bytes 0-9/100', 10, { 'Content-Encoding': 'gzip' }],
  ]
  testExchanges(
    start,
    malformed.map(([what, range, length, headers]) => ({
      name: `${what} (${range ?? 'absent'})`,
      given: { session: { total: 100 } },
      ...fragment(range, length, headers),
      // A body that disagrees with its Content-Length cannot be framed on TCP.
      ...(headers?.['Content-Length'] ? { hosts: ['msw', 'handle'] as const } : {}),
      status: 400,
      expect: invalidArg,
      check: ({ bits, sessionId }) => expect(bits.sessions.get(sessionId!)?.received).toBe(0),
    })),
  )
  testExchanges(start, [
    {
      name: 'a total that differs from the first fragment (§2.2.6: the same for all fragments)',
      given: { session: { received: 100, total: 1000 } },
      ...fragment('bytes 100-199/2000', 100),
      status: 400,
      // §2.2.7.2: the Fragment Ack MUST carry BITS-Received-Content-Range, errors included.
      expect: { ...invalidArg, 'BITS-Received-Content-Range': '100' },
      check: ({ bits, sessionId }) => expect(bits.sessions.get(sessionId!)?.total).toBe(1000),
    },
  ])
})

describe('Fragment: size limits (§3.2.5.2.6, W32 BITSMaximumUploadSize)', () => {
  testExchanges(start, [
    {
      name: 'a fragment larger than maxFragmentSize gets 413 and nothing is written',
      options: { maxFragmentSize: 100 },
      given: { session: { total: 1000 } },
      ...fragment('bytes 0-100/1000', 101),
      status: 413,
      expect: { 'BITS-Session-Id': SESSION, 'BITS-Received-Content-Range': '0' },
      check: ({ bits, sessionId }) => expect(bits.sessions.get(sessionId!)?.received).toBe(0),
    },
    {
      name: 'a fragment of exactly maxFragmentSize is accepted',
      options: { maxFragmentSize: 100 },
      given: { session: { total: 1000 } },
      ...fragment('bytes 0-99/1000', 100),
      status: 200,
      expect: { 'BITS-Received-Content-Range': '100' },
    },
    {
      name: 'an upload larger than maxUploadSize gets 500 BG_E_TOO_LARGE 0x5',
      options: { maxUploadSize: 500 },
      given: { session: { total: 501 } },
      ...fragment('bytes 0-9/501', 10),
      status: 500,
      expect: {
        'BITS-Error-Code': '0x80200020',
        'BITS-Error-Context': '0x5',
        'BITS-Received-Content-Range': '0',
      },
    },
    {
      // The server keeps byte counts exactly up to 2^53 - 1: a larger total is too large, not malformed.
      name: 'a Content-Range total of 2^53 or more gets 500 BG_E_TOO_LARGE 0x5, as a too-large upload',
      given: { session: { total: 1000 } },
      ...fragment('bytes 0-9/9007199254740992', 10),
      status: 500,
      expect: {
        'BITS-Error-Code': '0x80200020',
        'BITS-Error-Context': '0x5',
        'BITS-Session-Id': SESSION,
      },
      check: ({ bits, sessionId }) => expect(bits.sessions.get(sessionId!)?.received).toBe(0),
    },
    {
      name: 'an upload of exactly maxUploadSize is accepted',
      options: { maxUploadSize: 500 },
      given: { session: { total: 500 } },
      ...fragment('bytes 0-9/500', 10),
      status: 200,
    },
  ])
})

describe('Fragment: overlaps and retries, checked byte for byte', () => {
  it('an overlap writes only the new part (W32 "Fragment": 0–100 then 50–150 writes 101–150)', async () => {
    const bits = start()
    const data = generateBytes(300)
    const sessionId = await openSession()
    expect((await sendFragment(sessionId, data, 0, 100)).status).toBe(200)
    // Bytes 50–100 of this body are wrong on purpose: the server must not write them again.
    const body = data.slice(50, 151)
    body.fill(0xee, 0, 51)
    const response = await bitsPost({
      type: 'Fragment',
      sessionId,
      headers: { 'Content-Range': 'bytes 50-150/300' },
      body,
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('BITS-Received-Content-Range')).toBe('151')
    await finishAndCompare(bits, sessionId, data, 151)
  })

  it('a fully received range sent again with other bytes changes nothing (§3.2.5.2.6)', async () => {
    const bits = start()
    const data = generateBytes(200)
    const sessionId = await openSession()
    expect((await sendFragment(sessionId, data, 0, 99)).status).toBe(200)
    const again = await sendFragment(sessionId, new Uint8Array(200).fill(1), 0, 99)
    expect(again.headers.get('BITS-Received-Content-Range')).toBe('100')
    await finishAndCompare(bits, sessionId, data, 100)
  })

  it('after a gap Ack (416) the client resumes at the offset and the upload is whole (§3.1.5.1.4)', async () => {
    const bits = start()
    const data = generateBytes(300)
    const sessionId = await openSession()
    expect((await sendFragment(sessionId, data, 0, 99)).status).toBe(200)
    const gap = await sendFragment(sessionId, data, 150, 299)
    expect(gap.status).toBe(416)
    await finishAndCompare(
      bits,
      sessionId,
      data,
      Number(gap.headers.get('BITS-Received-Content-Range')),
    )
  })

  it('a retried last fragment after a lost Ack succeeds, and the upload is whole (§3.2.5.2.6)', async () => {
    const bits = start()
    const data = generateBytes(10_000)
    const lost = interfere(server, bits, {
      packet: 'Fragment',
      when: isLastFragment,
      timing: 'after',
      answer: 'network-error',
    })
    await uploadBits({ url: `${BASE_URL}/file.bin`, data, fragmentSize: 4096 })
    expect(lost.count).toBe(1)
    const last = bits.journal.filter({ packet: 'Fragment' }).slice(-2)
    expect(last.map((entry) => [entry.range?.first, entry.status, entry.receivedRange])).toEqual([
      [8192, 200, 10_000],
      [8192, 200, 10_000],
    ])
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
  })

  it('an unknown session gets 500 BG_E_SESSION_NOT_FOUND 0x5 for a Fragment (§3.2.5.2.3)', async () => {
    start()
    await completeUpload('file.bin', generateBytes(10))
    const response = await sendFragment(
      '{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}',
      generateBytes(4),
      0,
      3,
    )
    expect(response.status).toBe(500)
    expect(response.headers.get('BITS-Error-Code')).toBe('0x8020001F')
    expect(response.headers.get('BITS-Error-Context')).toBe('0x5')
  })
})

describe('Fragment: the session belongs to one remote name and one Content-Name', () => {
  it('Content-Name on the initial Fragment names the upload (W32 "Fragment": only with the initial fragment)', async () => {
    const bits = start()
    const id = await openSession()
    const data = generateBytes(20)
    const first = await bitsPost({
      type: 'Fragment',
      sessionId: id,
      headers: { 'Content-Range': 'bytes 0-9/20', 'Content-Name': 'crash.dmp' },
      body: data.subarray(0, 10),
    })
    expect(first.status).toBe(200)
    expect(bits.sessions.get(id)?.contentName).toBe('crash.dmp')
    await bitsPost({
      type: 'Fragment',
      sessionId: id,
      headers: { 'Content-Range': 'bytes 10-19/20', 'Content-Name': 'ignored.dmp' },
      body: data.subarray(10),
    })
    await bitsPost({ type: 'Close-Session', sessionId: id })
    expect(bits.uploads.get('file.bin')?.contentName).toBe('crash.dmp')
  })

  it('a Fragment or Close-Session sent to another remote name gets 400 and never joins that name (§1.3.1)', async () => {
    const bits = start()
    const id = await openSession('a.bin')
    const data = generateBytes(10)
    const stray = await sendFragment(id, data, 0, 9, 'b.bin')
    expect(stray.status).toBe(400)
    expect(stray.headers.get('BITS-Error-Code')).toBe('0x80070057')
    expect(bits.sessions.get(id)?.received).toBe(0)
    expect((await sendFragment(id, data, 0, 9, 'a.bin')).status).toBe(200)
    expect((await bitsPost({ type: 'Close-Session', path: 'b.bin', sessionId: id })).status).toBe(
      400,
    )
    expect(bits.uploads.has('b.bin')).toBe(false)
    expect((await bitsPost({ type: 'Close-Session', path: 'a.bin', sessionId: id })).status).toBe(
      200,
    )
    expect(bits.uploads.get('a.bin')?.bytes).toEqual(data)
  })
})
