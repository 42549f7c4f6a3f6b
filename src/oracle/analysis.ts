import type { JournalEntry } from '../journal/index.js'
import {
  BitsError,
  BitsErrorContext,
  contextName,
  formatContentRange,
  HResult,
  hresultName,
  type PacketType,
} from '../protocol/index.js'
import type { ResolvedRuleOptions, RuleId, Violation } from './violation.js'

/**
 * What an answer means to a client.
 * @see [MC-BUP] §3.1.5.2.1; W32: "Handling Server Application Errors"
 */
export type Outcome =
  /** 2xx. */
  | 'success'
  /** 416 to a Fragment: resume at `BITS-Received-Content-Range` (§3.1.5.2.4). */
  | 'resync'
  /** 413 to a Fragment: send smaller fragments (§3.1.5.2.4). */
  | 'too-large'
  /** BG_E_SESSION_NOT_FOUND: start over with Create-Session (§3.1.5.2.1). */
  | 'session-lost'
  /** 401 or 407: resend with credentials (§3.1.5.2.1). */
  | 'auth'
  /** Worth resending: 5xx, or what W32 calls transient for server-application errors. */
  | 'transient'
  /** Final: the client reports it and does not resend. */
  | 'fatal'
  /** No response at all (network error, hang): the client may resend. */
  | 'no-answer'

/**
 * Classifies an answer as the Windows client does. Context 0x7 (the server application) follows
 * W32 "Handling Server Application Errors": 3xx transient but 300–305 and 307; 4xx fatal but 408
 * and 409; 5xx transient but 501 and 505. Otherwise 1xx–4xx are final, 5xx transient, except
 * 501 E_ACCESSDENIED (uploads disabled), which the client reports.
 * @see [MC-BUP] §3.1.5.2.1; W32: "Handling Server Application Errors", "Ack for Close-Session"
 */
export function outcomeOf(entry: JournalEntry): Outcome {
  const { status } = entry
  if (status === null) return 'no-answer'
  if (entry.errorCode === BitsError.SESSION_NOT_FOUND) return 'session-lost'
  if (status >= 200 && status < 300) return 'success'
  if (entry.packet === 'Fragment' && status === 416) return 'resync'
  if (entry.packet === 'Fragment' && status === 413) return 'too-large'
  if (status === 401 || status === 407) return 'auth'
  if (entry.errorContext === BitsErrorContext.REMOTE_APPLICATION) {
    if (status >= 300 && status < 400)
      return status <= 305 || status === 307 ? 'fatal' : 'transient'
    if (status >= 400 && status < 500)
      return status === 408 || status === 409 ? 'transient' : 'fatal'
    if (status >= 500 && status < 600)
      return status === 501 || status === 505 ? 'fatal' : 'transient'
    return 'transient'
  }
  if (status === 501 && entry.errorCode === HResult.E_ACCESSDENIED) return 'fatal'
  return status < 500 ? 'fatal' : 'transient'
}

/** Whether an outcome invites a resend that counts as a retry. */
export function isTransient(outcome: Outcome): boolean {
  return outcome === 'transient' || outcome === 'no-answer'
}

/** Whether the client could have read `entry`'s answer by `time`. */
export function knownBy(entry: JournalEntry, time: number): boolean {
  return entry.answeredAt !== null && entry.answeredAt <= time
}

/**
 * Whether `later` resends `earlier`: the same packet on the same session (Create-Session: to the
 * same path), a Fragment from the same offset, or a reply GET of the same URL.
 */
export function isResend(earlier: JournalEntry, later: JournalEntry): boolean {
  if (earlier.kind !== later.kind || earlier.packet !== later.packet) return false
  if (earlier.kind === 'reply') return withoutQuery(earlier.url) === withoutQuery(later.url)
  if (earlier.packet === 'Create-Session') return pathOf(earlier.url) === pathOf(later.url)
  if (upper(earlier.sessionId) !== upper(later.sessionId)) return false
  return earlier.packet !== 'Fragment' || earlier.range?.first === later.range?.first
}

/** Whether `later` is the very same request again (a Fragment with the same range). */
export function isDuplicate(earlier: JournalEntry, later: JournalEntry): boolean {
  return (
    isResend(earlier, later) &&
    earlier.range?.last === later.range?.last &&
    earlier.range?.total === later.range?.total
  )
}

/** A retry: a resend after a transient failure, and how many resends the chain has made. */
export interface Retry {
  /** The failed request this one resends. */
  of: JournalEntry
  /** The first request of the chain. */
  first: JournalEntry
  /** 1 for the first resend, 2 for the next, … */
  count: number
}

/**
 * One client rule: its stable id, one line saying what a conforming client does, and the check.
 * @see [MC-BUP] §3.1.5
 */
export interface ClientRule {
  readonly id: RuleId
  /** What a conforming client does, in one sentence. */
  readonly summary: string
  /** Where the rule comes from. */
  readonly source: string
  check(analysis: Analysis): Violation[]
}

/** A session as the journal shows it, from its Create-Session to its last packet. */
export interface SessionTrack {
  /** Upper-case session id. */
  id: string
  /** The Create-Session whose Ack issued the id (absent when the journal does not hold it). */
  create: JournalEntry | undefined
  /** URL path of the upload (the remote name under the server's base URL). */
  path: string
  /** Packets naming the session and GETs of its reply URL, in arrival order, Create-Session excluded. */
  entries: JournalEntry[]
  /** The first BG_E_SESSION_NOT_FOUND answer to a packet other than Cancel-Session while the session was live. */
  lost: JournalEntry | undefined
  /** The first Close-Session or Cancel-Session answered 2xx. */
  ended: JournalEntry | undefined
  /** For a session that starts over after a lost one at the same path: that lost answer. */
  restartOf: JournalEntry | undefined
}

/**
 * The journal read once for every rule: entries in arrival order, sessions, resend streams and
 * retry chains.
 */
export class Analysis {
  readonly entries: readonly JournalEntry[]
  readonly sessions: readonly SessionTrack[]
  /** Requests in the order each stream (session, Create-Session path, reply URL, Ping path) sent them. */
  readonly streams: ReadonlyMap<string, readonly JournalEntry[]>
  private readonly retries = new Map<JournalEntry, Retry>()
  private readonly next = new Map<JournalEntry, JournalEntry>()
  private readonly offsetAcks = new Map<JournalEntry, JournalEntry | undefined>()

  constructor(
    entries: readonly JournalEntry[],
    readonly options: ResolvedRuleOptions,
  ) {
    this.entries = [...entries].sort((a, b) => a.seq - b.seq)
    this.sessions = trackSessions(this.entries)
    this.streams = groupStreams(this.entries, replyIndex(this.sessions))
    for (const track of this.sessions) this.indexOffsetAcks(track)
    for (const stream of this.streams.values()) {
      stream.forEach((entry, index) => {
        const previous = stream[index - 1]
        if (previous) this.next.set(previous, entry)
        if (!previous || !isResend(previous, entry) || !isTransient(outcomeOf(previous))) return
        const chain = this.retries.get(previous)
        this.retries.set(entry, {
          of: previous,
          first: chain?.first ?? previous,
          count: (chain?.count ?? 0) + 1,
        })
      })
    }
  }

  /** The retry chain `entry` belongs to, if it resends a transient failure. */
  retryOf(entry: JournalEntry): Retry | undefined {
    return this.retries.get(entry)
  }

  /**
   * The Ack on the session whose offset ({@link ackedOffset}) the client read last before sending
   * `request`: of the earlier Acks answered by the time `request` arrived, the latest answered.
   */
  lastOffsetAck(request: JournalEntry): JournalEntry | undefined {
    return this.offsetAcks.get(request)
  }

  /** The request that followed `entry` in its stream, if any. */
  nextInStream(entry: JournalEntry): JournalEntry | undefined {
    return this.next.get(entry)
  }

  /**
   * One pass over a session in arrival order: Acks wait in `pending` until a later request
   * arrives after their answer, then the latest answered becomes the one the client knows.
   */
  private indexOffsetAcks(track: SessionTrack): void {
    let known: JournalEntry | undefined
    let pending: JournalEntry[] = []
    for (const request of track.entries) {
      pending = pending.filter((ack) => {
        if (!knownBy(ack, request.time)) return true
        // The Ack the client received last, which is not always the last one sent.
        if (!known || ack.answeredAt! >= known.answeredAt!) known = ack
        return false
      })
      this.offsetAcks.set(request, known)
      if (ackedOffset(request) !== null) pending.push(request)
    }
  }

  /** A violation of `rule`, its seqs sorted and unique. */
  violation(rule: RuleId, message: string, entries: readonly JournalEntry[]): Violation {
    const seqs = [...new Set(entries.map((entry) => entry.seq))].sort((a, b) => a - b)
    return { rule, message, seqs }
  }
}

/** `Fragment #7 (bytes 0-99/200)`, `Close-Session #9`, `reply GET #10`. */
export function label(entry: JournalEntry): string {
  if (entry.kind === 'reply') return `reply ${entry.method} #${entry.seq}`
  const name = `${entry.packet ?? entry.method} #${entry.seq}`
  return entry.range ? `${name} (${formatContentRange(entry.range)})` : name
}

/** `503 BG_E_HTTP_ERROR_503 (REMOTE_FILE)`, `416 received 100`, `no answer`. */
export function answerOf(entry: JournalEntry): string {
  if (entry.status === null) return 'no answer'
  const parts = [String(entry.status)]
  if (entry.errorCode !== null && entry.errorCode !== HResult.S_OK) {
    const context = entry.errorContext === null ? '' : ` (${contextName(entry.errorContext)})`
    parts.push(`${hresultName(entry.errorCode)}${context}`)
  }
  if (entry.receivedRange !== null) parts.push(`received ${entry.receivedRange}`)
  return parts.join(' ')
}

/** The path of a URL, for matching uploads and Create-Sessions across hosts. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}

/** The host (`name:port`) of a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return ''
  }
}

function withoutQuery(url: string): string {
  return url.split(/[?#]/)[0] ?? url
}

function upper(value: string | null): string | null {
  return value === null ? null : value.toUpperCase()
}

function trackSessions(entries: readonly JournalEntry[]): SessionTrack[] {
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
      }
      byId.set(id, track)
    }
    if (entry.packet === 'Create-Session') track.create ??= entry
    else track.entries.push(entry)
  }
  const sessions = [...byId.values()]
  const replies = replyIndex(sessions)
  for (const entry of entries) {
    if (entry.kind === 'reply') replies.get(withoutQuery(entry.url))?.entries.push(entry)
  }
  for (const track of sessions) {
    track.entries.sort((a, b) => a.seq - b.seq)
    for (const entry of track.entries) {
      if (entry.kind !== 'packet') continue
      const ends = entry.packet === 'Close-Session' || entry.packet === 'Cancel-Session'
      if (ends && outcomeOf(entry) === 'success') track.ended ??= entry
      if (
        !track.ended &&
        !track.lost &&
        entry.packet !== 'Cancel-Session' &&
        outcomeOf(entry) === 'session-lost'
      )
        track.lost = entry
    }
  }
  for (const track of sessions) {
    const lost = track.lost
    if (!lost) continue
    const next = sessions.find(
      (other) =>
        other.create !== undefined &&
        other.path === track.path &&
        other.create.seq > lost.seq &&
        knownBy(lost, other.create.time),
    )
    if (next) next.restartOf ??= lost
  }
  return sessions
}

/** Reply URL (absolute, without query) → the session whose Fragment Ack announced it. */
function replyIndex(sessions: readonly SessionTrack[]): Map<string, SessionTrack> {
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

function groupStreams(
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

/** Whether `entry` is a BITS packet of one of `types`. */
export function isPacket(entry: JournalEntry, ...types: PacketType[]): boolean {
  return entry.kind === 'packet' && entry.packet !== null && types.includes(entry.packet)
}

/**
 * The offset an Ack tells the client to send next: `BITS-Received-Content-Range` of a 200 or 416,
 * or, for a 2xx Fragment Ack without it (a server that breaks §2.2.7.2's MUST), the byte after
 * the fragment, which is what a lenient client assumes; `null` for any other answer.
 * @see [MC-BUP] §2.2.7.2, §3.1.5.2.4 ("If the HTTP status code is 200 or 416, the client MUST
 *   … update the fragment offset")
 */
export function ackedOffset(entry: JournalEntry): number | null {
  const outcome = outcomeOf(entry)
  if (outcome !== 'success' && outcome !== 'resync') return null
  if (entry.receivedRange !== null) return entry.receivedRange
  return outcome === 'success' && isPacket(entry, 'Fragment') && entry.range
    ? entry.range.last + 1
    : null
}

/** Bytes a Fragment carried: its range's length, or its body's. */
export function fragmentLength(entry: JournalEntry): number {
  return entry.range ? entry.range.last - entry.range.first + 1 : entry.bodyLength
}
