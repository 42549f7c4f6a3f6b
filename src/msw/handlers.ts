import { http, type RequestHandler } from 'msw'

/**
 * MSW handlers that pass every request under the given URL prefixes to `handle`.
 * The handlers know nothing of BITS: `handle` answers everything, 405 for what is not BITS.
 *
 * @param prefixes absolute URL prefixes without a trailing slash (`https://bits.example.test/uploads`)
 * @see https://mswjs.io/docs/api/http#httpall
 */
export function createHandlers(
  prefixes: readonly string[],
  handle: (request: Request) => Promise<Response>,
): RequestHandler[] {
  // `http.all` matches custom methods such as BITS_POST, which `http.post` would not.
  const resolver = ({ request }: { request: Request }) => handle(request)
  // Paths under the prefix first: MSW tries handlers in order, and nearly every request is one.
  return prefixes.flatMap((prefix) => [
    http.all(`${prefix}/*`, resolver),
    http.all(prefix, resolver),
  ])
}
