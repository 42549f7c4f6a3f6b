// Unit tests of the rules over hand-built journals: the cases end-to-end clients cannot stage
// easily (server-application contexts, auth, hangs, clock ties) and the options.
import { describe, expect, it } from 'vitest'
import {
  BitsError,
  BitsErrorContext,
  BitsUsageError,
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

const B2 = '{B2B2B2B2-0000-0000-0000-000000000002}'
const URL = STEP_URL

const upload = [create, fragment(0, 99), fragment(100, 199)]

const rules = (entries: JournalEntry[], options?: ClientRuleOptions): RuleId[] =>
  checkClientRules(entries, options).map((v) => v.rule)

describe('a clean upload', () => {
  it('breaks no rule', () => {
    expect(checkClientRules(journal(...upload, close()))).toEqual([])
  })
})

describe('no-resend-after-fatal', () => {
  it('flags a Close-Session resent after 400, with both seqs', () => {
    const entries = journal(...upload, close({ status: 400 }), close())
    expect(checkClientRules(entries)).toEqual([
      { rule: 'no-resend-after-fatal', message: expect.stringContaining('#5'), seqs: [4, 5] },
    ])
  })

  it('allows a resend with credentials after 401 and 407', () => {
    expect(
      rules(
        journal(
          ...upload,
          close({ status: 401 }),
          close({ status: 407, authScheme: 'Basic' }),
          close({ authScheme: 'Basic' }),
        ),
      ),
    ).toEqual([])
  })

  it("treats the server application's 408 and 409 (context 0x7) as transient", () => {
    const app = { errorContext: BitsErrorContext.REMOTE_APPLICATION }
    const entries = journal(
      create,
      fragment(0, 99),
      fragment(100, 199, 200, { status: 409, ...app }),
      fragment(100, 199, 200, { status: 408, ...app }),
      fragment(100, 199),
      close(),
    )
    expect(rules(entries)).toEqual([])
  })

  it('flags a resend after a 404 from the server application, and after its 501', () => {
    const app = { errorContext: BitsErrorContext.REMOTE_APPLICATION }
    expect(
      rules(
        journal(create, fragment(0, 199, 200, { status: 404, ...app }), fragment(0, 199), close()),
      ),
    ).toEqual(['no-resend-after-fatal'])
    expect(
      rules(
        journal(create, fragment(0, 199, 200, { status: 501, ...app }), fragment(0, 199), close()),
      ),
    ).toEqual(['no-resend-after-fatal'])
  })

  it('does not count a different packet after the error as a resend', () => {
    const entries = journal(create, fragment(0, 99), fragment(100, 199, 200, { status: 400 }), {
      packet: 'Cancel-Session',
    })
    expect(rules(entries)).toEqual([])
  })
})

describe('resend-close-after-5xx', () => {
  it('flags a client that gives up on Close-Session after 503', () => {
    expect(rules(journal(...upload, close({ status: 503 })))).toEqual(['resend-close-after-5xx'])
  })

  it('flags Cancel-Session sent instead of resending Close-Session', () => {
    const entries = journal(...upload, close({ status: 500 }), { packet: 'Cancel-Session' })
    expect(checkClientRules(entries)[0]).toMatchObject({
      rule: 'resend-close-after-5xx',
      seqs: [4, 5],
    })
  })

  it('accepts giving up once maxRetries resends were made', () => {
    const entries = journal(
      ...upload,
      close({ status: 503 }),
      close({ status: 503 }),
      close({ status: 503 }),
    )
    expect(rules(entries)).toEqual(['resend-close-after-5xx'])
    expect(rules(entries, { maxRetries: 2 })).toEqual([])
  })

  it('does not ask for a resend after BG_E_SESSION_NOT_FOUND or no answer', () => {
    const lost = journal(
      ...upload,
      close({ status: 500, errorCode: BitsError.SESSION_NOT_FOUND }),
      { ...create, sessionId: '{B}' },
      { ...fragment(0, 199), sessionId: '{B}' },
      { ...close(), sessionId: '{B}' },
    )
    expect(rules(lost)).toEqual([])
    expect(rules(journal(...upload, close({ status: null })))).toEqual([])
  })
})

describe('restart-after-session-not-found', () => {
  const lost = { status: 500, errorCode: BitsError.SESSION_NOT_FOUND }

  it('flags a client that gives up after the session was lost', () => {
    expect(rules(journal(create, fragment(0, 99, 200, lost)))).toEqual([
      'restart-after-session-not-found',
    ])
  })

  it('exempts Cancel-Session, and a session the client had itself closed', () => {
    expect(rules(journal(create, fragment(0, 99), { packet: 'Cancel-Session', ...lost }))).toEqual(
      [],
    )
    expect(
      rules(journal(...upload, close(), close(lost)), { skip: ['no-packets-after-close'] }),
    ).toEqual([])
  })

  it('flags a new session whose first fragment does not start at 0', () => {
    const entries = journal(
      create,
      fragment(0, 99),
      fragment(100, 199, 200, lost),
      { ...create, sessionId: '{B}' },
      { ...fragment(100, 199), sessionId: '{B}' },
      { ...close(), sessionId: '{B}' },
    )
    expect(checkClientRules(entries)).toMatchObject([
      { rule: 'restart-after-session-not-found', seqs: [3, 4, 5] },
    ])
  })
})

describe('fragment-at-received-range', () => {
  it('follows the 416 offset, and flags a fragment that ignores it', () => {
    const resync = fragment(150, 199, 200, { status: 416, receivedRange: 100 })
    expect(rules(journal(create, fragment(0, 99), resync, fragment(100, 199), close()))).toEqual([
      'fragment-at-received-range',
    ])
    expect(
      checkClientRules(journal(create, fragment(0, 99), resync, fragment(150, 199), close())),
    ).toMatchObject([
      { rule: 'fragment-at-received-range', seqs: [2, 3] },
      { rule: 'fragment-at-received-range', seqs: [3, 4] },
    ])
  })

  it('lets a fragment with no answer be resent from the same offset', () => {
    const entries = journal(
      create,
      fragment(0, 99),
      fragment(100, 199, 200, { status: null }),
      fragment(100, 199),
      close(),
    )
    expect(rules(entries)).toEqual([])
  })
})

describe('smaller-fragment-after-413', () => {
  it('flags a client that gives up after 413', () => {
    const entries = journal(create, fragment(0, 199, 200, { status: 413 }), {
      packet: 'Cancel-Session',
    })
    expect(rules(entries)).toEqual(['smaller-fragment-after-413'])
  })
})

describe('close-after-last-byte', () => {
  it('flags Close-Session when the last fragment got no Ack', () => {
    const entries = journal(
      create,
      fragment(0, 99),
      fragment(100, 199, 200, { status: null }),
      close(),
    )
    expect(rules(entries)).toEqual(['close-after-last-byte'])
  })

  it('accepts Close-Session with no Fragment: a 0-byte upload (§2.2.6)', () => {
    expect(rules(journal(create, close()))).toEqual([])
  })
})

describe('download-reply-before-close', () => {
  const reply = 'https://bits.example.test/uploads/BITS-Sessions/Replies/A0FF/responsefile.bin'
  const last = fragment(100, 199, 200, { replyUrl: reply })
  const get = (status: number | null): Step => ({
    kind: 'reply',
    method: 'GET',
    url: reply,
    sessionId: null,
    status,
  })

  it('accepts a successful download before Close-Session', () => {
    expect(rules(journal(create, fragment(0, 99), last, get(503), get(200), close()))).toEqual([])
  })

  it('flags Close-Session after a failed download only', () => {
    expect(rules(journal(create, fragment(0, 99), last, get(null), close()))).toEqual([
      'download-reply-before-close',
    ])
  })

  it('does not count a HEAD of the reply URL as downloading it', () => {
    const head: Step = { ...get(200), method: 'HEAD' }
    expect(rules(journal(create, fragment(0, 99), last, head, close()))).toEqual([
      'download-reply-before-close',
    ])
    // Nor is a GET after a failed HEAD a resend of it.
    expect(
      rules(journal(create, fragment(0, 99), last, { ...head, status: 503 }, get(200), close()), {
        maxRetries: 0,
      }),
    ).toEqual([])
  })
})

describe('use-host-id', () => {
  const host = 'node2.example.test'
  const onHost = (step: Step): Step => ({ ...step, url: URL.replace('bits.example.test', host) })

  it('is checked only when the host id is known', () => {
    const entries = journal(...upload, close())
    expect(rules(entries)).toEqual([])
    expect(rules(entries, { hostId: host })).toEqual(['use-host-id'])
  })

  it('allows the fallback once the timeout has passed since the first failure', () => {
    const entries = journal(
      create,
      onHost({ packet: 'Ping', sessionId: null, status: null, at: 2_000 }),
      { packet: 'Ping', sessionId: null, at: 4_000 },
      fragment(0, 199),
      close(),
    )
    expect(rules(entries, { hostId: host, hostIdFallbackTimeout: 2 })).toEqual([])
    expect(rules(entries, { hostId: host, hostIdFallbackTimeout: 3 })).toEqual(['use-host-id'])
    expect(rules(entries, { hostId: host })).toEqual(['use-host-id'])
  })
})

describe('use-host-id attributes packets to their session', () => {
  const host = 'node2.example.test'
  const onHost = (step: Step): Step => ({ ...step, url: URL.replace('bits.example.test', host) })
  const B = '{B}'

  it('does not hold a second client’s Ping to the origin against the first client’s session', () => {
    // W32 "Create-Session": a client may Ping the origin first; the Ping names no session.
    const entries = journal(
      create,
      onHost({ packet: 'Ping', sessionId: null }),
      { packet: 'Ping', sessionId: null },
      { ...create, sessionId: B },
      onHost(fragment(0, 199)),
      onHost({ ...fragment(0, 199), sessionId: B }),
      onHost(close()),
      onHost({ ...close(), sessionId: B }),
    )
    expect(rules(entries, { hostId: host })).toEqual([])
  })

  it('still flags a Ping that names the session and goes to the origin', () => {
    const entries = journal(create, { packet: 'Ping' }, onHost(fragment(0, 199)), onHost(close()))
    expect(checkClientRules(entries, { hostId: host })).toMatchObject([
      { rule: 'use-host-id', seqs: [1, 2] },
    ])
  })

  it('lets another client’s failed Ping to the host id start the fallback timer', () => {
    const entries = journal(
      create,
      onHost({ packet: 'Ping', sessionId: null, status: null, at: 2_000 }),
      { ...fragment(0, 199), at: 5_000 },
      close(),
    )
    expect(rules(entries, { hostId: host, hostIdFallbackTimeout: 2 })).toEqual([])
    expect(rules(entries, { hostId: host, hostIdFallbackTimeout: 4 })).toEqual(['use-host-id'])
  })
})

describe('close-completed-session', () => {
  it('flags a session whose last byte was acknowledged and that was never closed', () => {
    expect(checkClientRules(journal(...upload))).toMatchObject([
      { rule: 'close-completed-session', seqs: [3] },
    ])
  })

  it('accepts Cancel-Session, an unanswered Close-Session, and a session the server lost', () => {
    expect(rules(journal(...upload, { packet: 'Cancel-Session' }))).toEqual([])
    expect(rules(journal(...upload, close({ status: null }), close()))).toEqual([])
    const lost = { status: 500, errorCode: BitsError.SESSION_NOT_FOUND }
    const restart = { ...create, sessionId: B2 }
    expect(
      rules(
        journal(
          ...upload,
          close(lost),
          restart,
          { ...fragment(0, 199), sessionId: B2 },
          {
            ...close(),
            sessionId: B2,
          },
        ),
      ),
    ).toEqual([])
  })

  it('does not count an upload that never completed', () => {
    expect(rules(journal(create, fragment(0, 99)))).toEqual([])
  })
})

describe('one-request-per-session', () => {
  it('flags a packet sent while the previous one is unanswered', () => {
    const entries = journal(
      create,
      { ...fragment(0, 99), took: 50 },
      { ...fragment(100, 199), at: 1_030 },
      close(),
    )
    expect(rules(entries, { skip: ['fragment-at-received-range'] })).toEqual([
      'one-request-per-session',
    ])
  })

  it('does not flag a packet after a hang, nor an identical resend of a slow one', () => {
    const hang = journal(
      create,
      fragment(0, 99, 200, { status: null }),
      fragment(0, 99),
      fragment(100, 199),
      close(),
    )
    expect(rules(hang)).toEqual([])
    const slow = journal(
      create,
      { ...fragment(0, 199), took: 50 },
      { ...fragment(0, 199), at: 1_030 },
      close({ at: 1_100 }),
    )
    expect(rules(slow)).toEqual([])
  })

  it('gives the benefit of the doubt when an answer and the next request share a millisecond', () => {
    const entries = journal(
      create,
      { ...fragment(0, 99), took: 0 },
      { ...fragment(100, 199), at: 1_020 },
      close(),
    )
    entries[2]!.time = entries[1]!.answeredAt!
    expect(rules(entries)).toEqual([])
  })
})

describe('constant-content-range-total', () => {
  it('names the first fragment and the changed ones', () => {
    const entries = journal(
      create,
      fragment(0, 99),
      fragment(100, 299, 300, { status: 400, errorCode: HResult.E_INVALIDARG }),
    )
    expect(checkClientRules(entries)).toMatchObject([
      { rule: 'constant-content-range-total', seqs: [2, 3] },
    ])
  })
})

describe('options', () => {
  it('max-retries counts resends of one packet after transient failures', () => {
    const busy = fragment(0, 199, 200, { status: 503 })
    const entries = journal(create, busy, busy, busy, fragment(0, 199), close())
    expect(rules(entries)).toEqual([])
    expect(rules(entries, { maxRetries: 3 })).toEqual([])
    expect(checkClientRules(entries, { maxRetries: 1 })).toMatchObject([
      { rule: 'max-retries', seqs: [2, 4, 5] },
    ])
  })

  it('min-retry-delay measures from the failed answer', () => {
    const entries = journal(
      create,
      fragment(0, 199, 200, { status: 503 }),
      { ...fragment(0, 199), at: 1_500 },
      close(),
    )
    expect(rules(entries, { minRetryDelayMs: 400 })).toEqual([])
    expect(rules(entries, { minRetryDelayMs: 600 })).toEqual(['min-retry-delay'])
  })

  it('rejects an unknown rule in skip and a negative number, naming them', () => {
    expect(() => checkClientRules([], { skip: ['no-such-rule' as RuleId] })).toThrow(BitsUsageError)
    expect(() => checkClientRules([], { skip: ['no-such-rule' as RuleId] })).toThrow(
      /"no-such-rule"/,
    )
    expect(() => checkClientRules([], { maxRetries: -1 })).toThrow(/"maxRetries"/)
    expect(() => checkClientRules({} as never)).toThrow(/journal/)
  })

  it.each([null, undefined, 'journal', 7])(
    'refuses %s as a source with a BitsUsageError naming what it takes',
    (source) => {
      const check = () => checkClientRules(source as never)
      expect(check).toThrow(BitsUsageError)
      expect(check).toThrow(/Pass `bits`, `bits.journal` or `bits.journal.entries`/)
    },
  )
})
