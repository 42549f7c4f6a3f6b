/**
 * A fragment's byte range: zero-based, inclusive, in bytes.
 * @see [MC-BUP] §2.2.6 (Content-Range)
 * @example
 *   import type { ByteRange } from 'msw-bits'
 *
 *   // `Content-Range: bytes 0-16383/100000`
 *   const range: ByteRange | null = bits.journal.first({ packet: 'Fragment' })?.range ?? null
 *   // { first: 0, last: 16383, total: 100000 }
 */
export interface ByteRange {
  /** Offset of the fragment's first byte. */
  first: number
  /** Offset of the fragment's last byte (inclusive). */
  last: number
  /** Size of the whole upload, in bytes. */
  total: number
}

const CONTENT_RANGE = /^bytes\s+(\d+)-(\d+)\/(\d+)$/i

/**
 * Parses `Content-Range: bytes <first>-<last>/<total>`.
 *
 * @returns the range, or `null` for bad syntax, `last < first`, or `last >= total`: every one of
 *   them a malformed Fragment the server answers with 400 E_INVALIDARG.
 * @see [MC-BUP] §2.2.6, §3.2.5.2.6
 */
export function parseContentRange(value: string | null): ByteRange | null {
  const match = value === null ? null : CONTENT_RANGE.exec(value.trim())
  if (!match) return null
  const [first, last, total] = match.slice(1).map(Number) as [number, number, number]
  if (![first, last, total].every(Number.isSafeInteger)) return null
  if (last < first || last >= total) return null
  return { first, last, total }
}

/**
 * Whether `value` is a well-formed `Content-Range` whose numbers pass 2^53 − 1, the largest byte
 * count the server keeps exactly: an upload too large to accept (500 BG_E_TOO_LARGE, as for one
 * over `maxUploadSize`), not a malformed packet.
 * @see [MC-BUP] §3.2.5.2.6
 */
export function exceedsSafeSize(value: string | null): boolean {
  const match = value === null ? null : CONTENT_RANGE.exec(value.trim())
  return match !== null && !match.slice(1).map(Number).every(Number.isSafeInteger)
}

/** Formats a range for a `Content-Range` header. */
export function formatContentRange({ first, last, total }: ByteRange): string {
  return `bytes ${first}-${last}/${total}`
}

/** Number of bytes a range covers. */
export function rangeLength({ first, last }: ByteRange): number {
  return last - first + 1
}
