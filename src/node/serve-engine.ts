import { createServer, type Socket } from 'node:net'
import type { BitsEngine } from '../server/engine.js'
import { BitsUsageError } from '../shared/usage-error.js'
import { createBitsAnswer, type MissingLengthPolicy } from './bits-host.js'
import { CONTROL_PREFIX, createControlApi, isControlPath } from './control/control-api.js'
import { type ServedConnection, serveConnection } from './http/connection.js'
import { type ConnectionLimits, DEFAULT_CONNECTION_LIMITS } from './http/connection-limits.js'
import type { SocketAnswer } from './http/socket-answer.js'

/** A running loopback server. */
export interface RunningBitsServer<B extends BitsEngine = BitsEngine> {
  /** The upload URL with the real host and port: `http://127.0.0.1:41234/uploads`. */
  readonly url: string
  /** The control API's root: `http://127.0.0.1:41234/__bits`. */
  readonly controlUrl: string
  /** The port it listens on. */
  readonly port: number
  /** The emulated server: journal, faults, uploads, sessions, reset, as in-process. */
  readonly bits: B
  /**
   * Stops listening, ends live streams, lets each request in progress finish for up to `graceMs`
   * (default 0) and closes every connection. Idempotent.
   */
  close(options?: { graceMs?: number }): Promise<void>
}

/** Where and how {@link serveEngine} listens. */
export interface ServeEngineOptions {
  port: number
  host: string
  missingContentLength: MissingLengthPolicy
  /** Timeouts and the head size limit; IIS's defaults for those absent. */
  limits?: Partial<ConnectionLimits>
  /** Called once the server has closed. */
  onClose?: () => void
}

/**
 * Serves an existing engine (or `BitsServer`) over TCP: the same sessions, journal and faults
 * answer in-process and on the socket. {@link startBitsServer} is the usual way in.
 * @throws {BitsUsageError} `INVALID_OPTIONS` when the engine's base path is under `/__bits/`
 */
export async function serveEngine<B extends BitsEngine>(
  bits: B,
  { port, host, missingContentLength, limits, onClose }: ServeEngineOptions,
): Promise<RunningBitsServer<B>> {
  const basePath = bits.options.base.pathname
  if (isControlPath(basePath) || basePath === '') {
    throw new BitsUsageError(
      'INVALID_OPTIONS',
      `Failed to start the BITS server: "baseUrl" path ${JSON.stringify(basePath || '/')} ${
        basePath === '' ? 'is the root, which holds' : 'is under'
      } the control API's ${CONTROL_PREFIX}/. Use a path such as /uploads.`,
    )
  }

  const closing = new AbortController()
  const control = createControlApi({ bits, closed: closing.signal })
  const answerBits = createBitsAnswer(bits, missingContentLength)
  const connections = new Map<Socket, ServedConnection>()
  const connectionLimits = { ...DEFAULT_CONNECTION_LIMITS }
  for (const [key, value] of Object.entries(limits ?? {}))
    if (value !== undefined) connectionLimits[key as keyof ConnectionLimits] = value
  const server = createServer((socket) => {
    const connection = serveConnection(socket, {
      now: () => bits.options.clock.now(),
      limits: connectionLimits,
      answer: async (incoming): Promise<SocketAnswer> =>
        isControlPath(new URL(incoming.request.url).pathname)
          ? { kind: 'respond', response: await control(incoming.request) }
          : answerBits(incoming),
    })
    connections.set(socket, connection)
    connection.done.finally(() => connections.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  const realPort = typeof address === 'object' && address !== null ? address.port : port
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${realPort}`
  let closed: Promise<void> | null = null

  return {
    url: `${origin}${basePath}`,
    controlUrl: `${origin}${CONTROL_PREFIX}`,
    port: realPort,
    bits,
    close({ graceMs = 0 } = {}) {
      closed ??= new Promise<void>((resolve) => {
        closing.abort()
        server.close(() => {
          onClose?.()
          resolve()
        })
        for (const connection of connections.values()) connection.shutdown()
        // What is still busy after the grace period (a hang, a stalled upload) is cut off.
        setTimeout(() => {
          for (const socket of connections.keys()) socket.destroy()
        }, graceMs).unref()
      })
      return closed
    },
  }
}
