/// <reference types="vitest" preserve="true" />
/**
 * `msw-bits/vitest`: registers the msw-bits matchers with vitest's `expect` and types them
 * (vitest 3.2 or later). Import it once, in a test file or in `setupFiles`.
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

// vitest ≥ 3.2 types `expect(x).*`, `expect.*` and `expect.extend` from its one `Matchers`
// interface (https://vitest.dev/guide/extending-matchers). Augmenting `Assertion` through 'vitest'
// instead compiles but adds nothing in a user's project: 'vitest' only re-exports @vitest/expect's.
declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: vitest declares Matchers<T = any>
  interface Matchers<T = any> extends BitsMatchers<void> {}
}

export { bitsMatchers }
