import type { PacketType } from '../protocol/index.js'
import { formatTimeline } from './format.js'
import type { JournalEntry } from './journal-entry.js'
import {
  abandonEntry,
  completeEntry,
  type EntryArrival,
  type EntryCompletion,
  openEntry,
} from './record.js'

/**
 * Criteria for {@link Journal.filter}; every given field must match.
 * @example
 *   import type { JournalQuery } from 'msw-bits'
 *
 *   const retried: JournalQuery = { packet: 'Fragment', status: [500, 503], fault: '503 burst' }
 *   expect(bits.journal.count(retried)).toBe(3)
 */
export interface JournalQuery {
  packet?: PacketType | PacketType[] | null
  kind?: JournalEntry['kind']
  /** Session id (any case). */
  sessionId?: string
  status?: number | number[] | null
  /** `true`: some fault acted; `false`: none; a string: the rule with that name acted. */
  fault?: boolean | string
}

/**
 * A predicate or criteria.
 * @example
 *   import type { JournalFilter } from 'msw-bits'
 *
 *   const big: JournalFilter = (entry) => entry.bodyLength > 65_536
 *   expect(bits.journal.filter(big)).toEqual([])
 */
export type JournalFilter = JournalQuery | ((entry: JournalEntry, index: number) => boolean)

/**
 * What {@link Journal.subscribe} reports, the same entry object each time:
 * - `opened`: a request arrived; its entry holds what the head says (`seq`, `time`, `method`,
 *   `url`, `kind`, `packet`, `sessionId`, `range`, `authScheme`), nothing answered yet.
 * - `completed`: the server is done with it, once: its answer (`status`, the Ack's fields) or why
 *   none was sent (`unanswered`), and `bodyLength` and `fault`. The entry no longer changes, but
 * - `abandoned`: the client gave up on a hang completed before; only `abortedAt` was added.
 * - `clear`: the journal was reset.
 * @example
 *   import type { JournalEvent } from 'msw-bits'
 *
 *   const seen: JournalEvent['type'][] = []
 *   const stop = bits.journal.subscribe((event) => seen.push(event.type))
 *   // after one Ping: ['opened', 'completed']
 */
export type JournalEvent =
  | { type: 'opened' | 'completed' | 'abandoned'; entry: Readonly<JournalEntry> }
  | { type: 'clear' }

/**
 * Called synchronously for every {@link JournalEvent}; what it throws is reported, not rethrown.
 * @example
 *   import type { JournalListener } from 'msw-bits'
 *
 *   const log: JournalListener = (event) => {
 *     if (event.type === 'completed') console.log(event.entry.seq, event.entry.status)
 *   }
 *   const stop = bits.journal.subscribe(log)
 */
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
  /** Entries before this index were dropped but not yet cut from `list` (see {@link add}). */
  private head = 0
  private received = 0
  private readonly listeners = new Set<JournalListener>()

  constructor(
    /**
     * The seed of the fault plan in force (its own, or the server's), printed in {@link format}
     * so a failure can be replayed.
     */
    public seed: number,
    /** The server's `seed`: session ids come from it. Printed beside the plan's when they differ. */
    readonly serverSeed: number = seed,
    /** `journalLimit`: how many entries are kept; older ones are dropped and counted. */
    readonly limit: number = Number.POSITIVE_INFINITY,
  ) {}

  /** All kept entries in arrival order (a live, read-only view). */
  get entries(): readonly JournalEntry[] {
    this.compact()
    return this.list
  }

  /** How many entries were dropped, oldest first, to stay within `journalLimit`. */
  get dropped(): number {
    return this.received - (this.list.length - this.head)
  }

  /** The first entry matching `filter` (all entries if omitted), or `undefined`. */
  first(filter?: JournalFilter): JournalEntry | undefined {
    return filter ? this.entries.find(predicate(filter)) : this.entries[0]
  }

  /** The last entry matching `filter`, or `undefined`. */
  last(filter?: JournalFilter): JournalEntry | undefined {
    return filter ? this.entries.findLast(predicate(filter)) : this.entries.at(-1)
  }

  /** The `n`-th entry (1-based, like `seq`) matching `filter`, or `undefined`. */
  nth(n: number, filter?: JournalFilter): JournalEntry | undefined {
    return this.filter(filter)[n - 1]
  }

  /** Entries matching `filter`. */
  filter(filter?: JournalFilter): JournalEntry[] {
    return filter ? this.entries.filter(predicate(filter)) : [...this.entries]
  }

  /** Number of entries matching `filter`. */
  count(filter?: JournalFilter): number {
    return filter ? this.entries.filter(predicate(filter)).length : this.entries.length
  }

  /**
   * A timeline a person reads in a failing test: one line per request with time since the
   * first, packet, short session id, range, status, BITS error by name and context, the fault.
   */
  format(): string {
    return formatTimeline(this.entries, {
      seed: this.seed,
      serverSeed: this.serverSeed,
      dropped: this.dropped,
      limit: this.limit,
    })
  }

  toJSON(): {
    seed: number
    serverSeed: number
    dropped: number
    entries: readonly JournalEntry[]
  } {
    const { seed, serverSeed, dropped, entries } = this
    return { seed, serverSeed, dropped, entries }
  }

  /**
   * Calls `listener` when a request arrives (`opened`), when the server is done with it
   * (`completed`), when the client gives up on a hang (`abandoned`), and when the journal is reset
   * (`clear`): live views (the timeline, a dashboard) follow an upload with it.
   * @returns a function that unsubscribes; calling it twice does nothing.
   * @example
   *   const stop = bits.journal.subscribe((event) => {
   *     if (event.type === 'completed') console.log(event.entry.seq, event.entry.status)
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

  /**
   * Cuts the dropped entries from the front in one splice. Cutting one per request would move
   * the whole array each time (V8 shifts large arrays in O(n)); cutting when read, or once as many
   * are dropped as are kept, costs O(1) per request and holds at most twice the limit.
   */
  private compact(): void {
    if (this.head === 0) return
    this.list.splice(0, this.head)
    this.head = 0
  }

  /** @internal the server's one writer: each entry opened once and completed once. */
  [write] = {
    /**
     * Opens the entry of a request that just arrived: numbers it (`seq` goes on across drops)
     * and keeps it, dropping the oldest over the limit.
     */
    open: (arrival: EntryArrival): JournalEntry => {
      const entry = openEntry(arrival)
      entry.seq = ++this.received
      this.list.push(entry)
      if (this.list.length - this.head > this.limit) this.head++
      if (this.head >= this.limit) this.compact()
      this.emit({ type: 'opened', entry })
      return entry
    },
    /** The server is done with the entry: answered, or left without an answer. */
    complete: (entry: JournalEntry, done: EntryCompletion): void => {
      completeEntry(entry, done)
      this.emit({ type: 'completed', entry })
    },
    /** The client gave up on a hang: when. */
    abandon: (entry: JournalEntry, time: number): void => {
      abandonEntry(entry, time)
      this.emit({ type: 'abandoned', entry })
    },
    clear: (): void => {
      this.list.length = 0
      this.head = 0
      this.received = 0
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
