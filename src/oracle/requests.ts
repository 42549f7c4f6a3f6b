import type { JournalEntry } from '../journal/index.js'
import type { PacketType } from '../protocol/index.js'
import { pathOf, withoutQuery } from './urls.js'

/** Whether `entry` is a BITS packet of one of `types`. */
export function isPacket(entry: JournalEntry, ...types: PacketType[]): boolean {
  return entry.kind === 'packet' && entry.packet !== null && types.includes(entry.packet)
}

/** Whether `entry` downloaded a reply: a GET of a reply URL (a HEAD reads no bytes). */
export function isReplyDownload(entry: JournalEntry): boolean {
  return entry.kind === 'reply' && entry.method === 'GET'
}

/** Whether the client could have read `entry`'s answer by `time`. */
export function knownBy(entry: JournalEntry, time: number): boolean {
  return entry.answeredAt !== null && entry.answeredAt <= time
}

/**
 * Whether `later` resends `earlier`: the same packet on the same session (Create-Session: to the
 * same path), a Fragment from the same offset, or the same reply request (method and URL).
 */
export function isResend(earlier: JournalEntry, later: JournalEntry): boolean {
  if (earlier.kind !== later.kind || earlier.packet !== later.packet) return false
  if (earlier.kind === 'reply')
    return earlier.method === later.method && withoutQuery(earlier.url) === withoutQuery(later.url)
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

/** Bytes a Fragment carried: its range's length, or its body's. */
export function fragmentLength(entry: JournalEntry): number {
  return entry.range ? entry.range.last - entry.range.first + 1 : entry.bodyLength
}

function upper(value: string | null): string | null {
  return value === null ? null : value.toUpperCase()
}
