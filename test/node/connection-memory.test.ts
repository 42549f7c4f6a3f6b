import { createServer, type Server } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import { serveConnection } from '../../src/node/http/connection.js'
import { rawConnect, rawRequest } from './support/raw-http.js'

// A collection on demand, without starting vitest's workers with --expose-gc.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

let server: Server | undefined
afterEach(() => server?.close())

describe('a keep-alive connection holds nothing of the exchanges it has finished', () => {
  it('the responses of answered requests can be collected while the connection stays open', async () => {
    const answered: WeakRef<Response>[] = []
    server = createServer((socket) =>
      serveConnection(socket, {
        now: () => Date.now(),
        answer: async () => {
          const response = new Response(null, { headers: { 'Content-Length': '0' } })
          answered.push(new WeakRef(response))
          return { kind: 'respond', response }
        },
      }),
    )
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    const connection = await rawConnect(`http://127.0.0.1:${port}/`)
    const ping = rawRequest('BITS_POST', '/uploads/a', {
      'BITS-Packet-Type': 'Ping',
      'Content-Length': 0,
    })
    for (let i = 0; i < 50; i++) {
      connection.write(ping)
      expect((await connection.next()).status).toBe(200)
    }
    // WeakRefs read in this turn stay alive until it ends; collect in a later one.
    await new Promise((resolve) => setTimeout(resolve, 10))
    gc()
    await new Promise((resolve) => setTimeout(resolve, 10))
    gc()
    const held = answered.filter((ref) => ref.deref() !== undefined).length
    // The last exchange may still be referenced by the connection's state; none before it.
    expect(held).toBeLessThanOrEqual(1)
    connection.end()
    await connection.closed
  })
})
