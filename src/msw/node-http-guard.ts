import { BITS_POST } from '../protocol/index.js'
import { BitsUsageError } from '../shared/usage-error.js'
import { isBitsUrl } from './fetch-tunnel.js'

type NodeHttp = typeof import('node:http')
type RequestFunction = NodeHttp['request']

/** Set on a wrapped `request` so the guard wraps each module once per process. */
const GUARDED = Symbol.for('msw-bits.node-http-guard')

/** What the error says: why it cannot work in process, and what to use instead. */
export const NODE_HTTP_REMEDY =
  "node:http clients (axios's default Node adapter, got, http.request, https.request) cannot " +
  "reach MSW's handlers in process: MSW parses their requests with llhttp, which rejects the " +
  'BITS_POST method, and the request would hang. Use the loopback server (startBitsServer() from ' +
  "'msw-bits/node') and point the client at its URL, give axios `adapter: 'fetch'`, or send " +
  '`POST` with `X-Http-Method-Override: BITS_POST`, which every msw-bits dialect accepts.'

/**
 * Makes `http.request` and `https.request` throw {@link BitsUsageError} (`UNSUPPORTED_CLIENT`) at
 * once for a `BITS_POST` to a server created in this process, instead of the hang (and the silent
 * exit code 13 of a plain script) that MSW's socket-level parsing leads to. Other requests go
 * through untouched. Node only; reached through `process.getBuiltinModule` so browser bundles never
 * import node:http. MSW's own interceptor calls through to the `request` it found, so the guard
 * acts whether it was installed before or after `server.listen()`.
 *
 * @see https://mswjs.io/docs/limitations
 */
export function guardNodeHttp(): void {
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process?.getBuiltinModule
  if (getBuiltin === undefined) return
  for (const id of ['node:http', 'node:https']) {
    const module = getBuiltin(id) as NodeHttp
    if ((module.request as { [GUARDED]?: true })[GUARDED]) continue
    module.request = guarded(module.request, id === 'node:https' ? 'https:' : 'http:')
  }
}

function guarded(request: RequestFunction, protocol: string): RequestFunction {
  const wrapper = function (this: unknown, ...args: unknown[]) {
    const target = describe(args, protocol)
    if (target?.method === BITS_POST && isBitsUrl(target.url)) {
      throw new BitsUsageError(
        'UNSUPPORTED_CLIENT',
        `Failed to send BITS_POST ${target.url}: ${NODE_HTTP_REMEDY}`,
      )
    }
    return (request as (...a: unknown[]) => unknown).apply(this, args)
  } as unknown as RequestFunction
  return Object.assign(wrapper, { [GUARDED]: true as const })
}

interface RequestOptionsLike {
  method?: string
  protocol?: string
  hostname?: string
  host?: string
  port?: number | string
  path?: string
}

/** The method and URL of `request(url, options?, cb?)` or `request(options, cb?)`. */
function describe(args: unknown[], protocol: string): { method: string; url: string } | null {
  const [first, second] = args
  const fromUrl = typeof first === 'string' || first instanceof URL ? new URL(first) : null
  const options = (fromUrl ? second : first) as RequestOptionsLike | undefined
  const method = (options?.method ?? 'GET').toUpperCase() === BITS_POST ? BITS_POST : 'other'
  if (fromUrl) return { method, url: fromUrl.href }
  if (typeof options !== 'object' || options === null) return null
  const host = options.hostname ?? options.host?.replace(/:\d+$/, '') ?? 'localhost'
  const port = options.port === undefined ? '' : `:${options.port}`
  try {
    return {
      method,
      url: new URL(`${options.protocol ?? protocol}//${host}${port}${options.path ?? '/'}`).href,
    }
  } catch {
    return null
  }
}
