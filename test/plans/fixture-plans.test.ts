// Every plan in fixtures/plans, run with the reference client uploading a real payload through
// setupServer: what the client did (journal) and what arrived (bytes) are both asserted.
import { describe, expect, it } from 'vitest'
import { BitsError, BitsErrorContext, HResult, type JournalEntry } from '../../src/index.js'
import { BitsClientError, uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { payload, sha256Hex } from '../support/payloads.js'
import { PLAN_FILES, plan } from '../support/plans.js'

const { start } = useBitsServer()
const noWait = async () => {}
const text = payload('crash-report.log') // 84,513 bytes
const image = payload('screenshot.png') // 143,185 bytes

/** Uploads `data` under the plan `file` (none for `null`) to `<name>.bin`, checking what arrived. */
async function upload(
  file: string | null,
  data: Uint8Array,
  fragmentSize = 16_384,
  options = {},
  name = file,
) {
  const bits = start({ faults: file ? plan(file) : undefined, ...options })
  const result = await uploadBits({
    url: `${BASE_URL}/${name}.bin`,
    data,
    fragmentSize,
    sleep: noWait,
  })
  const stored = bits.uploads.get(`${name}.bin`)
  expect(stored?.size).toBe(data.byteLength)
  expect(stored?.sha256).toBe(sha256Hex(data))
  expect(bits.faults.pending()).toEqual([])
  return { bits, result, journal: bits.journal }
}

const ranges = (entries: JournalEntry[]) => entries.map((e) => `${e.range?.first}-${e.range?.last}`)

describe('fixture plans (reference client, real payloads)', () => {
  it('covers every file in fixtures/plans', () => {
    expect(PLAN_FILES.sort()).toEqual(
      [
        'application-errors-context-7.json',
        'close-session-5xx-burst.json',
        'close-session-not-found.json',
        'fragment-413.json',
        'fragment-503-burst.json',
        'lost-ack-last-fragment.json',
        'reply-download-failure.json',
        'resync-416.json',
        'seeded-network-chaos.json',
        'server-errors-context-5.json',
        'server-restart.json',
        'session-expired-mid-upload.json',
        'slow-link.json',
      ].sort(),
    )
  })

  it('fragment-503-burst: the 2nd–4th fragments get 503 and the same fragment is resent', async () => {
    const { journal } = await upload('fragment-503-burst.json', text)
    const fragments = journal.filter({ packet: 'Fragment' })
    expect(fragments.slice(0, 5).map((e) => e.status)).toEqual([200, 503, 503, 503, 200])
    expect(new Set(ranges(fragments.slice(1, 5)))).toEqual(new Set(['16384-32767']))
    expect(journal.count({ fault: '503 burst' })).toBe(3)
  })

  it('close-session-5xx-burst: Close-Session is resent on 500–599 until it succeeds (§3.1.5.1.5)', async () => {
    const { journal } = await upload('close-session-5xx-burst.json', text)
    expect(journal.filter({ packet: 'Close-Session' }).map((e) => e.status)).toEqual([
      500, 500, 503, 200,
    ])
  })

  it('close-session-not-found: the client starts over with Create-Session from byte 0 (§3.2.5.2.3)', async () => {
    const { journal, result, bits } = await upload('close-session-not-found.json', text)
    expect(result.sessionIds).toHaveLength(2)
    const notFound = journal.first({ packet: 'Close-Session' })!
    expect(notFound.errorCode).toBe(BitsError.SESSION_NOT_FOUND)
    expect(notFound.errorContext).toBe(BitsErrorContext.REMOTE_FILE)
    const after = journal.filter((e) => e.seq > notFound.seq)
    expect(after[0]?.packet).toBe('Create-Session')
    expect(after[1]?.range?.first).toBe(0)
    expect(bits.uploads.get('close-session-not-found.json.bin')?.sessionId).toBe(
      result.sessionIds[1],
    )
  })

  it('session-expired-mid-upload: the 3rd fragment finds no session; a new one uploads from 0', async () => {
    const { journal, result } = await upload('session-expired-mid-upload.json', image)
    const [first, second] = result.sessionIds
    const lost = journal.first({ status: 500 })!
    expect(lost).toMatchObject({
      packet: 'Fragment',
      sessionId: first,
      errorCode: HResult.BG_E_SESSION_NOT_FOUND,
    })
    expect(lost.range?.first).toBe(2 * 16_384)
    expect(journal.first({ packet: 'Fragment', sessionId: second })?.range?.first).toBe(0)
  })

  it('server-restart: every session is forgotten; the client recovers with a new one', async () => {
    const { journal, result } = await upload('server-restart.json', text)
    expect(result.sessionIds).toHaveLength(2)
    const lost = journal.first({ fault: 'restart' })!
    expect(lost.errorCode).toBe(HResult.BG_E_SESSION_NOT_FOUND)
    expect(journal.entries[lost.seq]?.packet).toBe('Create-Session')
  })

  it('server-errors-context-5: server errors carry context 0x5 and are retried', async () => {
    const { journal } = await upload('server-errors-context-5.json', text)
    const errors = journal.filter({ fault: true })
    expect(errors.map((e) => [e.errorCode, e.errorContext])).toEqual([
      [HResult.E_DISK_FULL, BitsErrorContext.REMOTE_FILE],
      [HResult.E_FAIL, BitsErrorContext.REMOTE_FILE],
    ])
    for (const error of errors) expect(journal.entries[error.seq]?.range).toEqual(error.range)
  })

  it('application-errors-context-7: 503 and 409 from the application (0x7) are transient', async () => {
    const { journal } = await upload('application-errors-context-7.json', text)
    const last = journal.filter(
      (e) => e.packet === 'Fragment' && e.range?.last === text.byteLength - 1,
    )
    expect(last.map((e) => [e.status, e.errorContext])).toEqual([
      [503, BitsErrorContext.REMOTE_APPLICATION],
      [409, BitsErrorContext.REMOTE_APPLICATION],
      [200, null],
    ])
  })

  it('context 0x7 from a failing reply function: 500 E_FAIL, then the retried fragment gets the reply', async () => {
    let calls = 0
    const reply = () => {
      if (++calls === 1) throw new Error('notification handler crashed')
      return 'accepted'
    }
    const { journal, result } = await upload(null, text, 16_384, { reply }, 'failing-reply')
    const failed = journal.first({ status: 500 })!
    expect(failed).toMatchObject({
      errorCode: HResult.E_FAIL,
      errorContext: BitsErrorContext.REMOTE_APPLICATION,
    })
    expect(new TextDecoder().decode(result.reply!)).toBe('accepted')
    expect(journal.last({ packet: 'Fragment' })?.replyUrl).toMatch(/responsefile\.bin$/)
  })

  it('context 0x7 that is fatal (403 from the application): the client gives up, nothing is committed', async () => {
    const bits = start({ reply: () => new Response('no', { status: 403 }) })
    const failure = await uploadBits({
      url: `${BASE_URL}/denied.bin`,
      data: text,
      sleep: noWait,
    }).catch((e) => e)
    expect(failure).toBeInstanceOf(BitsClientError)
    expect(failure).toMatchObject({
      status: 403,
      errorContext: BitsErrorContext.REMOTE_APPLICATION,
    })
    expect(bits.uploads.get('denied.bin')).toBeUndefined()
  })

  it('lost-ack-last-fragment: the resent last fragment is re-acknowledged with the full offset', async () => {
    const { journal } = await upload('lost-ack-last-fragment.json', text)
    const last = journal.filter(
      (e) => e.packet === 'Fragment' && e.range?.last === text.byteLength - 1,
    )
    expect(last.map((e) => [e.status, e.receivedRange])).toEqual([
      [null, null],
      [200, text.byteLength],
    ])
    expect(last[0]?.fault).toMatchObject({ rule: 'lost ack', timing: 'after', serverStatus: 200 })
  })

  it('fragment-413: after 413 the client resends a smaller fragment', async () => {
    const { journal } = await upload('fragment-413.json', text)
    const [refused, retried] = journal.filter({ packet: 'Fragment' })
    expect(refused?.status).toBe(413)
    expect(retried?.range).toMatchObject({ first: 0, last: 8_191 })
  })

  it('resync-416: a short write hidden by the Ack leads to 416 and a resume at the server offset', async () => {
    const { journal } = await upload('resync-416.json', text)
    const outOfSync = journal.first({ status: 416 })!
    expect(outOfSync.receivedRange).toBe(16_384 + 1000)
    expect(outOfSync.errorCode).toBe(0)
    expect(journal.entries[outOfSync.seq]?.range?.first).toBe(16_384 + 1000)
  })

  it('reply-download-failure: the reply GET is retried and downloaded before Close-Session', async () => {
    const { journal, result } = await upload('reply-download-failure.json', text, 16_384, {
      reply: (upload: { sha256: string }) => `sha256=${upload.sha256}`,
    })
    expect(new TextDecoder().decode(result.reply!)).toBe(`sha256=${sha256Hex(text)}`)
    const gets = journal.filter({ kind: 'reply' })
    expect(gets.map((e) => e.status)).toEqual([503, null, 200])
    expect(journal.last({ packet: 'Close-Session' })!.seq).toBeGreaterThan(gets[2]!.seq)
  })

  it('slow-link: a fragment cut mid-way is resent whole, through a stall and a slow read', async () => {
    const { journal } = await upload('slow-link.json', text)
    const fragments = journal.filter({ packet: 'Fragment' })
    expect(fragments.slice(0, 5).map((e) => [e.range?.first, e.bodyLength, e.status])).toEqual([
      [0, 16_384, 200],
      [16_384, 1000, null],
      [16_384, 16_384, 200],
      [32_768, 16_384, 200],
      [49_152, 16_384, 200],
    ])
    expect(fragments.slice(1, 4).map((e) => e.fault?.rule)).toEqual(['cut', 'stall', 'slow'])
    expect(fragments[1]?.unanswered).toBe('reset')
    expect(journal.last({ packet: 'Close-Session' })).toMatchObject({
      status: 200,
      fault: { rule: 'late close' },
    })
  })

  it('seeded-network-chaos: packets and Acks are lost at random, yet the upload completes', async () => {
    const { journal } = await upload('seeded-network-chaos.json', image, 8_192)
    expect(journal.seed).toBe(7)
    expect(journal.count({ fault: 'drop' })).toBeGreaterThan(0)
    expect(journal.count({ fault: 'lost ack' })).toBeGreaterThan(0)
  })
})
