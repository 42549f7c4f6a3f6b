import { http, type RequestHandler } from 'msw'
import { untunnel } from './fetch-tunnel.js'

/**
 * MSW handlers that pass every request at or under the given URL prefixes to `handle`.
 * The handlers know nothing of BITS: `handle` answers everything, 405 for what is not BITS.
 *
 * Each prefix is matched as a regular expression built from its escaped text, never as an MSW
 * path pattern: a base path may hold `+ ( ) * :` and other characters that MSW's patterns
 * (path-to-regexp) read as syntax, which would make MSW throw for every request or match nothing.
 *
 * @param prefixes absolute URL prefixes without a trailing slash, as `URL` writes them
 *   (`https://bits.example.test/uploads`: lower-case host, percent-encoded path)
 * @see https://mswjs.io/docs/api/http#httpall, https://mswjs.io/docs/http/intercepting-requests#regular-expressions
 */
export function createHandlers(
  prefixes: readonly string[],
  handle: (request: Request) => Promise<Response>,
): RequestHandler[] {
  // `http.all` matches custom methods such as BITS_POST, which `http.post` would not; a BITS_POST
  // that came through the fetch tunnel (MSW 3 in Node) is restored first.
  const resolver = ({ request }: { request: Request }) => handle(untunnel(request))
  // MSW tests a RegExp against the request's origin and path, without query or hash.
  return prefixes.map((prefix) =>
    http.all(new RegExp(`^${escapeRegExp(prefix)}(?:/.*)?$`), resolver),
  )
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
