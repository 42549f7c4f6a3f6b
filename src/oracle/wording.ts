import { type JournalEntry, unansweredText } from '../journal/index.js'
import { contextName, formatContentRange, HResult, hresultName } from '../protocol/index.js'

/** `Fragment #7 (bytes 0-99/200)`, `Close-Session #9`, `reply GET #10`. */
export function label(entry: JournalEntry): string {
  if (entry.kind === 'reply') return `reply ${entry.method} #${entry.seq}`
  const name = `${entry.packet ?? entry.method} #${entry.seq}`
  return entry.range ? `${name} (${formatContentRange(entry.range)})` : name
}

/** `503 BG_E_HTTP_ERROR_503 (REMOTE_FILE)`, `416 received 100`, `no answer (reset)`. */
export function answerOf(entry: JournalEntry): string {
  if (entry.status === null) return unansweredText(entry)
  const parts = [String(entry.status)]
  if (entry.errorCode !== null && entry.errorCode !== HResult.S_OK) {
    const context = entry.errorContext === null ? '' : ` (${contextName(entry.errorContext)})`
    parts.push(`${hresultName(entry.errorCode)}${context}`)
  }
  if (entry.receivedRange !== null) parts.push(`received ${entry.receivedRange}`)
  return parts.join(' ')
}
