import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { type BitsServer, type BitsServerOptions, createBitsServer } from '../../src/index.js'
import { closeHosts, type Host, handlersFor } from './hosts.js'

/** The base URL every test server uses; MSW intercepts it in-process. */
export const BASE_URL = 'https://bits.example.test/uploads'

/**
 * One MSW server for the test file: `start(options)` creates a fresh BITS server and makes its
 * handlers the only ones; `server.use(...)` prepends one-off overrides (a lost Ack, a hang).
 * Unhandled requests fail the test, so nothing reaches the network.
 */
export function useBitsServer() {
  const server = setupServer()
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(async () => {
    server.resetHandlers()
    await closeHosts()
  })
  afterAll(() => server.close())
  return {
    server,
    /** A fresh server with `options`, answering on `host` (default: its MSW handlers). */
    start(options: Partial<BitsServerOptions> = {}, host: Host = 'msw'): BitsServer {
      const bits = createBitsServer({ baseUrl: BASE_URL, ...options })
      server.resetHandlers(...handlersFor(bits, host))
      return bits
    },
  }
}
