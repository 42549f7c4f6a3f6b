// The oracle at the edges its other suites leave (issue 21, NoCoverage mutants of src/oracle):
// how each answer class is read, the options it refuses, streams of requests that are not
// packets, and journals a hand-built check may hold (unparsable URLs, lost sessions whose
// Create-Session is missing, arrival times out of seq order).
import { describe, expect, it } from 'vitest'
import {
  BitsError,
  BitsErrorContext,
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

const upload = [create, fragment(0, 99), fragment(100, 199)]
const rules = (entries: JournalEntry[], options?: ClientRuleOptions): RuleId[] =>
  checkClientRules(entries, options).map((violation) => violation.rule)
const app = (status: number): Step => ({
  status,
  errorContext: BitsErrorContext.REMOTE_APPLICATION,
})

describe('answer classes', () => {
  it.each([300, 302, 305, 307, 400, 404, 499, 501, 505])(
    "the server application's %i is final: no resend",
    (status) => {
      expect(rules(journal(...upload, close(app(status)), close()))).toEqual([
        'no-resend-after-fatal',
      ])
    },
  )

  it.each([306, 308, 399, 408, 409, 500, 503, 599])(
    "the server application's %i is transient: resent",
    (status) => {
      expect(rules(journal(...upload, close(app(status)), close()))).toEqual([])
    },
  )

  it.each([409, 413, 416])("the server's own %i to Close-Session is final", (status) => {
    const own = close({ status, errorContext: BitsErrorContext.REMOTE_FILE })
    expect(rules(journal(...upload, own, close()))).toEqual(['no-resend-after-fatal'])
  })

  it('an application status outside 300-599 is transient: resends count as retries', () => {
    expect(rules(journal(...upload, close(app(600)), close()), { maxRetries: 0 })).toEqual([
      'max-retries',
    ])
  })

  it('501 E_ACCESSDENIED (uploads disabled) and BG_E_TOO_LARGE are final; another 501 is not', () => {
    const disabled = close({ status: 501, errorCode: HResult.E_ACCESSDENIED })
    expect(rules(journal(...upload, disabled, close()))).toEqual(['no-resend-after-fatal'])
    const tooLarge = close({ status: 500, errorCode: BitsError.TOO_LARGE })
    expect(rules(journal(...upload, tooLarge, close()))).toEqual(['no-resend-after-fatal'])
    const notImplemented = close({ status: 501, errorCode: HResult.E_NOTIMPL })
    expect(rules(journal(...upload, notImplemented, close()))).toEqual([])
    // The server could not write the file (500 E_ACCESSDENIED): Close-Session is resent.
    const commitRefused = close({ status: 500, errorCode: HResult.E_ACCESSDENIED })
    expect(rules(journal(...upload, commitRefused, close()))).toEqual([])
  })
})

describe('options', () => {
  it('refuses an unknown rule in skip with INVALID_OPTIONS, listing every rule', () => {
    const check = () => checkClientRules([], { skip: ['no-such-rule' as RuleId] })
    expect(check).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTIONS',
        message: expect.stringContaining(
          '"skip" names no rule "no-such-rule" (rules: no-resend-after-fatal, resend-close-after-5xx, ',
        ),
      }),
    )
    expect(() => checkClientRules(null as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    )
  })

  it.each([
    { resends: 1.5, windowMs: 100 },
    { resends: -1, windowMs: 100 },
    { resends: 2, windowMs: 0 },
  ])('refuses retryStorm %j', (retryStorm) => {
    expect(() => checkClientRules([], { retryStorm })).toThrow('"retryStorm" must be false')
  })

  it('takes retryStorm resends 0 and a server-like source whose journal is an array', () => {
    const entries = journal(...upload, close())
    expect(checkClientRules(entries, { retryStorm: { resends: 0, windowMs: 1 } })).toEqual([])
    expect(checkClientRules({ journal: journal(...upload) })).toMatchObject([
      { rule: 'close-completed-session' },
    ])
  })
})

describe('options refused, naming the field', () => {
  it.each([
    [{ minRetryDelayMs: -1 }, '"minRetryDelayMs" must be 0 or more, got -1'],
    [{ hostIdFallbackTimeout: -2 }, '"hostIdFallbackTimeout" must be 0 or more seconds, got -2'],
    [
      { retryStorm: { resends: 1.5, windowMs: 0 } },
      '"retryStorm" must be false or { resends: a whole number, windowMs: more than 0 }, got {"resends":1.5,"windowMs":0}',
    ],
  ])('%j', (options, problem) => {
    expect(() => checkClientRules([], options)).toThrow(
      `Failed to check the client rules: ${problem}. See ClientRuleOptions in the msw-bits README.`,
    )
  })
})

describe('streams', () => {
  const busy = (step: Step): Step => ({ ...step, status: 503 })

  it('keeps requests that are not packets apart: none resends another', () => {
    const other: Step = { kind: 'other', method: 'GET', sessionId: null }
    const bare = fragment(0, 199, 200, { sessionId: null })
    const entries = journal(busy(other), other, busy(bare), bare)
    expect(rules(entries, { maxRetries: 0 })).toEqual([])
  })

  it('follows the resends of an unknown reply URL across another one', () => {
    const get = (path: string): Step => ({
      kind: 'reply',
      method: 'GET',
      sessionId: null,
      url: `https://bits.example.test/replies/${path}`,
    })
    const entries = journal(busy(get('a')), busy(get('b')), get('a'), get('b'))
    expect(checkClientRules(entries, { maxRetries: 0 })).toMatchObject([
      { rule: 'max-retries', seqs: [1, 3] },
      { rule: 'max-retries', seqs: [2, 4] },
    ])
  })

  it('tells apart Create-Sessions to unparsable URLs, and Pings of two sessions', () => {
    const creates = journal(busy({ ...create, url: 'not a url' }), { ...create, url: 'nor this' })
    expect(rules(creates, { maxRetries: 0, skip: ['close-completed-session'] })).toEqual([])
    const pings = journal({ packet: 'Ping', status: 400 }, { packet: 'Ping', sessionId: '{B}' })
    expect(rules(pings)).toEqual([])
  })

  it('names a reply request in a message, and shows how many went over past ten', () => {
    const get: Step = { kind: 'reply', method: 'GET', sessionId: null, url: `${STEP_URL}.reply` }
    const entries = journal(...Array.from({ length: 12 }, () => busy(get)), get)
    const [violation] = checkClientRules(entries, { maxRetries: 0 })
    expect(violation?.message).toBe(
      'reply GET #1 was resent 12 times, more than maxRetries (0): reply GET #2, reply GET #3, reply GET #4, reply GET #5, reply GET #6, reply GET #7, reply GET #8, reply GET #9, reply GET #10, reply GET #11, … (12 in all) went over.',
    )
  })

  it('finds a storm in a window that slides past resends spread wider than it', () => {
    const spread = [0, 500, 1_000, 1_010, 1_020, 1_030].map((at) =>
      busy({ ...fragment(0, 199), at: 2_000 + at }),
    )
    const entries = journal(create, ...spread, { ...fragment(0, 199), at: 3_040 }, close())
    expect(checkClientRules(entries, { retryStorm: { resends: 3, windowMs: 100 } })).toMatchObject([
      { rule: 'no-retry-storm', seqs: [2, 4, 5, 6, 7, 8] },
    ])
  })
})

describe('sessions read from an incomplete or reordered journal', () => {
  const lost: Step = { status: 500, errorCode: BitsError.SESSION_NOT_FOUND }

  it('a lost session whose Create-Session the journal lacks still needs a restart', () => {
    expect(rules(journal(fragment(0, 99, 200, lost)))).toEqual(['restart-after-session-not-found'])
  })

  it('a Create-Session that arrived before the loss was answered is not the restart', () => {
    const B: Step = { sessionId: '{B}' }
    const entries = journal(
      create,
      { ...fragment(0, 99, 200, lost), at: 2_000, took: 500 },
      { ...create, ...B, at: 1_500 },
      { ...create, sessionId: '{C}', at: 3_000 },
      { ...fragment(0, 199), sessionId: '{C}' },
      { ...close(), sessionId: '{C}' },
    )
    expect(rules(entries)).toEqual([])
  })

  it('a Close-Session with no Ack known before it names only itself', () => {
    const entries = journal(create, fragment(0, 199, 200, { status: null }), close())
    expect(checkClientRules(entries)).toMatchObject([{ rule: 'close-after-last-byte', seqs: [3] }])
  })
})

describe('retries and offsets', () => {
  it('counts a resend after no answer at all as a retry', () => {
    const entries = journal(
      create,
      fragment(0, 199, 200, { status: null }),
      fragment(0, 199),
      close(),
    )
    expect(checkClientRules(entries, { maxRetries: 0 })).toMatchObject([
      { rule: 'max-retries', seqs: [2, 3] },
    ])
  })

  it('takes the offset of the Ack the client received last, not of the last request', () => {
    const entries = journal(
      create,
      fragment(0, 99, 300, { at: 1_100, took: 100 }),
      fragment(100, 199, 300, { at: 1_110, took: 10 }),
      fragment(200, 299, 300, { at: 1_300 }),
      close(),
    )
    // Fragment #3's Ack (200) came back first, #2's (100) last: the client resumes at 100.
    expect(checkClientRules(entries)).toMatchObject([
      { rule: 'fragment-at-received-range', seqs: [2, 4] },
      { rule: 'one-request-per-session', seqs: [2, 3] },
      { rule: 'fragment-at-received-range', seqs: [3] },
    ])
  })
})

describe('what counts', () => {
  it('a resend after a final answer is no retry', () => {
    const entries = journal(...upload, close({ status: 400 }), close())
    expect(rules(entries, { maxRetries: 0 })).toEqual(['no-resend-after-fatal'])
  })

  it('a 503 Ack tells no offset, whatever Received-Content-Range it carries', () => {
    const busy = fragment(100, 199, 200, { status: 503, receivedRange: 50 })
    const entries = journal(create, fragment(0, 99), busy, fragment(100, 199), close())
    expect(rules(entries)).toEqual([])
  })

  it("a violation's seqs ascend, each once, whatever order the rule found them in", () => {
    const entries = journal(
      { ...create, at: 1_000 },
      fragment(0, 99, 200, { at: 1_100, took: 300 }),
      fragment(0, 99, 200, { at: 1_150, took: 500 }),
      fragment(100, 199, 200, { at: 1_200, took: 10 }),
      fragment(100, 199, 200, { at: 1_500 }),
      close({ at: 1_700 }),
    )
    const overlap = checkClientRules(entries).find((v) => v.rule === 'one-request-per-session')
    expect(overlap?.seqs).toEqual([2, 3, 4, 5])
  })
})

describe('close-after-last-byte', () => {
  const lost: Step = { status: 500, errorCode: BitsError.SESSION_NOT_FOUND }
  const closeRule = (entries: JournalEntry[], skip: RuleId[] = []) =>
    checkClientRules(entries, { skip })
      .filter((violation) => violation.rule === 'close-after-last-byte')
      .map((violation) => violation.seqs)

  it('takes the total from the first Fragment with a range, past a Ping and a malformed one', () => {
    const entries = journal(
      create,
      { packet: 'Ping' },
      { packet: 'Fragment', status: 400, errorCode: HResult.E_INVALIDARG },
      fragment(0, 99),
      close(),
    )
    expect(closeRule(entries)).toEqual([[4, 5]])
  })

  it('judges a Close-Session the session was lost at, not one after it', () => {
    expect(closeRule(journal(create, fragment(0, 99), close(lost)))).toEqual([[2, 3]])
    const after = journal(create, fragment(0, 99), fragment(100, 199, 200, lost), close())
    expect(closeRule(after)).toEqual([])
  })

  it('does not judge a Close-Session after Cancel-Session, or before any Fragment', () => {
    const cancelled = journal(create, fragment(0, 99), { packet: 'Cancel-Session' }, close())
    expect(closeRule(cancelled)).toEqual([])
    expect(closeRule(journal(create, close(), fragment(0, 99)))).toEqual([])
  })
})

describe('entries out of order', () => {
  it('reads a journal given in any order by seq', () => {
    const entries = journal(create, fragment(0, 99), fragment(150, 199), close())
    const inOrder = checkClientRules(entries)
    expect(inOrder).toMatchObject([{ rule: 'fragment-at-received-range', seqs: [2, 3] }])
    expect(checkClientRules([...entries].reverse())).toEqual(inOrder)
  })
})

describe('use-host-id', () => {
  const HOST = 'node2.example.test'
  const onHost = (step: Step): Step => ({
    ...step,
    url: STEP_URL.replace('bits.example.test', HOST),
  })

  it('times the fallback from the earliest failure, a session packet before a failed Ping', () => {
    const entries = journal(
      { ...create, at: 1_000 },
      onHost({ ...fragment(0, 99, 200, { status: null }), at: 2_000 }),
      onHost({ packet: 'Ping', sessionId: null, status: null, at: 4_000 }),
      { ...fragment(0, 199), at: 5_000 },
      { ...close(), at: 5_100 },
    )
    expect(rules(entries, { hostId: HOST, hostIdFallbackTimeout: 2.5 })).toEqual([])
  })

  it('a 401 from the host id reached it: no fallback timer starts', () => {
    const entries = journal(
      { ...create, at: 1_000 },
      onHost({ ...fragment(0, 199, 200, { status: 401 }), at: 2_000 }),
      { ...fragment(0, 199), at: 5_000, authScheme: 'Basic' },
      { ...close(), at: 5_100 },
    )
    expect(rules(entries, { hostId: HOST, hostIdFallbackTimeout: 1 })).toEqual(['use-host-id'])
  })

  it('says the client never failed when its first stray came before any failure', () => {
    const entries = journal(
      create,
      fragment(0, 99),
      onHost(fragment(100, 199, 200, { status: null })),
      onHost(fragment(100, 199)),
      onHost(close()),
    )
    const [violation] = checkClientRules(entries, { hostId: HOST })
    expect(violation?.message).toContain('and the client never failed to reach it')
  })

  it('names a stray whose URL does not parse by an empty host', () => {
    const entries = journal(create, { ...fragment(0, 199), url: 'bits' }, onHost(close()))
    const [violation] = checkClientRules(entries, { hostId: HOST })
    expect(violation?.message).toContain('Fragment #2 (bytes 0-199/200) went to  and the client')
  })
})

describe('answers in words', () => {
  it('an answer with a received offset says it', () => {
    const entries = journal(
      create,
      fragment(0, 199, 200, { status: 503, receivedRange: 0 }),
      { ...fragment(0, 199), at: 1_030 },
      close(),
    )
    const [violation] = checkClientRules(entries, { minRetryDelayMs: 1_000 })
    expect(violation?.message).toContain('ms after its 503 received 0, sooner than')
  })
})
