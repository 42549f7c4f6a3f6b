import { contextName, formatContentRange, hresultName } from '../protocol/index.js'
import type { JournalEntry } from './journal-entry.js'

/**
 * One line per entry:
 * `#3  +0.012s  Fragment        {A0FF5911}  bytes 0-99/250   → 503 BG_E_HTTP_ERROR_503 (REMOTE_FILE)  ⚡ burst: respond 503`
 */
export function formatTimeline(entries: readonly JournalEntry[], seed: number): string {
  const start = entries[0]?.time ?? 0
  const header = `msw-bits journal: ${entries.length} request(s), seed ${seed}`
  return [header, ...entries.map((entry) => formatEntry(entry, start))].join('\n')
}

/**
 * One timeline line for `entry`, its time shown since `start` (ms), as a live view prints it.
 * @example formatEntry(entry, journal.entries[0].time)
 */
export function formatEntry(entry: JournalEntry, start: number): string {
  const seconds = `+${((entry.time - start) / 1000).toFixed(3)}s`
  const what =
    entry.packet ?? (entry.kind === 'reply' ? `${entry.method} reply` : `${entry.method} ?`)
  const session = entry.sessionId ? `${entry.sessionId.slice(0, 9).replace(/^\{?/, '{')}}` : '-'
  const range = entry.range ? formatContentRange(entry.range) : ''
  const columns = [
    `#${entry.seq}`.padEnd(4),
    seconds.padStart(8),
    what.padEnd(15),
    session.padEnd(10),
    range.padEnd(26),
    `→ ${formatAnswer(entry)}`,
  ]
  if (entry.fault) {
    const { rule, action, serverStatus } = entry.fault
    const processed = serverStatus === undefined ? '' : ` (server answered ${serverStatus})`
    columns.push(`⚡ ${rule}: ${action}${processed}`)
  }
  return columns.join('  ').trimEnd()
}

/** The answer as the timeline prints it: `503 BG_E_HTTP_ERROR_503 (REMOTE_FILE)`, `no response`. */
export function formatAnswer(entry: JournalEntry): string {
  if (entry.status === null) return 'no response'
  const parts = [String(entry.status)]
  if (entry.errorCode !== null) {
    const context = entry.errorContext === null ? '' : ` (${contextName(entry.errorContext)})`
    parts.push(`${hresultName(entry.errorCode)}${context}`)
  }
  if (entry.receivedRange !== null) parts.push(`received ${entry.receivedRange}`)
  if (entry.replyUrl !== null) parts.push('reply-url')
  return parts.join(' ')
}
