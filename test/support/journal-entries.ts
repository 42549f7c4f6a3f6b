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
