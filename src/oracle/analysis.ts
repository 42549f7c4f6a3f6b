import type { JournalEntry } from '../journal/index.js'
import { ackedOffset, classifyAnswer, isTransient } from './answer-class.js'
import { isResend } from './requests.js'
import { replyIndex, type SessionTrack, trackSessions } from './session-track.js'
import { groupStreams } from './streams.js'
import type { ResolvedRuleOptions } from './violation.js'

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
 * The journal read once for every rule, in time linear in its length: entries in arrival order,
 * sessions, resend streams, retry chains and the offset each request was sent against.
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
        if (!previous || !isResend(previous, entry) || !isTransient(classifyAnswer(previous)))
          return
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
      if (pending.length > 0) {
        pending = pending.filter((ack) => {
          if (ack.answeredAt === null || ack.answeredAt > request.time) return true
          // The Ack the client received last, which is not always the last one sent.
          if (!known || ack.answeredAt >= (known.answeredAt ?? 0)) known = ack
          return false
        })
      }
      this.offsetAcks.set(request, known)
      if (ackedOffset(request) !== null) pending.push(request)
    }
  }
}
