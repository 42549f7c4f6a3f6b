import { createHash, randomFillSync } from 'node:crypto'

export const MiB = 1024 * 1024

/** One fragment of a generated upload; `bytes` is only valid until the next one is generated. */
export interface Fragment {
  first: number
  last: number
  bytes: Uint8Array
}

/**
 * A large upload generated fragment by fragment into one reused buffer: random bytes with the
 * fragment's index written over its first 8 bytes, so every fragment differs and a fragment
 * stored twice or out of order changes the SHA-256. Memory: one fragment, whatever the size.
 */
export class GeneratedUpload {
  private readonly buffer: Uint8Array
  private readonly view: DataView

  constructor(
    readonly total: number,
    readonly fragmentSize: number,
  ) {
    this.buffer = randomFillSync(new Uint8Array(Math.min(fragmentSize, total)))
    this.view = new DataView(this.buffer.buffer)
  }

  *fragments(): Generator<Fragment> {
    for (let first = 0, index = 0; first < this.total; first += this.fragmentSize, index++) {
      const length = Math.min(this.fragmentSize, this.total - first)
      if (length >= 8) this.view.setFloat64(0, index)
      yield { first, last: first + length - 1, bytes: this.buffer.subarray(0, length) }
    }
  }

  /** SHA-256 of the whole upload, computed incrementally with node:crypto. */
  sha256(): string {
    const hash = createHash('sha256')
    for (const { bytes } of this.fragments()) hash.update(bytes)
    return hash.digest('hex')
  }
}
