import type { JournalEntry } from '../journal/index.js'
import type { Violation } from '../oracle/index.js'
import { BitsError } from '../protocol/index.js'
import { type AnswerKind, answerKind } from './answer-kind.js'

/**
 * What the timeline shows: a journal's entries, its seed and (optionally) the oracle's verdict.
 * Plain data, so a page can get it from `bits.journal`, from JSON (`bits.journal.toJSON()`,
 * the loopback server's `GET /__bits/journal`) or from a file.
 * @example
 *   import { checkClientRules } from 'msw-bits'
 *   import { type TimelineData, timelineHtml } from 'msw-bits/timeline'
 *
 *   const data: TimelineData = { ...bits.journal.toJSON(), violations: checkClientRules(bits) }
 *   const html = timelineHtml(data)
 */
export interface TimelineData {
  /** The seed of the run (`bits.journal.seed`). */
  seed: number
  /** The journal's entries in arrival order. */
  entries: readonly JournalEntry[]
  /** `checkClientRules(bits)`; absent: the oracle's line is left out. */
  violations?: readonly Violation[]
  /** Entries dropped, oldest first, to stay within `journalLimit` (`bits.journal.dropped`). */
  dropped?: number
}

/**
 * One request drawn on the timeline: its journal entry, how its answer is coloured, and the
 * client rules that name it.
 * @example
 *   import { layoutTimeline, type TimelineMark } from 'msw-bits/timeline'
 *
 *   const [session] = layoutTimeline(bits.journal.toJSON()).sessions
 *   const marks: TimelineMark[] = session?.lanes.flat() ?? []
 *   marks.filter(({ kind }) => kind === 'server-error').map(({ entry }) => entry.seq)
 */
export interface TimelineMark {
  entry: JournalEntry
  kind: AnswerKind
  /** The oracle's rules that name this entry. */
  violations: string[]
}

/**
 * What became of a session, as the server saw it: `closed` by Close-Session, `cancelled` by
 * Cancel-Session, `lost` (answered BG_E_SESSION_NOT_FOUND), or still `uploading`.
 * @see [MC-BUP] §3.2.5.2.7, §3.2.5.2.8
 * @example
 *   import { layoutTimeline, type SessionState } from 'msw-bits/timeline'
 *
 *   const states: SessionState[] = layoutTimeline(bits.journal.toJSON()).sessions.map((row) => row.state)
 *   expect(states).toEqual(['lost', 'closed']) // restarted after the session expired
 */
export type SessionState = 'uploading' | 'closed' | 'cancelled' | 'lost'

/**
 * One session's row: its packets before, along and after the byte range.
 * @example
 *   import { layoutTimeline, type SessionRow } from 'msw-bits/timeline'
 *
 *   const rows: SessionRow[] = layoutTimeline(bits.journal.toJSON()).sessions
 *   for (const { name, received, total, state } of rows) console.log(name, `${received}/${total} B`, state)
 */
export interface SessionRow {
  sessionId: string
  /** The remote name (path of the upload URL). */
  name: string
  /** `Content-Range` total of its fragments, in bytes; `null` before the first fragment. */
  total: number | null
  /** The furthest `BITS-Received-Content-Range` acknowledged, in bytes. */
  received: number
  state: SessionState
  /** Create-Session and Ping, before the bytes. */
  start: TimelineMark[]
  /**
   * Fragments in lanes: a fragment goes in the first lane that ends before it starts, so a
   * resent range (or a resync backwards) stacks under the try it repeats.
   */
  lanes: TimelineMark[][]
  /** The reply download, Close-Session and Cancel-Session, after the bytes. */
  end: TimelineMark[]
}

/**
 * @deprecated Renamed {@link SessionRow} (the oracle has its own session tracks).
 * @example
 *   import type { SessionRow } from 'msw-bits/timeline' // instead of SessionTrack
 */
export type SessionTrack = SessionRow

/**
 * The timeline as data, ready to render: what {@link layoutTimeline} returns.
 * @example
 *   import { layoutTimeline, type TimelineModel } from 'msw-bits/timeline'
 *
 *   const model: TimelineModel = layoutTimeline(bits.journal.toJSON())
 *   console.log(`${model.requests} requests, ${model.sessions.length} sessions, ${model.loose.length} loose`)
 */
export interface TimelineModel {
  seed: number
  requests: number
  /** Older entries not shown: dropped to stay within `journalLimit`. */
  dropped: number
  sessions: SessionRow[]
  /** Requests that belong to no session (a refused Create-Session, a stray GET). */
  loose: TimelineMark[]
  /** `null` when no verdict was given. */
  violations: readonly Violation[] | null
}

/**
 * Groups a journal into sessions and lanes, for {@link timelineHtml} or a view of your own. Pure:
 * the same data, the same model. Entries are matched to sessions by `BITS-Session-Id` (any case).
 * @example
 *   import { layoutTimeline } from 'msw-bits/timeline'
 *
 *   const { sessions } = layoutTimeline(bits.journal.toJSON())
 *   sessions[0]?.lanes.length // 1 + the most times one range was resent
 * @see [MC-BUP] §2.2.6 (Fragment Content-Range), §3.1.5.2.1 (after BG_E_SESSION_NOT_FOUND)
 */
export function layoutTimeline(data: TimelineData): TimelineModel {
  const rulesBySeq = new Map<number, string[]>()
  for (const violation of data.violations ?? []) {
    for (const seq of violation.seqs) {
      rulesBySeq.set(seq, [...(rulesBySeq.get(seq) ?? []), violation.rule])
    }
  }
  /** Each session with where each of its lanes ends (its last fragment's last byte). */
  const sessions = new Map<string, { track: SessionRow; ends: number[] }>()
  const loose: TimelineMark[] = []
  for (const entry of data.entries) {
    const mark = { entry, kind: answerKind(entry), violations: rulesBySeq.get(entry.seq) ?? [] }
    if (entry.sessionId === null) {
      loose.push(mark)
      continue
    }
    const key = entry.sessionId.toUpperCase()
    let open = sessions.get(key)
    if (!open) {
      open = { track: newRow(entry), ends: [] }
      sessions.set(key, open)
    }
    place(open.track, open.ends, mark)
  }
  return {
    seed: data.seed,
    requests: data.entries.length,
    dropped: data.dropped ?? 0,
    sessions: [...sessions.values()].map(({ track }) => track),
    loose,
    violations: data.violations ?? null,
  }
}

function newRow(entry: JournalEntry): SessionRow {
  return {
    sessionId: entry.sessionId ?? '',
    name: decodedPath(entry.url),
    total: null,
    received: 0,
    state: 'uploading',
    start: [],
    lanes: [],
    end: [],
  }
}

function place(track: SessionRow, ends: number[], mark: TimelineMark): void {
  const { entry } = mark
  if (entry.errorCode === BitsError.SESSION_NOT_FOUND) track.state = 'lost'
  switch (entry.packet) {
    case 'Fragment':
      placeFragment(track, ends, mark)
      return
    case 'Close-Session':
    case 'Cancel-Session':
      track.end.push(mark)
      if (mark.kind === 'ok')
        track.state = entry.packet === 'Close-Session' ? 'closed' : 'cancelled'
      return
    case 'Create-Session':
    case 'Ping':
      track.start.push(mark)
      return
    default:
      // The reply download (a GET) and malformed requests of the session.
      track.end.push(mark)
  }
}

function placeFragment(track: SessionRow, ends: number[], mark: TimelineMark): void {
  const { range, receivedRange } = mark.entry
  if (range === null) {
    track.end.push(mark)
    return
  }
  track.total ??= range.total
  if (receivedRange !== null && (mark.kind === 'ok' || mark.kind === 'resync')) {
    track.received = Math.max(track.received, receivedRange)
  }
  // The end of each lane, so placing a fragment costs O(lanes), not O(fragments): a live view
  // lays out every frame, and a large upload has thousands of fragments.
  const index = ends.findIndex((end) => end < range.first)
  const lane = track.lanes[index]
  if (lane) {
    lane.push(mark)
    ends[index] = range.last
  } else {
    track.lanes.push([mark])
    ends.push(range.last)
  }
}

/** The URL's whole path, percent-decoded (not the remote name under `baseUrl`). */
function decodedPath(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname)
  } catch {
    return url
  }
}
