import type { RequestHandler } from 'msw'
import { tunnelBitsPost } from './msw/fetch-tunnel.js'
import { createHandlers } from './msw/handlers.js'
import { guardNodeHttp } from './msw/node-http-guard.js'
import { type BitsEngine, createBitsEngine } from './server/engine.js'
import type { BitsServerOptions } from './server/options.js'

/**
 * An emulated BITS upload server: the engine plus MSW handlers for it.
 * @see [MC-BUP] §3.2 (server details)
 * @example
 *   import { setupServer } from 'msw/node'
 *   import { type BitsServer, createBitsServer } from 'msw-bits'
 *
 *   const bits: BitsServer = createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
 *   const server = setupServer(...bits.handlers)
 *   beforeAll(() => server.listen())
 *   afterEach(() => bits.reset())
 */
export interface BitsServer extends BitsEngine {
  /**
   * MSW handlers for `setupServer(...bits.handlers)` or `setupWorker(...bits.handlers)`: they
   * answer every request under `baseUrl`, on its host and on `hostId`'s.
   */
  readonly handlers: RequestHandler[]
}

/**
 * Creates an emulated BITS upload server (BITS Upload Protocol 1.5).
 *
 * @throws {BitsUsageError} `INVALID_OPTIONS` when an option is wrong, naming it.
 * @example
 *   import { setupServer } from 'msw/node'
 *   import { createBitsServer } from 'msw-bits'
 *
 *   const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
 *   const server = setupServer(...bits.handlers)
 *   // … upload with your client, then:
 *   expect(bits.uploads.get('crash.dmp')?.size).toBe(4892)
 * @see [MC-BUP] §3.2 (server details)
 */
export function createBitsServer(options: BitsServerOptions): BitsServer {
  const engine = createBitsEngine(options)
  const { base, hostId } = engine.options
  const prefixes = [`${base.origin}${base.pathname}`]
  // The host id as `URL` writes a request's host (lower case, default port dropped).
  if (hostId !== undefined)
    prefixes.push(`${new URL(`${base.protocol}//${hostId}`).origin}${base.pathname}`)
  // MSW 3 in Node drops BITS_POST fetches at its HTTP parser: they travel as POST + override.
  tunnelBitsPost(prefixes)
  // node:http clients cannot be served in process: fail at once, naming the loopback server.
  guardNodeHttp()
  return Object.assign(engine, { handlers: createHandlers(prefixes, engine.handle) })
}
