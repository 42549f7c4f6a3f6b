import type { Clock } from '../../src/index.js'

/** A {@link Clock} that only moves when the server sleeps: waits take no time, runs replay exactly. */
export interface VirtualClock extends Clock {
  /** Milliseconds the clock has moved since `since` (a reading of `now()`). */
  elapsedSince(since: number): number
}

/**
 * A clock whose `sleep` advances `now` at once; `onSleep` sees each wait before it passes (what
 * the server was waiting for).
 */
export function virtualClock(
  onSleep: (ms: number) => void = () => {},
  start = Date.UTC(2026, 10, 21),
): VirtualClock {
  let now = start
  return {
    now: () => now,
    sleep: async (ms) => {
      onSleep(ms)
      now += ms
    },
    elapsedSince: (since) => now - since,
  }
}
