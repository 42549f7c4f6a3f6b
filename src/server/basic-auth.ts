import { type Ack, ack, Header, WireErrors } from '../protocol/index.js'
import { sessionAck } from './server-context.js'
import type { HeaderLookup } from './wire-request.js'

/**
 * Basic authentication of the BITS virtual directory, as IIS's `basicAuthentication` section
 * configures it: one user name and password every request must carry.
 * @example
 *   import { createBitsServer } from 'msw-bits'
 *
 *   const bits = createBitsServer({
 *     baseUrl: 'https://bits.example.test/uploads',
 *     auth: { username: 'uploader', password: 's3cret', realm: 'crash dumps' },
 *   })
 *   // a packet without `Authorization: Basic dXBsb2FkZXI6czNjcmV0` → 401, WWW-Authenticate: Basic realm="crash dumps"
 * @see W32: "BITS Authentication"; RFC 7617 (the Basic scheme)
 */
export interface BasicAuthOptions {
  /** The accepted user name (RFC 7617: no colon). */
  username: string
  /** The accepted password. */
  password: string
  /** IIS's `realm` attribute, sent in the challenge. Default: the host of `baseUrl`. */
  realm?: string
}

/** `auth` with its realm filled in. */
export interface ResolvedAuth {
  readonly username: string
  readonly password: string
  readonly realm: string
}

const BASIC = /^basic$/i
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The authentication scheme the request names in `Authorization` (`Basic`), or `null` when it
 * sends none: what the journal keeps of credentials, never the credentials themselves.
 */
export function authSchemeOf(request: { headers: HeaderLookup }): string | null {
  const value = request.headers.get(Header.Authorization)?.trim()
  if (!value) return null
  return value.split(/\s+/, 1)[0] ?? null
}

/**
 * Whether the request carries the configured Basic credentials: `Authorization: Basic
 * base64(user-id ":" password)`, UTF-8 (RFC 7617 §2.1). Anything malformed is simply not them.
 * @see RFC 7617 §2
 */
export function hasCredentials(request: { headers: HeaderLookup }, auth: ResolvedAuth): boolean {
  const [scheme, token, ...rest] = (request.headers.get(Header.Authorization) ?? '')
    .trim()
    .split(/\s+/)
  if (!scheme || !BASIC.test(scheme) || !token || rest.length > 0) return false
  let pair: string
  try {
    pair = utf8.decode(Uint8Array.from(atob(token), (char) => char.charCodeAt(0)))
  } catch {
    return false
  }
  const colon = pair.indexOf(':')
  return (
    colon >= 0 && pair.slice(0, colon) === auth.username && pair.slice(colon + 1) === auth.password
  )
}

/**
 * The 401 Ack with its challenge, `WWW-Authenticate: Basic realm="…"`: what IIS answers a
 * request without valid credentials, and what a `reauthenticate` fault answers mid-upload. It
 * echoes the packet's session id, as every Ack of a session packet does.
 * @see RFC 9110 §11.6.1 ("A server generating a 401 … MUST send a WWW-Authenticate header"),
 *   RFC 7617 §2, [MC-BUP] §2.2.7
 */
export function challengeAck(realm: string, sessionId: string | null): Ack {
  const init = {
    error: WireErrors.Unauthorized,
    headers: { [Header.WwwAuthenticate]: `Basic realm="${realm}"` },
  }
  return sessionId === null ? ack(init) : sessionAck(sessionId, init)
}

/**
 * Whether `realm` can go in a quoted-string as is: printable, without `"` or `\`.
 * @see RFC 9110 §5.6.4
 */
export function isRealm(realm: string): boolean {
  return /^[\x20-\x7e]*$/.test(realm) && !/["\\]/.test(realm)
}
