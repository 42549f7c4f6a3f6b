/**
 * Where msw-bits reads time: session idleness, journal timestamps, fault delays.
 * Inject one to replay a run exactly; the default reads the global timers at call time, so
 * `vi.useFakeTimers()` and `jest.useFakeTimers()` drive it.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>
}

/** The global `Date.now` and `setTimeout`, looked up on every call so fake timers apply. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => globalThis.setTimeout(resolve, ms)),
}
