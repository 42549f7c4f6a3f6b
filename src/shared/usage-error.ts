/**
 * What a {@link BitsUsageError} is about: `INVALID_OPTIONS` (a server or loopback option),
 * `INVALID_PLAN` (a fault plan or rule), `INVALID_ARGUMENTS` (a command-line flag),
 * `UNSUPPORTED_CLIENT` (a `node:http` client sending BITS_POST to in-process handlers).
 * @example
 *   import { BitsUsageError, type BitsUsageErrorCode, createBitsServer } from 'msw-bits'
 *
 *   const code: BitsUsageErrorCode = 'INVALID_OPTIONS'
 *   expect(() => createBitsServer({ baseUrl: 'not a url' })).toThrow(
 *     expect.objectContaining({ name: 'BitsUsageError', code }),
 *   )
 */
export type BitsUsageErrorCode =
  | 'INVALID_OPTIONS'
  | 'INVALID_PLAN'
  | 'INVALID_ARGUMENTS'
  | 'UNSUPPORTED_CLIENT'

/**
 * Developer misuse of msw-bits (a bad option, a malformed fault plan): thrown at the call that
 * made the mistake, never answered on the wire.
 * @example
 *   import { BitsUsageError } from 'msw-bits'
 *
 *   try {
 *     bits.faults.use({ rules: [{ packet: 'Fragment', times: 0, respond: { status: 503 } }] })
 *   } catch (error) {
 *     if (error instanceof BitsUsageError && error.code === 'INVALID_PLAN') console.error(error.message)
 *   }
 */
export class BitsUsageError extends Error {
  override readonly name = 'BitsUsageError'

  /**
   * @param code stable identifier to match on, e.g. `'INVALID_OPTIONS'`, `'INVALID_PLAN'`
   * @param message "Failed to <verb> <object>: <reason>. <remedy>."
   */
  constructor(
    readonly code: BitsUsageErrorCode,
    message: string,
  ) {
    super(message)
  }
}
