import { createServer, type Socket } from 'node:net'
import { type BitsEngine, createBitsEngine } from '../server/engine.js'
import type { BitsServerOptions } from '../server/options.js'
import type { StoreName, UploadStore } from '../server/stores/index.js'
import { BitsUsageError } from '../shared/usage-error.js'
import { createBitsAnswer, type MissingLengthStatus } from './bits-host.js'
import { CONTROL_PREFIX, createControlApi, isControlPath } from './control/control-api.js'
import { type ServedConnection, serveConnection } from './http/connection.js'
import type { SocketAnswer } from './http/socket-answer.js'
import { directoryStore } from './stores/directory-store.js'

/** The default upload URL of the loopback server; its port is replaced by the real one. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1/uploads'

/**
 * Options of {@link startBitsServer}: every `createBitsServer` option, plus where to listen.
 * @see BitsServerOptions
 */
export interface StartBitsServerOptions extends Omit<BitsServerOptions, 'baseUrl' | 'store'> {
  /**
   * The upload URL; only its path matters (requests reach the server at `host:port`).
   * Default `http://127.0.0.1/uploads`. A path under `/__bits/` is refused: the control API owns it.
   */
  baseUrl?: string
  /** TCP port; 0 (the default) takes any free one. */
  port?: number
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string
  /**
   * `'memory'`, `'digest'`, a custom store, or `{ dir }`: completed uploads written under `dir`
   * (see {@link directoryStore}).
   */
  store?: StoreName | UploadStore | { dir: string }
  /** Status for a BITS packet without `Content-Length`: 400 (the default, as Windows) or 411. */
  missingContentLengthStatus?: MissingLengthStatus
  /**
   * Refuse a missing `Content-Length` on every packet, as Windows does, not only on a Fragment.
   * Default `false`: `fetch` and undici send none on a bodiless `BITS_POST`.
   */
  strictContentLength?: boolean
}

/** A running loopback server. */
export interface RunningBitsServer {
  /** The upload URL with the real host and port: `http://127.0.0.1:41234/uploads`. */
  readonly url: string
  /** The control API's root: `http://127.0.0.1:41234/__bits`. */
  readonly controlUrl: string
  /** The port it listens on. */
  readonly port: number
  /** The emulated server: journal, faults, uploads, sessions, reset, as in-process. */
  readonly bits: BitsEngine
  /**
   * Stops listening, ends live streams, lets each request in progress finish for up to `graceMs`
   * (default 0) and closes every connection. Idempotent.
   */
  close(options?: { graceMs?: number }): Promise<void>
}

/**
 * Starts a real BITS upload server on 127.0.0.1, for clients MSW cannot reach: `node:http`
 * (axios, got), other languages, other processes. The same engine, fault plans, journal and oracle
 * as in-process; the control API answers under `/__bits/`.
 *
 * @throws {BitsUsageError} `INVALID_OPTIONS` for a bad option (naming it), before listening
 * @throws the listen error (`EADDRINUSE`, …) when the port cannot be bound
 * @example
 *   import { startBitsServer } from 'msw-bits/node'
 *   const srv = await startBitsServer({ port: 0 })
 *   // upload to srv.url + '/crash.dmp' with any client, then:
 *   console.log(srv.bits.uploads.get('crash.dmp')?.sha256)
 *   await srv.close()
 * @see [MC-BUP] §3.2 (server details)
 */
export async function startBitsServer(
  options: StartBitsServerOptions = {},
): Promise<RunningBitsServer> {
  const {
    port = 0,
    host = '127.0.0.1',
    missingContentLengthStatus = 400,
    strictContentLength = false,
    ...rest
  } = options
  checkListen(port, host, missingContentLengthStatus, strictContentLength)
  const directory = isDirectory(rest.store)
    ? directoryStore({ dir: rest.store.dir, allowOverwrites: rest.allowOverwrites ?? true })
    : null
  const bits = createBitsEngine({
    ...rest,
    baseUrl: rest.baseUrl ?? DEFAULT_BASE_URL,
    store: directory ?? (rest.store as StoreName | UploadStore | undefined),
  })
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
  const answerBits = createBitsAnswer(bits, {
    status: missingContentLengthStatus,
    strict: strictContentLength,
  })
  const connections = new Map<Socket, ServedConnection>()
  const server = createServer((socket) => {
    const connection = serveConnection(socket, {
      now: () => bits.options.clock.now(),
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
          directory?.close()
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

function isDirectory(store: StartBitsServerOptions['store']): store is { dir: string } {
  if (typeof store !== 'object' || store === null || !('dir' in store)) return false
  if (typeof store.dir === 'string' && store.dir !== '') return true
  throw new BitsUsageError(
    'INVALID_OPTIONS',
    `Failed to start the BITS server: "store.dir": expected a directory path, got ${JSON.stringify(store.dir)}.`,
  )
}

function checkListen(port: unknown, host: unknown, missing: unknown, strict: unknown): void {
  const problems: string[] = []
  if (!Number.isInteger(port) || (port as number) < 0 || (port as number) > 65_535)
    problems.push(`"port": expected an integer from 0 to 65535, got ${JSON.stringify(port)}`)
  if (typeof host !== 'string' || host === '')
    problems.push(`"host": expected a host name or address`)
  if (missing !== 400 && missing !== 411)
    problems.push(
      `"missingContentLengthStatus": expected 400 or 411, got ${JSON.stringify(missing)}`,
    )
  if (typeof strict !== 'boolean')
    problems.push(`"strictContentLength": expected true or false, got ${JSON.stringify(strict)}`)
  if (problems.length > 0) {
    throw new BitsUsageError(
      'INVALID_OPTIONS',
      `Failed to start the BITS server: ${problems.join('; ')}.`,
    )
  }
}
