// The digest store hashes with node:crypto in Node and @noble/hashes in browsers: both must agree.
import * as crypto from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nativeHash, nobleHash } from '../../src/server/stores/running-hash.js'

describe('running SHA-256', () => {
  it('node:crypto and @noble/hashes give the same digest, chunk by chunk, and peeking does not end it', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), (chunks) => {
        const native = nativeHash(crypto)
        const noble = nobleHash()
        for (const chunk of chunks) {
          native.update(chunk)
          noble.update(chunk)
          expect(noble.peek()).toBe(native.peek())
        }
        const all = Buffer.concat(chunks)
        expect(native.peek()).toBe(crypto.createHash('sha256').update(all).digest('hex'))
      }),
    )
  })
})
