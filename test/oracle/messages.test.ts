// Every rule's message, word for word (issue 21: no test read them, so any text could go out).
// Each names the requests by packet and #seq, says what the client did and what it should do.
import { describe, expect, it } from 'vitest'
import {
  BitsError,
  type ClientRuleOptions,
  checkClientRules,
  HResult,
  type JournalEntry,
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
const lost: Step = { status: 500, errorCode: BitsError.SESSION_NOT_FOUND }
const B: Step = { sessionId: '{B}' }
const HOST = 'node2.example.test'
const onHost = (step: Step): Step => ({ ...step, url: STEP_URL.replace('bits.example.test', HOST) })
const REPLY = 'https://bits.example.test/uploads/BITS-Sessions/Replies/A0FF/responsefile.bin'
const busy = fragment(0, 199, 200, { status: 503 })

/** Name, journal, options, and the one violation it yields: `rule [seqs]: message`. */
const CASES: [string, JournalEntry[], ClientRuleOptions, string][] = [
  [
    'no-resend-after-fatal',
    journal(
      ...upload,
      close({ status: 400, errorCode: HResult.E_INVALIDARG, errorContext: 5 }),
      close(),
    ),
    {},
    'no-resend-after-fatal [4,5]: Close-Session #5 resends Close-Session #4, which was answered 400 E_INVALIDARG (REMOTE_FILE): that answer is final, so the client reports it instead of resending.',
  ],
  [
    'resend-close-after-5xx',
    journal(...upload, close({ status: 503 })),
    {},
    'resend-close-after-5xx [4]: Close-Session #4 was answered 503 and the client sent nothing more on the session: it resends Close-Session on 500–599 unless the error is BG_E_SESSION_NOT_FOUND (gave up after 0 resend(s)).',
  ],
  [
    'resend-close-after-5xx, Cancel-Session instead',
    journal(...upload, close({ status: 500 }), { packet: 'Cancel-Session' }),
    {},
    'resend-close-after-5xx [4,5]: Close-Session #4 was answered 500 and the client sent Cancel-Session #5 instead: it resends Close-Session on 500–599 unless the error is BG_E_SESSION_NOT_FOUND (gave up after 0 resend(s)).',
  ],
  [
    'restart-after-session-not-found, gave up',
    journal(create, fragment(0, 99, 200, lost)),
    {},
    'restart-after-session-not-found [2]: Fragment #2 (bytes 0-99/200) was answered 500 BG_E_SESSION_NOT_FOUND and the client never sent a new Create-Session: it must start the upload over.',
  ],
  [
    'restart-after-session-not-found, reused',
    journal(
      create,
      fragment(0, 99, 200, lost),
      fragment(0, 99),
      { ...create, ...B },
      { ...fragment(0, 199), ...B },
      { ...close(), ...B },
    ),
    { skip: ['fragment-at-received-range'] },
    'restart-after-session-not-found [2,3]: Fragment #2 (bytes 0-99/200) was answered 500 BG_E_SESSION_NOT_FOUND, yet the client went on using the session (Fragment #3 (bytes 0-99/200)): it must start over with Create-Session.',
  ],
  [
    'restart-after-session-not-found, not from 0',
    journal(
      create,
      fragment(0, 99),
      fragment(100, 199, 200, lost),
      { ...create, ...B },
      { ...fragment(100, 199), ...B },
      { ...close(), ...B },
    ),
    {},
    "restart-after-session-not-found [3,4,5]: After Fragment #3 (bytes 100-199/200) lost the session, the new session's first fragment Fragment #5 (bytes 100-199/200) does not start at byte 0: a new session holds no bytes, so the upload starts over from 0.",
  ],
  [
    'fragment-at-received-range',
    journal(
      create,
      fragment(0, 99),
      fragment(150, 199, 200, { status: 416, receivedRange: 100 }),
      fragment(100, 199),
      close(),
    ),
    {},
    'fragment-at-received-range [2,3]: Fragment #3 (bytes 150-199/200) starts at 150, but the last Ack the client had, Fragment #2 (bytes 0-99/200), said 100: the next fragment starts at BITS-Received-Content-Range.',
  ],
  [
    'fragment-at-received-range, new session',
    journal(create, fragment(50, 199), close()),
    {},
    'fragment-at-received-range [2]: Fragment #2 (bytes 50-199/200) starts at 50, but a new session expects 0: the next fragment starts at BITS-Received-Content-Range.',
  ],
  [
    'smaller-fragment-after-413, none',
    journal(create, fragment(0, 199, 200, { status: 413 }), { packet: 'Cancel-Session' }),
    {},
    'smaller-fragment-after-413 [2]: Fragment #2 (bytes 0-199/200) (200 bytes) was answered 413 and the client sent no further fragment: after 413 the client sends smaller fragments.',
  ],
  [
    'smaller-fragment-after-413, same size',
    journal(create, fragment(0, 199, 200, { status: 413 }), fragment(0, 199), close()),
    {},
    'smaller-fragment-after-413 [2,3]: Fragment #2 (bytes 0-199/200) (200 bytes) was answered 413 and Fragment #3 (bytes 0-199/200) carries 200 bytes: after 413 the client sends smaller fragments.',
  ],
  [
    'constant-content-range-total',
    journal(
      create,
      fragment(0, 99),
      fragment(100, 299, 300, { status: 400, errorCode: HResult.E_INVALIDARG }),
    ),
    {},
    "constant-content-range-total [2,3]: Fragment #3 (bytes 100-299/300) changed the upload's total from the 200 bytes of Fragment #2 (bytes 0-99/200): a session uploads one entity of one size.",
  ],
  [
    'close-after-last-byte',
    journal(create, fragment(0, 99), fragment(100, 199, 200, { status: null }), close()),
    {},
    'close-after-last-byte [2,4]: Close-Session #4 was sent when the server had acknowledged 100 byte(s) and the upload has 200: Close-Session waits for the Ack of the last byte, or the server discards the upload.',
  ],
  [
    'close-completed-session',
    journal(...upload),
    {},
    'close-completed-session [3]: Fragment #3 (bytes 100-199/200) completed the upload, but the client never sent Close-Session: the server commits the file only on Close-Session, so this upload is lost.',
  ],
  [
    'download-reply-before-close',
    journal(create, fragment(0, 99), fragment(100, 199, 200, { replyUrl: REPLY }), close()),
    {},
    'download-reply-before-close [3,4]: Fragment #3 (bytes 100-199/200) announced a reply at https://bits.example.test/uploads/BITS-Sessions/Replies/A0FF/responsefile.bin, but Close-Session #4 came before any successful download of it: Close-Session frees the reply, so it is lost.',
  ],
  [
    'use-host-id',
    journal(...upload, close()),
    { hostId: HOST },
    'use-host-id [1,2,3,4]: Create-Session #1 named BITS-Host-Id node2.example.test, but Fragment #2 (bytes 0-99/200), Fragment #3 (bytes 100-199/200), Close-Session #4 went to bits.example.test and the client never failed to reach it: packets of the session go to the host id.',
  ],
  [
    'use-host-id, fallback too soon',
    journal(
      create,
      onHost(fragment(0, 99, 200, { status: null })),
      { ...fragment(0, 199), at: 2_000 },
      close(),
    ),
    { hostId: HOST, hostIdFallbackTimeout: 3, skip: ['fragment-at-received-range'] },
    'use-host-id [1,3,4]: Create-Session #1 named BITS-Host-Id node2.example.test, but Fragment #3 (bytes 0-199/200), Close-Session #4 went to bits.example.test and the fallback timeout (3 s) had not passed since the first failure: packets of the session go to the host id.',
  ],
  [
    'send-credentials-after-challenge',
    journal(
      { packet: 'Ping', sessionId: null, status: 401, errorCode: 0x80190191, errorContext: 5 },
      { packet: 'Ping', sessionId: null },
    ),
    {},
    'send-credentials-after-challenge [1,2]: Ping #1 was answered 401 with a challenge and Ping #2 sent it again without credentials: after a 401 the client sends Authorization.',
  ],
  [
    'no-credentials-to-other-host',
    journal(
      { ...create, authScheme: 'Basic' },
      onHost({ ...fragment(0, 199), authScheme: 'Basic' }),
      onHost(close()),
    ),
    { hostId: HOST },
    'no-credentials-to-other-host [1,2]: Create-Session #1 went to bits.example.test and named BITS-Host-Id node2.example.test, and Fragment #2 (bytes 0-199/200) sent Basic credentials there: credentials go only to the origin, unless the client is configured to send them to the host id.',
  ],
  [
    'one-request-per-session',
    journal(
      create,
      { ...fragment(0, 99), took: 50 },
      { ...fragment(100, 199), at: 1_030 },
      close(),
    ),
    { skip: ['fragment-at-received-range'] },
    'one-request-per-session [2,3,4]: Fragment #3 (bytes 100-199/200) arrived while Fragment #2 (bytes 0-99/200) was still unanswered (2 overlaps in all): a client sends one request at a time per session.',
  ],
  [
    'no-packets-after-close',
    journal(...upload, close(), { packet: 'Ping' }),
    {},
    'no-packets-after-close [4,5]: Close-Session #4 was answered 200, yet the client sent Ping #5 on the ended session.',
  ],
  [
    'max-retries',
    journal(create, busy, busy, busy, fragment(0, 199), close()),
    { maxRetries: 1 },
    'max-retries [2,4,5]: Fragment #2 (bytes 0-199/200) was resent 3 times, more than maxRetries (1): Fragment #4 (bytes 0-199/200), Fragment #5 (bytes 0-199/200) went over.',
  ],
  [
    'min-retry-delay',
    journal(create, busy, { ...fragment(0, 199), at: 1_500 }, close()),
    { minRetryDelayMs: 600 },
    'min-retry-delay [2,3]: Fragment #3 (bytes 0-199/200) resent Fragment #2 (bytes 0-199/200) 478 ms after its 503, sooner than minRetryDelayMs (600 ms).',
  ],
  [
    'no-retry-storm',
    journal(create, busy, busy, busy, busy, fragment(0, 199), close()),
    { retryStorm: { resends: 2, windowMs: 1_000 } },
    'no-retry-storm [2,3,4,5,6]: Fragment #2 (bytes 0-199/200) was resent 4 times in 33 ms (Fragment #3 (bytes 0-199/200) to Fragment #6 (bytes 0-199/200)), more than 2 in 1000 ms: back off between retries (Windows waits at least 5 s).',
  ],
]

describe('the message of each rule', () => {
  it.each(CASES)('%s', (_name, entries, options, message) => {
    const found = checkClientRules(entries, options).map(
      (violation) => `${violation.rule} ${JSON.stringify(violation.seqs)}: ${violation.message}`,
    )
    expect(found).toEqual([message])
  })
})
