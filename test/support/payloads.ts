import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

const PAYLOADS = new URL('../../fixtures/payloads/', import.meta.url)

/** A committed payload under fixtures/payloads. */
export function payload(name: 'crash-report.log' | 'screenshot.png' | 'one-byte.bin'): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, PAYLOADS)))
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
