/**
 * Where msw-bits reads time: session idleness, journal timestamps, fault delays.
 * Inject one to replay a run exactly; the default reads the global timers at call time, so
 * `vi.useFakeTimers()` and `jest.useFakeTimers()` drive it.
 * @example
 *   import { type Clock, createBitsServer } from 'msw-bits'
 *
 *   let now = 0
 *   const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) }
 *   const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads', clock })
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  /**
   * Resolves after `ms` milliseconds. Once `signal` aborts it need never resolve, and should let
   * go of its timer, so an abandoned wait does not keep a process alive (a clock that ignores
   * `signal` still works).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** The global `Date.now` and `setTimeout`, looked up on every call so fake timers apply. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return
      const timer = globalThis.setTimeout(resolve, ms)
      signal?.addEventListener('abort', () => globalThis.clearTimeout(timer), { once: true })
    }),
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
  const done = new AbortController()
  const gone = untilAborted(signal, done.signal)
  try {
    return await Promise.race([
      clock.sleep(ms, done.signal).then(() => true),
      gone.then(() => false),
    ])
  } finally {
    // Drops the listener on `signal` once the sleep won, and the timer once the signal won: a
    // client that gave up on a 60 s delay kept `msw-bits serve` alive 60 s after Ctrl-C.
    done.abort()
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
