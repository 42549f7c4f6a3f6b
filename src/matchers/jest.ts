/// <reference types="expect" preserve="true" />
/**
 * `msw-bits/jest`: registers the msw-bits matchers with jest's `expect` and types them, for
 * `@jest/globals` (the `expect` package) and for `@types/jest` globals alike.
 * Add it to `setupFilesAfterEnv`, or import it in a test file.
 * @example
 *   // jest.config.js
 *   export default { setupFilesAfterEnv: ['msw-bits/jest'] }
 *   // a test
 *   expect(bits).toFollowBitsClientRules()
 * @see https://jestjs.io/docs/expect#expectextendmatchers
 */
import { expect } from '@jest/globals'
import { type BitsMatchers, bitsMatchers } from './matchers.js'

expect.extend(bitsMatchers)

declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends BitsMatchers<R> {}
  interface AsymmetricMatchers extends BitsMatchers<void> {}
}

declare global {
  namespace jest {
    // biome-ignore lint/complexity/noBannedTypes: @types/jest declares Matchers<R, T = {}>
    interface Matchers<R, T = {}> extends BitsMatchers<R> {}
  }
}

export { bitsMatchers }
