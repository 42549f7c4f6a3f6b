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

/**
 * Waits `ms` on `clock`, or less if `signal` aborts first.
 * @returns `true` when the time ran out, `false` when the signal aborted (at once if it already had)
 */
export async function sleepUnlessAborted(
  clock: Clock,
  ms: number,
  signal: AbortSignal,
): Promise<boolean> {
  if (signal.aborted) return false
  const aborted = new AbortController()
  const gone = untilAborted(signal, aborted.signal)
  try {
    return await Promise.race([clock.sleep(ms).then(() => true), gone.then(() => false)])
  } finally {
    aborted.abort() // drops the listener on `signal` once the sleep won
  }
}

/**
 * Resolves when `signal` aborts (at once if it has), never otherwise; `cancel` drops the listener,
 * so a long-lived signal does not keep one per wait.
 */
export function untilAborted(signal: AbortSignal, cancel?: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => resolve(), { once: true, signal: cancel })
  })
}
