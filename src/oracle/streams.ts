import type { JournalEntry } from '../journal/index.js'
import type { SessionTrack } from './session-track.js'
import { pathOf, withoutQuery } from './urls.js'

/**
 * The journal cut into the streams a client sends one after another: a session's packets, the
 * Create-Sessions to one path, the requests of one reply URL, the Pings to one path. A resend is
 * always the next request of its stream.
 */
export function groupStreams(
  entries: readonly JournalEntry[],
  replies: ReadonlyMap<string, SessionTrack>,
): Map<string, JournalEntry[]> {
  const streams = new Map<string, JournalEntry[]>()
  for (const entry of entries) {
    const key = streamKey(entry, replies)
    const stream = streams.get(key)
    if (stream) stream.push(entry)
    else streams.set(key, [entry])
  }
  return streams
}

function streamKey(entry: JournalEntry, replies: ReadonlyMap<string, SessionTrack>): string {
  if (entry.kind === 'reply') {
    const url = withoutQuery(entry.url)
    return replies.has(url) ? `reply ${url}` : `other ${url}`
  }
  if (entry.kind !== 'packet' || entry.packet === null) return `other ${entry.seq}`
  if (entry.packet === 'Create-Session') return `create ${pathOf(entry.url)}`
  if (entry.packet === 'Ping') return `ping ${pathOf(entry.url)}`
  if (entry.sessionId === null) return `other ${entry.seq}`
  return `session ${entry.sessionId.toUpperCase()}`
}
