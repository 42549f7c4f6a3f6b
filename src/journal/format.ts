import { contextName, formatContentRange, hresultName } from '../protocol/index.js'
import type { JournalEntry } from './journal-entry.js'
import { unansweredText } from './record.js'

/** What the timeline's header says of the run. */
export interface TimelineHeader {
  /** The fault plan's seed (its own, or the server's). */
  seed: number
  /** The server's seed, which issued the session ids. */
  serverSeed: number
  /** Entries dropped to stay within `journalLimit`. */
  dropped: number
  /** `journalLimit`. */
  limit: number
}

/** Widths of the padded columns, in characters. */
export interface ColumnWidths {
  seq: number
  time: number
  packet: number
  session: number
  range: number
}

/** The widths a live view uses, before it has seen the entries; a timeline grows them to fit. */
export const DEFAULT_WIDTHS: Readonly<ColumnWidths> = Object.freeze({
  seq: 4,
  time: 8,
  packet: 15,
  session: 10,
  range: 26,
})

/**
 * The timeline: a header naming both seeds (the plan's and, when it differs, the server's that
 * issued the session ids, so a run can be replayed) and what was dropped, then one line per
 * entry, times relative to the first, columns as wide as the widest cell:
 * `#3  +0.012s  Fragment        {A0FF5911}  bytes 0-99/250   → 500 BG_E_SESSION_NOT_FOUND (REMOTE_FILE)  ⚡ lost: respond 500`
 */
export function formatTimeline(entries: readonly JournalEntry[], header: TimelineHeader): string {
  const start = entries[0]?.time ?? 0
  const cells = entries.map((entry) => cellsOf(entry, start))
  const widths = { ...DEFAULT_WIDTHS }
  for (const cell of cells) {
    for (const key of Object.keys(widths) as (keyof ColumnWidths)[])
      widths[key] = Math.max(widths[key], cell[key].length)
  }
  return [headerLine(entries.length, header), ...cells.map((cell) => line(cell, widths))].join('\n')
}

function headerLine(count: number, { seed, serverSeed, dropped, limit }: TimelineHeader): string {
  const seeds =
    seed === serverSeed ? `seed ${seed}` : `server seed ${serverSeed}, plan seed ${seed}`
  const drops = dropped > 0 ? `, ${dropped} older dropped (journalLimit ${limit})` : ''
  return `msw-bits journal: ${count} request(s), ${seeds}${drops}`
}

/**
 * One timeline line for `entry`, its time shown since `start` (ms), as a live view prints it.
 * @param widths column widths; default {@link DEFAULT_WIDTHS}, which a long cell overflows
 * @example formatEntry(entry, journal.entries[0].time)
 */
export function formatEntry(
  entry: JournalEntry,
  start: number,
  widths: Readonly<ColumnWidths> = DEFAULT_WIDTHS,
): string {
  return line(cellsOf(entry, start), widths)
}

type Cells = Record<keyof ColumnWidths, string> & { answer: string; fault: string | null }

function cellsOf(entry: JournalEntry, start: number): Cells {
  const fault = entry.fault
  const processed =
    fault?.serverStatus === undefined ? '' : ` (server answered ${fault.serverStatus})`
  return {
    seq: `#${entry.seq}`,
    time: `+${((entry.time - start) / 1000).toFixed(3)}s`,
    packet:
      entry.packet ?? (entry.kind === 'reply' ? `${entry.method} reply` : `${entry.method} ?`),
    session: entry.sessionId ? `${entry.sessionId.slice(0, 9).replace(/^\{?/, '{')}}` : '-',
    range: entry.range ? formatContentRange(entry.range) : '',
    answer: `→ ${formatAnswer(entry)}`,
    fault: fault ? `⚡ ${fault.rule}: ${fault.action}${processed}` : null,
  }
}

function line(cells: Cells, widths: Readonly<ColumnWidths>): string {
  const columns = [
    cells.seq.padEnd(widths.seq),
    cells.time.padStart(widths.time),
    cells.packet.padEnd(widths.packet),
    cells.session.padEnd(widths.session),
    cells.range.padEnd(widths.range),
    cells.answer,
  ]
  if (cells.fault !== null) columns.push(cells.fault)
  return columns.join('  ').trimEnd()
}

/** The answer as the timeline prints it: `503 BG_E_HTTP_ERROR_503 (REMOTE_FILE)`, `no answer (hang)`. */
export function formatAnswer(entry: JournalEntry): string {
  if (entry.status === null) return unansweredText(entry)
  const parts = [String(entry.status)]
  if (entry.errorCode !== null) {
    const context = entry.errorContext === null ? '' : ` (${contextName(entry.errorContext)})`
    parts.push(`${hresultName(entry.errorCode)}${context}`)
  }
  if (entry.receivedRange !== null) parts.push(`received ${entry.receivedRange}`)
  if (entry.replyUrl !== null) parts.push('reply-url')
  return parts.join(' ')
}
