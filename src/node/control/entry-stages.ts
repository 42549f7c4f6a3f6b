import type { JournalEntry } from '../../journal/index.js'

/**
 * How far a request has come, for a live view of the journal:
 * - `hang`: the server chose not to answer (a fault plan's hang), shown at once so a watcher sees
 *   it before the client gives up;
 * - `ended`: answered, failed by a transport fault, or given up by the client (mid-body, during a
 *   delay, or on a hang);
 * - `null`: still waiting for its answer.
 */
export type EntryStage = 'hang' | 'ended'

/**
 * The stage `entry` has reached.
 * @example
 *   entryStage({ ...entry, answeredAt: null, unanswered: 'hang', abortedAt: null }) // 'hang'
 */
export function entryStage(entry: Readonly<JournalEntry>): EntryStage | null {
  if (entry.answeredAt !== null || entry.abortedAt != null) return 'ended'
  return entry.unanswered === 'hang' ? 'hang' : null
}

/**
 * Which stage of each entry a live view has shown, so it shows each stage once: a request the
 * client gave up on, and a hang twice (when it starts, and when the client gives up on it).
 * @example
 *   const stages = new StageTracker()
 *   journal.subscribe((event) => {
 *     if (event.type === 'entry' && stages.advance(event.entry)) print(event.entry)
 *   })
 */
export class StageTracker {
  private readonly shown = new Map<number, EntryStage>()

  /** Whether `entry` reached a stage not shown yet; remembers it as shown. */
  advance(entry: Readonly<JournalEntry>): boolean {
    const stage = entryStage(entry)
    const shown = this.shown.get(entry.seq)
    if (stage === null || stage === shown || shown === 'ended') return false
    this.shown.set(entry.seq, stage)
    return true
  }

  /** Whether `entry` was shown at all. */
  seen(entry: Readonly<JournalEntry>): boolean {
    return this.shown.has(entry.seq)
  }

  /** Forgets every entry (after a journal reset, whose `seq` start again at 1). */
  clear(): void {
    this.shown.clear()
  }
}
