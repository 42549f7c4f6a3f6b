import type { JournalEntry } from '../../src/index.js'

/**
 * A journal entry as the oracle reads it, for hand-built journals: a 200 `BITS_POST` to `url`
 * with every other field empty, then `fields` over it.
 */
export function journalEntry(
  fields: Partial<JournalEntry> & Pick<JournalEntry, 'seq' | 'time' | 'answeredAt' | 'url'>,
): JournalEntry {
  return {
    method: 'BITS_POST',
    kind: 'packet',
    packet: null,
    sessionId: null,
    range: null,
    bodyLength: 0,
    status: 200,
    errorCode: null,
    errorContext: null,
    receivedRange: null,
    replyUrl: null,
    fault: null,
    authScheme: null,
    ...fields,
  }
}

/** The session id of {@link journal}'s steps, unless a step names another. */
export const STEP_SESSION = '{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}'
/** The URL of {@link journal}'s steps, unless a step names another. */
export const STEP_URL = 'https://bits.example.test/uploads/file.bin'

/** One request of a hand-built journal: entry fields, its arrival `at` and answer time `took`. */
export type Step = Partial<JournalEntry> & { at?: number; took?: number }

/**
 * A journal from steps: seq in order, each arriving at `at` (default: 10 ms after the previous
 * answer) and answered `took` ms later (default 1); a `status: null` step is never answered.
 */
export function journal(...steps: Step[]): JournalEntry[] {
  let clock = 1_000
  return steps.map(({ at, took = 1, ...fields }, index) => {
    const time = at ?? clock + 10
    const status = fields.status === undefined ? 200 : fields.status
    const answeredAt = status === null ? null : time + took
    clock = answeredAt ?? time
    return journalEntry({
      seq: index + 1,
      time,
      answeredAt,
      url: STEP_URL,
      sessionId: STEP_SESSION,
      ...fields,
      status,
    })
  })
}

/** Create-Session, answered 200. */
export const create: Step = { packet: 'Create-Session' }

/** A Fragment of bytes `first..last` of `total`, Acked with the next offset unless `answer` says. */
export const fragment = (first: number, last: number, total = 200, answer: Step = {}): Step => ({
  packet: 'Fragment',
  range: { first, last, total },
  bodyLength: last - first + 1,
  receivedRange: answer.status === undefined || answer.status === 200 ? last + 1 : null,
  ...answer,
})

/** Close-Session, answered 200 unless `answer` says. */
export const close = (answer: Step = {}): Step => ({ packet: 'Close-Session', ...answer })
