/// <reference types="vitest" preserve="true" />
/**
 * `msw-bits/vitest`: registers the msw-bits matchers with vitest's `expect` and types them.
 * Import it once, in a test file or in `setupFiles`.
 * @example
 *   // vitest.config.ts
 *   export default defineConfig({ test: { setupFiles: ['msw-bits/vitest'] } })
 *   // a test
 *   expect(bits).toFollowBitsClientRules()
 * @see https://vitest.dev/guide/extending-matchers
 */
import { expect } from 'vitest'
import { type BitsMatchers, bitsMatchers } from './matchers.js'

expect.extend(bitsMatchers)

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: vitest declares Assertion<T = any>
  interface Assertion<T = any> extends BitsMatchers<void> {}
  interface AsymmetricMatchersContaining extends BitsMatchers {}
}

export { bitsMatchers }
