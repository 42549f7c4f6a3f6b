import { createBitsEngine } from '../server/engine.js'
import type { BitsServerOptions } from '../server/options.js'
import type { StoreName, UploadStore } from '../server/stores/index.js'
import { BitsUsageError } from '../shared/usage-error.js'
import type { MissingLengthStatus } from './bits-host.js'
import { type ConnectionLimits, limitProblems } from './http/connection-limits.js'
import type { SecurityOptions } from './security/policy.js'
import { type RunningBitsServer, serveEngine } from './serve-engine.js'
import { directoryStore } from './stores/directory-store.js'
import { selfSignedCredentials, type TlsCredentials } from './tls/loopback-certificate.js'

/**
 * The default upload URL of the loopback server; its port is replaced by the real one.
 * @example
 *   import { DEFAULT_BASE_URL, startBitsServer } from 'msw-bits/node'
 *
 *   const srv = await startBitsServer()
 *   new URL(srv.url).pathname === new URL(DEFAULT_BASE_URL).pathname // '/uploads'
 */
export const DEFAULT_BASE_URL = 'http://127.0.0.1/uploads'

/**
 * Options of {@link startBitsServer}: every `createBitsServer` option, plus where to listen.
 * @see BitsServerOptions
 * @example
 *   import { type StartBitsServerOptions, startBitsServer } from 'msw-bits/node'
 *
 *   const options: StartBitsServerOptions = {
 *     baseUrl: 'http://127.0.0.1/files', // only the path matters
 *     port: 0,
 *     store: { dir: './received' },
 *     maxFragmentSize: 65_536, // bytes: larger fragments get 413
 *     tls: true,
 *   }
 *   const srv = await startBitsServer(options)
 */
export interface StartBitsServerOptions
  extends Omit<BitsServerOptions, 'baseUrl' | 'store'>,
    Partial<ConnectionLimits>,
    SecurityOptions {
  /**
   * The upload URL, or its path alone (`'/files'`); only the path matters (requests reach the
   * server at `host:port`). Default `http://127.0.0.1/uploads`. A path under `/__bits/` is
   * refused: the control API owns it.
   * @example startBitsServer({ baseUrl: '/files' }) // uploads at http://127.0.0.1:PORT/files/NAME
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
  /**
   * Serve https: `true` makes a self-signed certificate for `localhost`, `127.0.0.1` and `::1` at
   * start; `{ cert, key }` (PEM) uses yours. The running server's `certificate` gives its file and
   * SHA-256 fingerprint so a client can trust it. Default `false` (http).
   */
  tls?: boolean | TlsCredentials
  /** Status for a BITS packet without `Content-Length`: 400 (the default, as Windows) or 411. */
  missingContentLengthStatus?: MissingLengthStatus
  /**
   * Refuse a missing `Content-Length` on every packet, as Windows does, not only on a Fragment.
   * Default `false`: `fetch` and undici send none on a bodiless `BITS_POST`.
   */
  strictContentLength?: boolean
  /**
   * Where warnings about options that open the server (`allowedHosts: true`, a non-loopback
   * `host`) go. Default `process.emitWarning`.
   */
  onWarning?: (message: string) => void
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
    headerWaitTimeout,
    connectionTimeout,
    maxRequestBytes,
    tls = false,
    allowedHosts,
    cors,
    allowRemoteControl,
    onWarning,
    ...rest
  } = options
  const limits = { headerWaitTimeout, connectionTimeout, maxRequestBytes }
  checkListen(port, host, missingContentLengthStatus, strictContentLength, limits)
  checkTls(tls)
  const directory = isDirectory(rest.store)
    ? directoryStore({ dir: rest.store.dir, allowOverwrites: rest.allowOverwrites ?? true })
    : null
  const bits = createBitsEngine({
    ...rest,
    baseUrl: withOrigin(rest.baseUrl),
    store: directory ?? (rest.store as StoreName | UploadStore | undefined),
  })
  return serveEngine(bits, {
    port,
    host,
    missingContentLength: { status: missingContentLengthStatus, strict: strictContentLength },
    limits,
    tls: tls === true ? await selfSignedCredentials() : tls || undefined,
    onClose: () => directory?.close(),
    allowedHosts,
    cors,
    allowRemoteControl,
    onWarning,
  })
}

/**
 * `baseUrl` as `createBitsServer` takes it: a path alone gets the default's origin. Anything else,
 * a protocol-relative `//host/path` too, goes on as given, for the engine to check.
 */
function withOrigin(baseUrl: string | undefined): string {
  if (baseUrl === undefined) return DEFAULT_BASE_URL
  const pathOnly = typeof baseUrl === 'string' && /^\/(?!\/)/.test(baseUrl)
  return pathOnly ? new URL(baseUrl, DEFAULT_BASE_URL).href : baseUrl
}

function checkTls(tls: unknown): asserts tls is boolean | TlsCredentials {
  if (typeof tls === 'boolean') return
  const pem = (value: unknown) => typeof value === 'string' || Buffer.isBuffer(value)
  if (
    typeof tls === 'object' &&
    tls !== null &&
    pem((tls as TlsCredentials).cert) &&
    pem((tls as TlsCredentials).key)
  )
    return
  throw new BitsUsageError(
    'INVALID_OPTIONS',
    `Failed to start the BITS server: "tls": expected true, false or { cert, key } in PEM.`,
  )
}

function isDirectory(store: StartBitsServerOptions['store']): store is { dir: string } {
  if (typeof store !== 'object' || store === null || !('dir' in store)) return false
  if (typeof store.dir === 'string' && store.dir !== '') return true
  throw new BitsUsageError(
    'INVALID_OPTIONS',
    `Failed to start the BITS server: "store.dir": expected a directory path, got ${JSON.stringify(store.dir)}.`,
  )
}

function checkListen(
  port: unknown,
  host: unknown,
  missing: unknown,
  strict: unknown,
  limits: Partial<Record<keyof ConnectionLimits, unknown>>,
): void {
  const problems: string[] = limitProblems(limits)
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
