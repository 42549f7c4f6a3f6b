import type { Socket } from 'node:net'
import { DEFAULT_MAX_REQUEST_BYTES } from './framing-rules.js'

/**
 * How long and how much a client may take, named after the IIS and HTTP.sys settings they
 * stand for. Times are in seconds, as IIS configures them; fractions are taken (tests use 0.2).
 */
export interface ConnectionLimits {
  /**
   * Seconds from the first byte of a request to the end of its headers (IIS `headerWaitTimeout`,
   * HTTP.sys `HeaderWait`): a client trickling its headers (slowloris) is cut off. Default 120.
   */
  headerWaitTimeout: number
  /**
   * Seconds a connection may stay silent while the server waits on the client (IIS
   * `connectionTimeout`): idle between keep-alive requests, or a body that stopped arriving.
   * Time the server itself takes (a `hang`, a `stall`, a slow engine) does not count. Default 120.
   */
  connectionTimeout: number
  /** Longest request line plus headers, in bytes (HTTP.sys `MaxRequestBytes`). Default 16384. */
  maxRequestBytes: number
}

/** IIS's defaults: `connectionTimeout` 00:02:00, HTTP.sys `HeaderWait` 120 s, `MaxRequestBytes` 16 KiB. */
export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = {
  headerWaitTimeout: 120,
  connectionTimeout: 120,
  maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
}

/** Longest timeout a timer can wait, in seconds (2^31 - 1 ms). */
const MAX_TIMEOUT_S = (2 ** 31 - 1) / 1000

/**
 * The problems with the limits given, one message per bad field naming it; empty when all are good.
 * @example
 *   limitProblems({ connectionTimeout: -1 }) // ['"connectionTimeout": expected …, got -1']
 */
export function limitProblems(limits: Partial<Record<keyof ConnectionLimits, unknown>>): string[] {
  const problems: string[] = []
  for (const key of ['headerWaitTimeout', 'connectionTimeout'] as const) {
    const value = limits[key]
    if (value === undefined) continue
    if (typeof value !== 'number' || !(value > 0) || value > MAX_TIMEOUT_S)
      problems.push(
        `"${key}": expected seconds above 0 and at most ${MAX_TIMEOUT_S}, got ${JSON.stringify(value)}`,
      )
  }
  const bytes = limits.maxRequestBytes
  if (bytes !== undefined && (!Number.isInteger(bytes) || (bytes as number) < 256))
    problems.push(
      `"maxRequestBytes": expected an integer of at least 256 bytes, got ${JSON.stringify(bytes)}`,
    )
  return problems
}

/** The timers of one connection. */
export interface SlowClientGuard {
  /** Bytes arrived: the connection is not idle. */
  activity(): void
  /** The first bytes of a request head arrived: its headers must be complete in time. */
  headStarted(): void
  /** The head is complete. */
  headEnded(): void
  stop(): void
}

/**
 * Cuts off a connection whose client is too slow, as HTTP.sys does: closed without an answer.
 * @param waitingOnClient whether the server is waiting for the client's bytes right now (not
 *   answering, not holding the socket paused)
 */
export function guardSlowClient(
  socket: Socket,
  limits: Pick<ConnectionLimits, 'headerWaitTimeout' | 'connectionTimeout'>,
  waitingOnClient: () => boolean,
): SlowClientGuard {
  const idle = setTimeout(function check() {
    if (waitingOnClient()) socket.destroy()
    else idle.refresh()
  }, limits.connectionTimeout * 1000).unref()
  // One header timer per connection, re-armed for each request rather than made and cleared:
  // a keep-alive connection would otherwise allocate a timer per request.
  let header: NodeJS.Timeout | null = null
  let heading = false
  return {
    activity: () => idle.refresh(),
    headStarted() {
      if (heading) return
      heading = true
      if (header) header.refresh()
      else
        header = setTimeout(() => {
          if (heading) socket.destroy()
        }, limits.headerWaitTimeout * 1000).unref()
    },
    headEnded() {
      heading = false
    },
    stop() {
      clearTimeout(idle)
      if (header) clearTimeout(header)
      heading = false
    },
  }
}
