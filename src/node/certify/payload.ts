import { createHash } from 'node:crypto'
import type { ScenarioPayload } from './report-types.js'

/**
 * The bytes of a scenario's payload: `size` bytes from a mulberry32 stream seeded with `seed`, so
 * every run (and every language's client) uploads the same file. Fast enough for 64 MiB (~0.1 s).
 * @example
 *   payloadBytes({ size: 4096, seed: 13, name: 'a.bin' }).byteLength // 4096
 */
export function payloadBytes(payload: Pick<ScenarioPayload, 'size' | 'seed'>): Uint8Array {
  const bytes = new Uint8Array(payload.size)
  const words = new Uint32Array(bytes.buffer, 0, payload.size >>> 2)
  let state = payload.seed >>> 0
  const next = (): number => {
    // mulberry32: a 32-bit generator with a full period, one multiply-xorshift step per word.
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  for (let i = 0; i < words.length; i++) words[i] = next()
  for (let i = words.length * 4; i < bytes.length; i++) bytes[i] = next() & 0xff
  return bytes
}

/** SHA-256 of `bytes`, lower-case hex, as the stores report it. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
