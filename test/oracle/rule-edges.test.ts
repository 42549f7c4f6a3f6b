// Each client rule at the boundaries of what it judges (issue 21: survivors of src/oracle's run):
// which entries it reads, ties in time, and the lists its messages print.
import { describe, expect, it } from 'vitest'
import {
  BitsError,
  type ClientRuleOptions,
  checkClientRules,
  HResult,
  type JournalEntry,
  type RuleId,
} from '../../src/index.js'
import {
  close,
  create,
  fragment,
  journal,
  STEP_URL,
  type Step,
} from '../support/journal-entries.js'

const lost: Step = { status: 500, errorCode: BitsError.SESSION_NOT_FOUND }
const rangeless: Step = { packet: 'Fragment', status: 400, errorCode: HResult.E_INVALIDARG }

/** The violations of one rule: their seqs, or their messages. */
const seqsOf = (rule: RuleId, entries: JournalEntry[], options: ClientRuleOptions = {}) =>
  checkClientRules(entries, options)
    .filter((violation) => violation.rule === rule)
    .map((violation) => violation.seqs)
const messageOf = (rule: RuleId, entries: JournalEntry[], options: ClientRuleOptions = {}) =>
  checkClientRules(entries, options).find((violation) => violation.rule === rule)?.message

describe('close-completed-session', () => {
  it('asks for Close-Session after the last byte, whatever came after but Close or Cancel', () => {
    const entries = journal(create, fragment(0, 199), { packet: 'Ping' })
    expect(seqsOf('close-completed-session', entries)).toEqual([[2]])
  })

  it('leaves a session the server lost to restart-after-session-not-found', () => {
    const entries = journal(create, fragment(0, 199), { packet: 'Ping', ...lost })
    expect(seqsOf('close-completed-session', entries)).toEqual([])
  })
})

describe('constant-content-range-total', () => {
  it('reads totals past a malformed Fragment, and lists every changed one', () => {
    const entries = journal(
      create,
      rangeless,
      fragment(0, 99, 200),
      fragment(100, 199, 300),
      fragment(200, 299, 400),
    )
    expect(messageOf('constant-content-range-total', entries)).toBe(
      "Fragment #4 (bytes 100-199/300), Fragment #5 (bytes 200-299/400) changed the upload's total from the 200 bytes of Fragment #3 (bytes 0-99/200): a session uploads one entity of one size.",
    )
  })
})

describe('download-reply-before-close', () => {
  const reply = `${STEP_URL}.reply`
  const get = (status: number, step: Step = {}): Step => ({
    kind: 'reply',
    method: 'GET',
    url: reply,
    sessionId: null,
    status,
    ...step,
  })

  it('names the Fragment that announced the reply, not an earlier one', () => {
    const entries = journal(
      create,
      fragment(0, 99),
      fragment(100, 199, 200, { replyUrl: reply }),
      close(),
    )
    expect(seqsOf('download-reply-before-close', entries)).toEqual([[3, 4]])
  })

  it('takes no reply URL from a 3xx Ack, and no 3xx download as the reply', () => {
    const redirected = fragment(100, 199, 200, { status: 300, replyUrl: reply })
    expect(seqsOf('download-reply-before-close', journal(create, redirected, close()))).toEqual([])
    const announced = fragment(0, 199, 200, { replyUrl: reply })
    expect(
      seqsOf('download-reply-before-close', journal(create, announced, get(300), close())),
    ).toEqual([[2, 4]])
  })

  it('counts a download answered in the same millisecond as Close-Session arrived', () => {
    const announced = fragment(0, 199, 200, { replyUrl: reply })
    const entries = journal(create, announced, get(200, { took: 5 }), close({ at: 1_037 }))
    expect(entries[2]?.answeredAt).toBe(entries[3]?.time)
    expect(seqsOf('download-reply-before-close', entries)).toEqual([])
  })
})

describe('fragment-at-received-range', () => {
  const skip: RuleId[] = ['restart-after-session-not-found']

  it('judges the fragments up to the one the session was lost at, none after', () => {
    const after = journal(create, fragment(0, 99, 200, lost), fragment(150, 199))
    expect(seqsOf('fragment-at-received-range', after, { skip })).toEqual([])
    const before = journal(create, fragment(50, 99), fragment(100, 199, 200, lost))
    expect(seqsOf('fragment-at-received-range', before, { skip })).toEqual([[2]])
    const at = journal(create, fragment(0, 99), fragment(150, 199, 200, lost))
    expect(seqsOf('fragment-at-received-range', at, { skip })).toEqual([[2, 3]])
  })
})

describe('max-retries', () => {
  it('lists exactly ten resends over the limit in full', () => {
    const busy = fragment(0, 199, 200, { status: 503 })
    const entries = journal(create, ...Array.from({ length: 11 }, () => busy), fragment(0, 199))
    expect(messageOf('max-retries', entries, { maxRetries: 1 })).not.toContain('in all')
    expect(seqsOf('max-retries', entries, { maxRetries: 1 })[0]).toHaveLength(11)
  })
})

describe('min-retry-delay', () => {
  it('is met by a wait of exactly minRetryDelayMs, and off at 0 even for an early resend', () => {
    const busy = fragment(0, 199, 200, { status: 503, took: 50 })
    const exact = journal(create, busy, { ...fragment(0, 199), at: 1_571 }, close())
    expect(exact[2]!.time - exact[1]!.answeredAt!).toBe(500)
    expect(seqsOf('min-retry-delay', exact, { minRetryDelayMs: 500 })).toEqual([])
    const early = journal(create, busy, { ...fragment(0, 199), at: 1_030 }, close())
    expect(seqsOf('min-retry-delay', early)).toEqual([])
  })
})

describe('no-credentials-to-other-host', () => {
  const hostId = 'node2.example.test'
  const moved = (step: Step): Step => ({
    ...step,
    url: STEP_URL.replace('bits.example.test', hostId),
  })

  it('holds the leak against the Create-Session that named the host, and lists each request', () => {
    const entries = journal(
      create,
      { ...create, sessionId: null, status: 503 },
      moved({ packet: 'Ping', authScheme: 'Basic' }),
      moved({ packet: 'Cancel-Session', authScheme: 'Basic' }),
    )
    const [violation] = checkClientRules(entries, { hostId }).filter(
      (v) => v.rule === 'no-credentials-to-other-host',
    )
    expect(violation?.seqs).toEqual([1, 3, 4])
    expect(violation?.message).toContain('and Ping #3, Cancel-Session #4 sent Basic credentials')
  })
})

describe('no-packets-after-close', () => {
  it('lists every packet after the close, and no reply request', () => {
    const reply = `${STEP_URL}.reply`
    const entries = journal(
      create,
      fragment(0, 199, 200, { replyUrl: reply }),
      { kind: 'reply', method: 'GET', url: reply, sessionId: null },
      close(),
      { kind: 'reply', method: 'GET', url: reply, sessionId: null },
      { packet: 'Ping' },
      { packet: 'Cancel-Session' },
    )
    expect(messageOf('no-packets-after-close', entries)).toBe(
      'Close-Session #4 was answered 200, yet the client sent Ping #6, Cancel-Session #7 on the ended session.',
    )
  })
})

describe('no-resend-after-fatal', () => {
  it('judges BITS packets only: not a reply request, nor a request of no packet type', () => {
    const missing: Step = { kind: 'reply', method: 'GET', url: `${STEP_URL}.reply`, status: 404 }
    expect(seqsOf('no-resend-after-fatal', journal(missing, missing))).toEqual([])
    const unknown: Step = { packet: null, status: 400, errorCode: HResult.E_INVALIDARG }
    expect(seqsOf('no-resend-after-fatal', journal(unknown, unknown))).toEqual([])
  })
})

describe('no-retry-storm', () => {
  const busyAt = (at: number): Step => ({ ...fragment(0, 199, 200, { status: 503 }), at, took: 1 })
  const stormOf = (...resendsAt: number[]) =>
    journal(
      { ...create, at: 1_000 },
      busyAt(2_000),
      ...resendsAt.map((at) => busyAt(2_000 + at)),
      { ...fragment(0, 199), at: 9_000 },
      close(),
    )

  it('allows exactly `resends` in a window, and a window is shorter than windowMs', () => {
    const storm = { resends: 2, windowMs: 100 }
    expect(seqsOf('no-retry-storm', stormOf(10, 20), { retryStorm: storm })).toEqual([])
    // Resends exactly windowMs apart are never in one window.
    const single = { resends: 1, windowMs: 100 }
    expect(seqsOf('no-retry-storm', stormOf(100, 200, 300), { retryStorm: single })).toEqual([])
  })

  it('reports the first of two equally dense bursts', () => {
    const entries = stormOf(10, 20, 30, 1_000, 1_010, 1_020)
    expect(
      messageOf('no-retry-storm', entries, { retryStorm: { resends: 2, windowMs: 100 } }),
    ).toBe(
      'Fragment #2 (bytes 0-199/200) was resent 3 times in 20 ms (Fragment #3 (bytes 0-199/200) to Fragment #5 (bytes 0-199/200)), more than 2 in 100 ms: back off between retries (Windows waits at least 5 s).',
    )
  })
})

describe('one-request-per-session and knownBy', () => {
  it('says nothing of a count for a single overlap', () => {
    const entries = journal(
      create,
      { ...fragment(0, 99), took: 50 },
      { ...fragment(100, 199), at: 1_030 },
      close({ at: 1_200 }),
    )
    expect(messageOf('one-request-per-session', entries)).toBe(
      'Fragment #3 (bytes 100-199/200) arrived while Fragment #2 (bytes 0-99/200) was still unanswered: a client sends one request at a time per session.',
    )
  })

  it('holds an answer the client had in the very millisecond it resent', () => {
    const entries = journal(
      ...[create, fragment(0, 99), fragment(100, 199)],
      close({ status: 400 }),
    )
    const resend = { ...entries[3]!, seq: 5, time: entries[3]!.answeredAt!, status: 200 }
    expect(seqsOf('no-resend-after-fatal', [...entries, resend])).toEqual([[4, 5]])
  })

  it('a Fragment from another offset does not resend a failed one', () => {
    const entries = journal(
      create,
      fragment(0, 99, 200, { status: 503 }),
      fragment(50, 199),
      close(),
    )
    expect(
      seqsOf('max-retries', entries, { maxRetries: 0, skip: ['fragment-at-received-range'] }),
    ).toEqual([])
  })
})

describe('resend-close-after-5xx', () => {
  const app = (status: number): Step => ({ status, errorContext: 7 })
  const upload = [create, fragment(0, 99), fragment(100, 199)]

  it('asks a resend of Close-Session and Cancel-Session on 500-599 only', () => {
    const judged = (...steps: Step[]) => seqsOf('resend-close-after-5xx', journal(...steps))
    expect(judged(...upload, { packet: 'Cancel-Session', status: 503 })).toEqual([[4]])
    expect(judged(...upload, close({ status: 599 }))).toEqual([[4]])
    expect(judged(...upload, close(app(600)))).toEqual([])
    expect(judged(...upload, close(app(408)))).toEqual([])
    expect(
      judged(create, fragment(0, 199, 200, { status: 503 }), { packet: 'Cancel-Session' }),
    ).toEqual([])
  })
})

describe('restart-after-session-not-found', () => {
  const lost: Step = { status: 500, errorCode: BitsError.SESSION_NOT_FOUND }
  const reuseOf = (entries: JournalEntry[]) =>
    checkClientRules(entries)
      .filter((violation) => violation.message.includes('went on using the session'))
      .map((violation) => violation.message)

  it('counts packets after the loss as reuse: every one, but Cancel-Session and reply requests', () => {
    const reply = `${STEP_URL}.reply`
    const entries = journal(
      create,
      fragment(0, 199, 200, { replyUrl: reply }),
      close(lost),
      { kind: 'reply', method: 'GET', url: reply, sessionId: null },
      { packet: 'Cancel-Session' },
      { packet: 'Ping' },
      close(),
    )
    expect(reuseOf(entries)).toEqual([
      'Close-Session #3 was answered 500 BG_E_SESSION_NOT_FOUND, yet the client went on using the session (Ping #6, Close-Session #7): it must start over with Create-Session.',
    ])
  })

  it("judges the new session's first Fragment with a range, past a Ping and a malformed one", () => {
    const B: Step = { sessionId: '{B}' }
    const entries = journal(
      create,
      fragment(0, 99),
      fragment(100, 199, 200, lost),
      { ...create, ...B },
      { packet: 'Ping', ...B },
      { ...rangeless, ...B },
      { ...fragment(100, 199), ...B },
      { ...close(), ...B },
    )
    expect(seqsOf('restart-after-session-not-found', entries)).toEqual([[3, 4, 7]])
  })

  it('a Create-Session resent after 503 is a retry, whatever session id its Ack issues', () => {
    const entries = journal(
      { ...create, sessionId: null, status: 503 },
      create,
      fragment(0, 199),
      close(),
    )
    expect(seqsOf('max-retries', entries, { maxRetries: 0 })).toEqual([[1, 2]])
  })
})

describe('smaller-fragment-after-413', () => {
  it('asks nothing smaller than one byte', () => {
    const entries = journal(create, fragment(0, 0, 1, { status: 413 }), {
      packet: 'Cancel-Session',
    })
    expect(seqsOf('smaller-fragment-after-413', entries)).toEqual([])
  })
})
