import { createServer, type Socket } from 'node:net'
import { createSecureContext, createServer as createTlsServer } from 'node:tls'
import type { BitsEngine } from '../server/engine.js'
import { BitsUsageError } from '../shared/usage-error.js'
import { createBitsAnswer, type MissingLengthPolicy } from './bits-host.js'
import { CONTROL_PREFIX, createControlApi, isControlPath } from './control/control-api.js'
import { type IncomingRequest, type ServedConnection, serveConnection } from './http/connection.js'
import { type ConnectionLimits, DEFAULT_CONNECTION_LIMITS } from './http/connection-limits.js'
import type { SocketAnswer } from './http/socket-answer.js'
import { guarded } from './security/guard.js'
import { type SecurityOptions, securityPolicy } from './security/policy.js'
import {
  publishCertificate,
  type ServerCertificate,
  type TlsCredentials,
} from './tls/loopback-certificate.js'

/**
 * A running loopback server: what {@link startBitsServer} resolves to.
 * @example
 *   import { type RunningBitsServer, startBitsServer } from 'msw-bits/node'
 *
 *   const srv: RunningBitsServer = await startBitsServer({ baseUrl: 'http://127.0.0.1/files' })
 *   console.log(srv.url, srv.controlUrl) // http://127.0.0.1:41234/files http://127.0.0.1:41234/__bits
 *   await srv.close({ graceMs: 1_000 })
 */
export interface RunningBitsServer<B extends BitsEngine = BitsEngine> {
  /** The upload URL with the real host and port: `http://127.0.0.1:41234/uploads`. */
  readonly url: string
  /** The control API's root: `http://127.0.0.1:41234/__bits`. */
  readonly controlUrl: string
  /**
   * With TLS, the certificate the server presents: its PEM, a file holding it and its SHA-256
   * fingerprint, so a client can trust it (`curl --cacert`, `NODE_EXTRA_CA_CERTS`). `null` on http.
   */
  readonly certificate: ServerCertificate | null
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

/**
 * Where and how {@link serveEngine} listens, and who may talk to it.
 * @example
 *   import { createBitsServer } from 'msw-bits'
 *   import { type ServeEngineOptions, serveEngine } from 'msw-bits/node'
 *
 *   const options: ServeEngineOptions = {
 *     port: 0,
 *     host: '127.0.0.1',
 *     missingContentLength: { status: 400, strict: false },
 *   }
 *   const srv = await serveEngine(createBitsServer({ baseUrl: 'http://127.0.0.1/uploads' }), options)
 */
export interface ServeEngineOptions extends SecurityOptions {
  port: number
  host: string
  missingContentLength: MissingLengthPolicy
  /** Timeouts and the head size limit; IIS's defaults for those absent. */
  limits?: Partial<ConnectionLimits>
  /** Serve https with this certificate and key. */
  tls?: TlsCredentials
  /** Called once the server has closed. */
  onClose?: () => void
  /** Where warnings about options that open the server go. Default `process.emitWarning`. */
  onWarning?: (message: string) => void
}

/**
 * Serves an existing engine (or `BitsServer`) over TCP: the same sessions, journal and faults
 * answer in-process and on the socket. {@link startBitsServer} is the usual way in.
 * @throws {BitsUsageError} `INVALID_OPTIONS` when the engine's base path is under `/__bits/`,
 *   `tls` holds no usable certificate and key, or a security option is bad (see {@link securityPolicy})
 * @throws the listen error (`EADDRINUSE`, …) when the port cannot be bound
 * @example
 *   import { setupServer } from 'msw/node'
 *   import { createBitsServer } from 'msw-bits'
 *   import { serveEngine } from 'msw-bits/node'
 *
 *   // One server, two doors: fetch through MSW in process, other processes over TCP.
 *   const bits = createBitsServer({ baseUrl: 'http://127.0.0.1/uploads' })
 *   setupServer(...bits.handlers).listen()
 *   const srv = await serveEngine(bits, {
 *     port: 0,
 *     host: '127.0.0.1',
 *     missingContentLength: { status: 400, strict: false },
 *   })
 *   // srv.bits === bits: one journal for both
 * @see [MC-BUP] §3.2 (server details)
 */
export async function serveEngine<B extends BitsEngine>(
  bits: B,
  {
    port,
    host,
    missingContentLength,
    limits,
    tls,
    onClose,
    onWarning,
    ...security
  }: ServeEngineOptions,
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

  const gate = securityPolicy({
    ...security,
    listenHost: host,
    givenHosts: [bits.options.base.host, bits.options.hostId ?? ''].filter(Boolean),
    certificate: tls?.cert,
    auth: bits.options.auth,
  })
  for (const warning of gate.warnings) (onWarning ?? warn)(warning)
  const closing = new AbortController()
  const control = createControlApi({ bits, closed: closing.signal })
  const answerBits = createBitsAnswer(bits, missingContentLength)
  const answerControl = async (incoming: IncomingRequest): Promise<SocketAnswer> => {
    const request = incoming.toFetchRequest()
    return { kind: 'respond', response: request ? await control(request) : badRequest() }
  }
  const connections = new Map<Socket, ServedConnection>()
  const connectionLimits = { ...DEFAULT_CONNECTION_LIMITS }
  for (const [key, value] of Object.entries(limits ?? {}))
    if (value !== undefined) connectionLimits[key as keyof ConnectionLimits] = value
  const onSocket = (socket: Socket) => {
    const connection = serveConnection(socket, {
      now: () => bits.options.clock.now(),
      limits: connectionLimits,
      answer: guarded(gate.policy, (incoming) =>
        isControlPath(incoming.pathname) ? answerControl(incoming) : answerBits(incoming),
      ),
    })
    connections.set(socket, connection)
    connection.done.finally(() => connections.delete(socket))
  }
  const certificate = tls ? publishCertificate(tls.cert) : null
  const server =
    tls && certificate
      ? createTlsServer(secureOptions(tls, certificate), onSocket)
      : createServer(onSocket)
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      certificate?.remove()
      reject(error)
    })
    server.listen(port, host, () => {
      server.removeAllListeners('error')
      resolve()
    })
  })
  const address = server.address()
  const realPort = typeof address === 'object' && address !== null ? address.port : port
  const origin = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${realPort}`
  let closed: Promise<void> | null = null

  return {
    url: `${origin}${basePath}`,
    controlUrl: `${origin}${CONTROL_PREFIX}`,
    port: realPort,
    certificate: certificate && {
      pem: certificate.pem,
      path: certificate.path,
      fingerprint256: certificate.fingerprint256,
    },
    bits,
    close({ graceMs = 0 } = {}) {
      closed ??= new Promise<void>((resolve) => {
        closing.abort()
        // What is still busy after the grace period (a hang, a stalled upload) is cut off. The
        // timer stays referenced: a connection the server stopped reading keeps Node no busier,
        // and the process must not exit before the close it awaits.
        const cutOff = setTimeout(() => {
          for (const socket of connections.keys()) socket.destroy()
        }, graceMs)
        server.close(() => {
          clearTimeout(cutOff)
          certificate?.remove()
          onClose?.()
          resolve()
        })
        for (const connection of connections.values()) connection.shutdown()
      })
      return closed
    },
  }
}

function warn(message: string): void {
  process.emitWarning(message, { code: 'MSW_BITS_OPEN' })
}

/** A control request whose headers cannot form a Fetch request. */
function badRequest(): Response {
  return new Response(null, { status: 400, headers: { 'Content-Length': '0' } })
}

/** The TLS server's options; a key that does not fit the certificate is refused, naming it. */
function secureOptions(tls: TlsCredentials, certificate: { remove(): void }) {
  try {
    createSecureContext({ cert: tls.cert, key: tls.key })
  } catch (error) {
    certificate.remove()
    throw new BitsUsageError(
      'INVALID_OPTIONS',
      `Failed to start the BITS server: "tls.key": not the private key of "tls.cert" (${(error as Error).message}).`,
    )
  }
  return { cert: tls.cert, key: tls.key }
}
