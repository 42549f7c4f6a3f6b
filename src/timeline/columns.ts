import type { TimelineMark } from './layout.js'

/**
 * One column of a session's bytes, left to right. A `run` is fragments in a row that each got a
 * 2xx at the first try with no fault and no broken rule: one bar with a count, however many.
 * A `tries` column is every try of one stretch of bytes in arrival order (a fragment a fault acted
 * on, then the retries that followed, or a resync that resent part of a range), each its own bar.
 * @example
 *   import { layoutTimeline, type TimelineColumn, timelineColumns } from 'msw-bits/timeline'
 *
 *   const session = layoutTimeline(bits.journal.toJSON()).sessions[0]
 *   const columns: TimelineColumn[] = timelineColumns(session?.lanes.flat() ?? [])
 *   columns.map(({ kind, first, last }) => `${kind} ${first}-${last}`) // ['run 0-16383', 'tries 16384-32767', …]
 */
export interface TimelineColumn {
  kind: 'run' | 'tries'
  /** Arrival order within the column. */
  marks: TimelineMark[]
  /** First byte the column covers (`Content-Range` first). */
  first: number
  /** Last byte it covers, inclusive. */
  last: number
}

/**
 * A session's fragments as columns: ranges that overlap (a try and its retries) form one `tries`
 * column unless it is a single plain success; plain successes in a row merge into one `run`. So a
 * run of 1,000 fragments of 4 KiB with three faults draws as eight columns, and every
 * faulted request and its retries stay apart and labelled.
 * @param fragments the session's fragments with a `Content-Range`, in arrival order
 * @example
 *   import { layoutTimeline, timelineColumns } from 'msw-bits/timeline'
 *
 *   timelineColumns(layoutTimeline(bits.journal.toJSON()).sessions[0]!.lanes.flat())
 *     .map((column) => `${column.kind} ×${column.marks.length}`) // ['run ×1', 'tries ×4', 'run ×3']
 * @see [MC-BUP] §2.2.6 (Fragment Content-Range), §3.2.5.2.6 (resync at the received range)
 */
export function timelineColumns(fragments: readonly TimelineMark[]): TimelineColumn[] {
  const columns: TimelineColumn[] = []
  for (const group of overlapping(fragments)) {
    const previous = columns.at(-1)
    const plain = group.marks.length === 1 && isPlain(group.marks[0])
    if (plain && previous?.kind === 'run') {
      previous.marks.push(...group.marks)
      previous.last = group.last
    } else {
      columns.push({ kind: plain ? 'run' : 'tries', ...group })
    }
  }
  return columns
}

/** Answered 2xx at the first try, no fault acted, no client rule names it. */
function isPlain(mark: TimelineMark | undefined): boolean {
  return mark !== undefined && mark.kind === 'ok' && !mark.entry.fault && !mark.violations.length
}

/** Fragments whose ranges overlap, as groups in byte order; each group in arrival order. */
function overlapping(fragments: readonly TimelineMark[]): Omit<TimelineColumn, 'kind'>[] {
  const sorted = fragments
    .filter((mark) => mark.entry.range !== null)
    .sort((a, b) => rangeOf(a).first - rangeOf(b).first || a.entry.seq - b.entry.seq)
  const groups: Omit<TimelineColumn, 'kind'>[] = []
  for (const mark of sorted) {
    const { first, last } = rangeOf(mark)
    const group = groups.at(-1)
    if (group && first <= group.last) {
      group.marks.push(mark)
      group.last = Math.max(group.last, last)
    } else {
      groups.push({ marks: [mark], first, last })
    }
  }
  for (const group of groups) group.marks.sort((a, b) => a.entry.seq - b.entry.seq)
  return groups
}

function rangeOf(mark: TimelineMark): { first: number; last: number } {
  return mark.entry.range ?? { first: 0, last: 0 }
}
