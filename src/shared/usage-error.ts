/**
 * Developer misuse of msw-bits (a bad option, a malformed fault plan): thrown at the call that
 * made the mistake, never answered on the wire.
 */
export class BitsUsageError extends Error {
  override readonly name = 'BitsUsageError'

  /**
   * @param code stable identifier to match on, e.g. `'INVALID_OPTIONS'`, `'INVALID_PLAN'`
   * @param message "Failed to <verb> <object>: <reason>. <remedy>."
   */
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}
