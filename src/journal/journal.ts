import type { PacketType } from '../protocol/index.js'
import { formatTimeline } from './format.js'
import type { JournalEntry } from './journal-entry.js'

/** Criteria for {@link Journal.filter}; every given field must match. */
export interface JournalQuery {
  packet?: PacketType | PacketType[] | null
  kind?: JournalEntry['kind']
  /** Session id (any case). */
  sessionId?: string
  status?: number | number[] | null
  /** `true`: some fault acted; `false`: none; a string: the rule with that name acted. */
  fault?: boolean | string
}

/** A predicate or criteria. */
export type JournalFilter = JournalQuery | ((entry: JournalEntry, index: number) => boolean)

/**
 * What {@link Journal.subscribe} reports: `entry` when a request arrived or its entry changed
 * (described, then answered; the same object each time), `clear` when the journal was reset.
 */
export type JournalEvent = { type: 'entry'; entry: Readonly<JournalEntry> } | { type: 'clear' }

/** Called synchronously for every {@link JournalEvent}; what it throws is reported, not rethrown. */
export type JournalListener = (event: JournalEvent) => void

/** The key the server writes through; not exported from the package, so users only read. */
export const write = Symbol('msw-bits.journal.write')

/**
 * Every request the server saw, in arrival order, and what it answered. Read it in assertions;
 * only the server writes it.
 * @example
 *   expect(bits.journal.count({ packet: 'Fragment', status: 503 })).toBe(3)
 *   console.log(bits.journal.format())
 */
export class Journal {
  private readonly list: JournalEntry[] = []
  private readonly listeners = new Set<JournalListener>()

  constructor(
    /** The seed of the run, printed in {@link format} so a failure can be replayed. */
    public seed: number,
  ) {}

  /** All entries in arrival order (a live, read-only view). */
  get entries(): readonly JournalEntry[] {
    return this.list
  }

  /** The first entry matching `filter` (all entries if omitted), or `undefined`. */
  first(filter?: JournalFilter): JournalEntry | undefined {
    return filter ? this.list.find(predicate(filter)) : this.list[0]
  }

  /** The last entry matching `filter`, or `undefined`. */
  last(filter?: JournalFilter): JournalEntry | undefined {
    return filter ? this.list.findLast(predicate(filter)) : this.list.at(-1)
  }

  /** The `n`-th entry (1-based, like `seq`) matching `filter`, or `undefined`. */
  nth(n: number, filter?: JournalFilter): JournalEntry | undefined {
    return this.filter(filter)[n - 1]
  }

  /** Entries matching `filter`. */
  filter(filter?: JournalFilter): JournalEntry[] {
    return filter ? this.list.filter(predicate(filter)) : [...this.list]
  }

  /** Number of entries matching `filter`. */
  count(filter?: JournalFilter): number {
    return filter ? this.list.filter(predicate(filter)).length : this.list.length
  }

  /**
   * A timeline a person reads in a failing test: one line per request with time since the
   * first, packet, short session id, range, status, BITS error by name and context, the fault.
   */
  format(): string {
    return formatTimeline(this.list, this.seed)
  }

  toJSON(): { seed: number; entries: readonly JournalEntry[] } {
    return { seed: this.seed, entries: this.list }
  }

  /**
   * Calls `listener` when a request arrives, when its entry is described and answered, and when
   * the journal is reset: live views (the timeline, a dashboard) follow an upload with it.
   * @returns a function that unsubscribes; calling it twice does nothing.
   * @example
   *   const stop = bits.journal.subscribe((event) => {
   *     if (event.type === 'entry') console.log(event.entry.seq, event.entry.status)
   *   })
   *   // … later
   *   stop()
   */
  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  private emit(event: JournalEvent): void {
    for (const listener of this.listeners) {
      // A broken view must not break the server's answer to the client.
      try {
        listener(event)
      } catch (error) {
        reportError(error)
      }
    }
  }

  /** @internal */
  [write] = {
    add: (entry: JournalEntry): void => {
      this.list.push(entry)
      this.emit({ type: 'entry', entry })
    },
    /** The entry was described or answered. */
    update: (entry: JournalEntry): void => {
      this.emit({ type: 'entry', entry })
    },
    clear: (): void => {
      this.list.length = 0
      this.emit({ type: 'clear' })
    },
  }
}

/** `reportError` where the host has it (browsers, Node ≥ 20 lacks it), else the console. */
function reportError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
  if (report) report(error)
  else console.error(error)
}

function predicate(filter: JournalFilter): (entry: JournalEntry, index: number) => boolean {
  if (typeof filter === 'function') return filter
  const { packet, kind, sessionId, status, fault } = filter
  const packets = packet === undefined ? undefined : [packet].flat()
  const statuses = status === undefined ? undefined : [status].flat()
  const session = sessionId?.toUpperCase()
  return (entry) =>
    (packets === undefined || packets.includes(entry.packet)) &&
    (kind === undefined || entry.kind === kind) &&
    (session === undefined || entry.sessionId?.toUpperCase() === session) &&
    (statuses === undefined || statuses.includes(entry.status)) &&
    (fault === undefined ||
      (typeof fault === 'boolean' ? (entry.fault !== null) === fault : entry.fault?.rule === fault))
}
