import { isIP } from 'node:net'
import type { ResolvedAuth } from '../../server/basic-auth.js'
import { BitsUsageError } from '../../shared/usage-error.js'
import { hostAllowlist } from './allowed-hosts.js'
import { type CorsOptions, corsOrigins } from './cors.js'
import type { GatePolicy } from './gate.js'

/** Who may talk to a loopback server, as its options say it. @see DESIGN.md "Who may talk to it" */
export interface SecurityOptions {
  /**
   * More `Host` names to answer (`bits.test`, `.example.test` for a domain and its subdomains),
   * beside `localhost`, `*.localhost`, IP addresses, the listening host, the hosts of `baseUrl`
   * and `hostId`, and the certificate's names; others get 403, which keeps DNS rebinding out (as Vite's `server.allowedHosts`).
   * `true` turns the check off, with a warning.
   */
  allowedHosts?: true | string[]
  /** Pages of these origins may upload from a browser: CORS on the BITS endpoint, never the control API. */
  cors?: CorsOptions
  /**
   * Listening on an interface other than loopback opens the control API (reset, plans, uploaded
   * bytes) to the network; without `auth` that needs this set to `true`. Default `false`.
   */
  allowRemoteControl?: boolean
}

/** What the gate is built from: the options, where the server listens, its certificate, `auth`. */
export interface SecuritySource extends SecurityOptions {
  listenHost: string
  /** Hosts the server was given: its `baseUrl`'s, its `hostId`. */
  givenHosts?: string[]
  certificate?: string | Buffer | undefined
  auth: ResolvedAuth | undefined
}

/**
 * The gate's policy from the server's options, and the warnings to print for options that open it.
 * @throws {BitsUsageError} `INVALID_OPTIONS` naming the field: a bad `allowedHosts` or `cors`
 *   entry, or a non-loopback `host` without `auth` or `allowRemoteControl`
 * @example
 *   const { policy, warnings } = securityPolicy({ listenHost: '127.0.0.1', auth: undefined })
 */
export function securityPolicy(source: SecuritySource): { policy: GatePolicy; warnings: string[] } {
  const problems: string[] = []
  const warnings: string[] = []
  const { allowedHosts, listenHost, allowRemoteControl = false } = source
  if (allowedHosts === true)
    warnings.push(
      'allowedHosts is true: any Host is answered, so a page on a DNS-rebinding domain can read uploads and drive the control API.',
    )
  else if (
    allowedHosts !== undefined &&
    (!Array.isArray(allowedHosts) ||
      allowedHosts.some((name) => typeof name !== 'string' || name.trim() === ''))
  )
    problems.push(
      `"allowedHosts": expected true or a list of host names, got ${JSON.stringify(allowedHosts)}`,
    )
  const origins = corsOrigins(source.cors)
  if (typeof origins === 'string') problems.push(origins)
  if (typeof allowRemoteControl !== 'boolean')
    problems.push(
      `"allowRemoteControl": expected true or false, got ${JSON.stringify(allowRemoteControl)}`,
    )
  if (!isLoopback(listenHost)) {
    if (source.auth === undefined && allowRemoteControl !== true)
      problems.push(
        `"host": ${JSON.stringify(listenHost)} is not loopback, which opens the control API (reset, plans, uploaded bytes) to the network; set "auth", or "allowRemoteControl": true to open it anyway`,
      )
    else
      warnings.push(
        `listening on ${listenHost}: the server and its control API are reachable from the network.`,
      )
  }
  if (problems.length > 0)
    throw new BitsUsageError(
      'INVALID_OPTIONS',
      `Failed to start the BITS server: ${problems.join('; ')}.`,
    )
  const hosts = hostAllowlist({
    listenHost,
    givenHosts: source.givenHosts,
    certificate: source.certificate,
    allowedHosts: allowedHosts as true | string[] | undefined,
  })
  return { policy: { hosts, corsOrigins: origins as Set<string>, auth: source.auth }, warnings }
}

/** Whether an interface is loopback only: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (name === 'localhost' || name.endsWith('.localhost') || name === '::1') return true
  return isIP(name) === 4 && name.startsWith('127.')
}
