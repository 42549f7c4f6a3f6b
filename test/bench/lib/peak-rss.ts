import { readFileSync, writeFileSync } from 'node:fs'

/**
 * Linux keeps the peak RSS (VmHWM) and lets a process reset it: exact, however short the peak.
 * Elsewhere `reset()` answers `false` and the caller samples RSS itself.
 */
export const highWaterMark = {
  /** Starts a new peak at the current RSS; `false` when the platform has no VmHWM. */
  reset(): boolean {
    try {
      writeFileSync('/proc/self/clear_refs', '5')
      return this.read() !== null
    } catch {
      return false
    }
  },
  /** The peak RSS in bytes since the last reset, or `null` off Linux. */
  read(): number | null {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
      return match ? Number(match[1]) * 1024 : null
    } catch {
      return null
    }
  },
}
