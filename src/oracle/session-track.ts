import type { JournalEntry } from '../journal/index.js'
import { classifyAnswer } from './answer-class.js'
import { pathOf, withoutQuery } from './urls.js'

/** A session as the journal shows it, from its Create-Session to its last packet. */
export interface SessionTrack {
  /** Upper-case session id. */
  id: string
  /** The Create-Session whose Ack issued the id (absent when the journal does not hold it). */
  create: JournalEntry | undefined
  /** URL path of the upload (the remote name under the server's base URL). */
  path: string
  /**
   * Packets naming the session (a Ping that sends the id included) and requests of its reply URL,
   * in arrival order, Create-Session excluded.
   */
  entries: JournalEntry[]
  /** The first BG_E_SESSION_NOT_FOUND answer to a packet other than Cancel-Session while the session was live. */
  lost: JournalEntry | undefined
  /** The first Close-Session or Cancel-Session answered 2xx. */
  ended: JournalEntry | undefined
  /** For a session that starts over after a lost one at the same path: that lost answer. */
  restartOf: JournalEntry | undefined
  /** For a lost session: the session that started the upload over. */
  restartedBy: SessionTrack | undefined
}

/**
 * Reads the sessions out of a journal in arrival order, in one pass plus one lookup per lost
 * session: each packet goes to the session it names, each reply request to the session whose
 * Fragment Ack announced that URL.
 */
export function trackSessions(entries: readonly JournalEntry[]): SessionTrack[] {
  const byId = new Map<string, SessionTrack>()
  for (const entry of entries) {
    if (entry.kind !== 'packet' || entry.sessionId === null) continue
    const id = entry.sessionId.toUpperCase()
    let track = byId.get(id)
    if (!track) {
      track = {
        id,
        create: undefined,
        path: pathOf(entry.url),
        entries: [],
        lost: undefined,
        ended: undefined,
        restartOf: undefined,
        restartedBy: undefined,
      }
      byId.set(id, track)
    }
    if (entry.packet === 'Create-Session') track.create ??= entry
    else track.entries.push(entry)
  }
  const sessions = [...byId.values()]
  const replies = replyIndex(sessions)
  let repliesAdded = false
  for (const entry of entries) {
    if (entry.kind !== 'reply') continue
    const track = replies.get(withoutQuery(entry.url))
    if (!track) continue
    track.entries.push(entry)
    repliesAdded = true
  }
  for (const track of sessions) {
    if (repliesAdded) track.entries.sort((a, b) => a.seq - b.seq)
    for (const entry of track.entries) {
      if (entry.kind !== 'packet') continue
      const ends = entry.packet === 'Close-Session' || entry.packet === 'Cancel-Session'
      if (ends && classifyAnswer(entry) === 'success') track.ended ??= entry
      if (
        !track.ended &&
        !track.lost &&
        entry.packet !== 'Cancel-Session' &&
        classifyAnswer(entry) === 'session-lost'
      )
        track.lost = entry
    }
  }
  linkRestarts(sessions)
  return sessions
}

/**
 * Links each lost session to the first session created at the same path after the client could
 * read the loss: the first Create-Session there that arrived after the loss was answered.
 */
function linkRestarts(sessions: readonly SessionTrack[]): void {
  const createdAt = new Map<string, { track: SessionTrack; create: JournalEntry }[]>()
  for (const track of sessions) {
    const { create } = track
    if (!create) continue
    const list = createdAt.get(track.path)
    if (list) list.push({ track, create })
    else createdAt.set(track.path, [{ track, create }])
  }
  for (const list of createdAt.values()) list.sort((a, b) => a.create.seq - b.create.seq)
  for (const track of sessions) {
    const lost = track.lost
    if (!lost || lost.answeredAt === null) continue
    const list = createdAt.get(track.path) ?? []
    const known = lost.answeredAt
    let index = firstIndex(list, (other) => other.create.seq > lost.seq)
    // Arrival times grow with seq in a real journal, so this stops at once there.
    while ((list[index]?.create.time ?? known) < known) index++
    const next = list[index]?.track
    if (next && next.restartOf === undefined) {
      next.restartOf = lost
      track.restartedBy = next
    }
  }
}

/** The first index where `test` holds, for a `test` that holds on a suffix of `list`. */
export function firstIndex<T>(list: readonly T[], test: (item: T) => boolean): number {
  let low = 0
  let high = list.length
  while (low < high) {
    const middle = (low + high) >> 1
    // low <= middle < high <= list.length, so the item is there.
    if (test(list[middle] as T)) high = middle
    else low = middle + 1
  }
  return low
}

/** Reply URL (absolute, without query) → the session whose Fragment Ack announced it. */
export function replyIndex(sessions: readonly SessionTrack[]): Map<string, SessionTrack> {
  const index = new Map<string, SessionTrack>()
  for (const track of sessions) {
    for (const entry of track.entries) {
      if (entry.replyUrl === null) continue
      try {
        index.set(withoutQuery(new URL(entry.replyUrl, entry.url).href), track)
      } catch {
        // An unparsable BITS-Reply-URL: the client cannot download it either.
      }
    }
  }
  return index
}
