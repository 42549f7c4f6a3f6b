import { hasCredentials, type ResolvedAuth } from '../../server/basic-auth.js'
import { type HostAllowlist, isHostAllowed } from './allowed-hosts.js'
import { corsAnswer } from './cors.js'
import { isCrossSite } from './cross-site.js'

/**
 * Headers on every control API and dashboard answer: no script, style or frame from elsewhere and
 * nothing inline, never framed (so Reset and Apply plan cannot be clicked through another page),
 * no MIME sniffing.
 * @see W3C CSP Level 3 §6.4.2 (frame-ancestors), WHATWG Fetch §3.5 (X-Content-Type-Options)
 */
export const CONTROL_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
})

/** Who may talk to the loopback server: built once from its options. */
export interface GatePolicy {
  hosts: HostAllowlist
  /** Origins whose pages may use the BITS endpoint (`cors.origins`), normalised. */
  corsOrigins: ReadonlySet<string>
  /** With `auth`, the control API and the dashboard need the same credentials. */
  auth: ResolvedAuth | undefined
}

/** The wire facts of one request the gate decides on. */
export interface GateRequest {
  method: string
  headers: Pick<Headers, 'get'>
  /** `http` or `https`, as the client connected. */
  scheme: string
  /** Whether the path is the control API's (`/__bits/…`), dashboard included. */
  control: boolean
}

/** What the gate decided. */
export type GateDecision =
  /** Answer this refusal; nothing else runs. */
  | {
      kind: 'refuse'
      status: 401 | 403
      code: string
      error: string
      headers: Record<string, string>
    }
  /** A CORS preflight the gate answers itself (204). */
  | { kind: 'preflight'; headers: Record<string, string> }
  /** Let the request through; add these headers to its answer. */
  | { kind: 'pass'; headers: Readonly<Record<string, string>> }

/**
 * Decides, before anything runs, whether a request may reach the server: a `Host` not on the
 * allowlist gets 403 on every route; on the control API and dashboard a cross-site request gets
 * 403 and, with `auth`, one without the credentials gets 401 and a Basic challenge (so a browser
 * prompts); on the BITS endpoint `cors` answers preflights and exposes the Ack headers.
 * @example
 *   decide(policy, { method: 'POST', scheme: 'http', control: true,
 *     headers: new Headers({ Host: '127.0.0.1:8123', Origin: 'https://evil.example' }) })
 *   // → { kind: 'refuse', status: 403, code: 'CROSS_SITE', … }
 * @see DESIGN.md "Who may talk to it"
 */
export function decide(policy: GatePolicy, request: GateRequest): GateDecision {
  const host = request.headers.get('host')
  if (!isHostAllowed(host, policy.hosts)) return refuseHost(host)
  if (!request.control) {
    const cors = corsAnswer(request.method, request.headers, policy.corsOrigins)
    return cors.kind === 'none'
      ? { kind: 'pass', headers: {} }
      : cors.kind === 'allow'
        ? { kind: 'pass', headers: cors.headers }
        : cors
  }
  const ownOrigin = host === null ? null : `${request.scheme}://${host}`
  if (isCrossSite(request.headers, ownOrigin)) {
    return refusal(
      403,
      'CROSS_SITE',
      `Failed to answer a cross-site request: the control API and dashboard answer only pages of their own origin (${ownOrigin ?? 'the Host'}) and scripts that send no Origin. Open the dashboard from the server itself, or call the API from a script.`,
    )
  }
  if (policy.auth && !hasCredentials(request, policy.auth)) {
    return refusal(
      401,
      'UNAUTHORIZED',
      'Failed to authenticate: the control API and dashboard need the credentials of "auth". Send them with Basic authentication.',
      { 'WWW-Authenticate': `Basic realm="${policy.auth.realm}"` },
    )
  }
  return { kind: 'pass', headers: CONTROL_SECURITY_HEADERS }
}

function refuseHost(host: string | null): GateDecision {
  return refusal(
    403,
    'HOST_NOT_ALLOWED',
    `Failed to answer a request for host ${JSON.stringify(host)}: it is not an allowed host, which keeps DNS rebinding out. Add it with the "allowedHosts" option or --allowed-host ${JSON.stringify(host === null ? 'NAME' : hostLabel(host))}.`,
  )
}

function hostLabel(host: string): string {
  return host.replace(/:\d*$/, '')
}

function refusal(
  status: 401 | 403,
  code: string,
  error: string,
  headers: Record<string, string> = {},
): GateDecision {
  return {
    kind: 'refuse',
    status,
    code,
    error,
    headers: { ...CONTROL_SECURITY_HEADERS, ...headers },
  }
}
