import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

// A path, not a URL: jsdom and happy-dom replace the global URL, which node:fs refuses.
const PAYLOADS = join(import.meta.dirname, '../../fixtures/payloads')

/** A committed payload under fixtures/payloads. */
export function payload(name: 'crash-report.log' | 'screenshot.png' | 'one-byte.bin'): Uint8Array {
  return new Uint8Array(readFileSync(join(PAYLOADS, name)))
}

/**
 * `size` deterministic pseudo-random bytes (xorshift32 from `seed`): large payloads are generated,
 * not committed.
 */
export function generateBytes(size: number, seed = 0x9e3779b9): Uint8Array {
  const words = new Uint32Array(Math.ceil(size / 4))
  let x = seed >>> 0 || 1
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    words[i] = x >>> 0
  }
  return new Uint8Array(words.buffer, 0, size)
}

/** SHA-256 in lower-case hex, by node:crypto (independent of the server's @noble/hashes). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * The first offset where two byte arrays differ (the shorter length if one is a prefix of the
 * other), or `null` when they are equal. Faster than `toEqual` on large arrays, and its failure
 * names the offset: `expect(firstDifference(upload.bytes, data)).toBeNull()`.
 */
export function firstDifference(
  actual: Uint8Array | undefined,
  expected: Uint8Array,
): number | null {
  if (actual === undefined) return 0
  if (Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(expected)) return null
  const length = Math.min(actual.byteLength, expected.byteLength)
  for (let i = 0; i < length; i++) if (actual[i] !== expected[i]) return i
  return length
}
