/** Fetch Metadata's value for a request a page on another site made. @see W3C Fetch Metadata §2.4 */
const CROSS_SITE = 'cross-site'

/**
 * Whether a request was made by a page on another origin: its `Origin` is not the server's own
 * (`"null"` from a sandboxed frame or a file is never it), or it says `Sec-Fetch-Site:
 * cross-site`. A request with neither header (curl, a script, `node:http`) is not: only browsers
 * send them, and they always send `Origin` on a POST, PUT or DELETE, `no-cors` included.
 * @param ownOrigin the server's origin as the request reached it (`http://127.0.0.1:8123`);
 *   `null` when the request named no `Host`, so any `Origin` is another one
 * @example
 *   isCrossSite(new Headers({ Origin: 'https://evil.example' }), 'http://127.0.0.1:8123') // true
 *   isCrossSite(new Headers(), 'http://127.0.0.1:8123') // false
 * @see RFC 6454 §7 (Origin), W3C Fetch Metadata Request Headers §2.4 (Sec-Fetch-Site)
 */
export function isCrossSite(headers: Pick<Headers, 'get'>, ownOrigin: string | null): boolean {
  if (headers.get('sec-fetch-site')?.trim().toLowerCase() === CROSS_SITE) return true
  const origin = headers.get('origin')
  return origin !== null && (ownOrigin === null || !sameOrigin(origin, ownOrigin))
}

function sameOrigin(origin: string, ownOrigin: string): boolean {
  try {
    return new URL(origin.trim()).origin === new URL(ownOrigin).origin
  } catch {
    return false
  }
}
