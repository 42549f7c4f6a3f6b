import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { MAX_QUEUED_REQUESTS, serveConnection } from '../../src/node/http/connection.js'
import type { SocketAnswer } from '../../src/node/http/socket-answer.js'
import { header, rawConnect, rawRequest } from './support/raw-http.js'

let server: Server | undefined
afterEach(() => server?.close())

const pingTo = (name: string) =>
  rawRequest('BITS_POST', `/uploads/${name}`, { 'BITS-Packet-Type': 'Ping', 'Content-Length': 0 })
const ping = pingTo('a')
/** An Ack that names the request's path, so the order of the answers shows. */
const ackFor = (pathname: string): SocketAnswer => ({
  kind: 'respond',
  response: {
    status: 200,
    headers: { 'bits-packet-type': 'Ack', 'content-length': '0', 'x-path': pathname },
  },
})

/** A server whose first answer is `first`, every later one an Ack; `socket` is its side of the one connection. */
async function serve(first: SocketAnswer) {
  let answered = 0
  let accepted: (socket: Socket) => void
  const socket = new Promise<Socket>((resolve) => {
    accepted = resolve
  })
  server = createServer((connection) => {
    accepted(connection)
    serveConnection(connection, {
      now: () => Date.now(),
      answer: async ({ pathname }) => (answered++ === 0 ? first : ackFor(pathname)),
    })
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const client = await rawConnect(`http://127.0.0.1:${port}/`)
  return { client, socket: await socket, answered: () => answered }
}

/** Resolves once `done()` holds, checking every 10 ms, at most `tries` times. */
async function until(done: () => boolean, tries = 1000): Promise<void> {
  for (let i = 0; i < tries && !done(); i++) await new Promise((r) => setTimeout(r, 10))
}

describe('requests pipelined behind one still being answered', () => {
  it('are read no further than the cap: 100,000 behind a hang stay in the socket buffers', async () => {
    const { client, socket } = await serve({ kind: 'hang' })
    const burst = Buffer.concat(Array.from({ length: 100_000 }, () => ping))
    client.write(burst)
    // Without a cap the server reads all of it (about 8 MB); with one it stops reading the socket.
    await until(() => socket.isPaused() || socket.bytesRead === burst.byteLength)
    expect(socket.isPaused()).toBe(true)
    const held = MAX_QUEUED_REQUESTS * ping.byteLength
    // What the cap lets in, plus one socket read parsed no further and one in Node's buffer.
    expect(socket.bytesRead).toBeLessThan(held + 2 * 64 * 1024)
    client.socket.destroy()
  })

  it('beyond the cap are all answered, in order, once those before them are', async () => {
    const { client, answered } = await serve(ackFor('/uploads/0'))
    const count = MAX_QUEUED_REQUESTS * 20
    client.write(Buffer.concat(Array.from({ length: count }, (_, i) => pingTo(String(i)))))
    const paths: (string | undefined)[] = []
    for (let i = 0; i < count; i++) paths.push(header(await client.next(), 'X-Path'))
    expect(paths).toEqual(Array.from({ length: count }, (_, i) => `/uploads/${i}`))
    expect(answered()).toBe(count)
    client.end()
    await client.closed
  })
})
