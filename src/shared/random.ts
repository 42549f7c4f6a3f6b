// pure-rand: a small seeded PRNG library (fast-check's), about 6 kB bundled for the three modules
// used here, where faker's SimpleFaker cost 113 kB of a browser bundle for the same service.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { mersenne } from 'pure-rand/generator/mersenne'

/** A seeded source of every random choice msw-bits makes, so a run can be replayed exactly. */
export interface Random {
  /** A float in [0, 1). */
  float(): number
  /** `length` random bytes. */
  bytes(length: number): Uint8Array
}

/**
 * A generator on a seeded Mersenne Twister: the same seed gives the same sequence.
 * @param seed any integer (taken modulo 2^32)
 * @example
 *   const random = seededRandom(42)
 *   random.float() // the same first draw on every run with seed 42
 */
export function seededRandom(seed: number): Random {
  const generator = mersenne(seed)
  return {
    float: () => uniformFloat64(generator),
    bytes: (length) => Uint8Array.from({ length }, () => uniformInt(generator, 0, 255)),
  }
}
