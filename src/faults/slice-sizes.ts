import { seededRandom } from '../shared/random.js'
import type { Slicing } from './compile-rule.js'

/**
 * The sizes, in bytes, of the pieces Toxiproxy's `slicer` cuts an answer of `total` bytes into:
 * each `averageSize` ± up to `sizeVariation`, drawn from `seed` (the same seed, the same cuts),
 * the last one what remains. They add up to `total`; none is empty.
 * @example
 *   sliceSizes(10, { averageSize: 4, sizeVariation: 0, delayUs: 0, seed: 1 }) // [4, 4, 2]
 */
export function sliceSizes(total: number, slicing: Slicing): number[] {
  const { averageSize, sizeVariation } = slicing
  const random = seededRandom(slicing.seed)
  const sizes: number[] = []
  for (let left = total; left > 0; ) {
    const drawn = averageSize + Math.round((random.float() * 2 - 1) * sizeVariation)
    const size = Math.min(left, Math.max(1, drawn))
    sizes.push(size)
    left -= size
  }
  return sizes
}
