import { Agent, request as httpRequest } from 'node:http'
import { createServer, type Server, type Socket } from 'node:net'
import { Pool } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { BODY_HIGH_WATER_MARK } from '../../src/node/http/body-pipe.js'
import { serveConnection } from '../../src/node/http/connection.js'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { rawConnect, rawRequest } from './support/raw-http.js'

let srv: RunningBitsServer
beforeEach(async () => {
  srv = await startBitsServer({ port: 0, store: 'digest' })
})
afterEach(() => srv.close())

/** Larger than the body pipe's high-water mark, so the socket is paused under each Fragment. */
const FRAGMENT = Buffer.alloc(2 * BODY_HIGH_WATER_MARK + 17, 7)
const TOTAL = 2 * FRAGMENT.byteLength
const create = {
  'BITS-Packet-Type': 'Create-Session',
  'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
  'Content-Length': '0',
}
const fragmentHeaders = (sessionId: string, index: number) => ({
  'BITS-Packet-Type': 'Fragment',
  'BITS-Session-Id': sessionId,
  'Content-Range': `bytes ${index * FRAGMENT.byteLength}-${(index + 1) * FRAGMENT.byteLength - 1}/${TOTAL}`,
  'Content-Length': String(FRAGMENT.byteLength),
})
const closeSession = (sessionId: string) => ({
  'BITS-Packet-Type': 'Close-Session',
  'BITS-Session-Id': sessionId,
  'Content-Length': '0',
})

describe('keep-alive after a request with a body', () => {
  it('undici (one connection, reset: false): two Fragments and Close-Session on one socket', async () => {
    const pool = new Pool(new URL(srv.url).origin, { connections: 1 })
    let connects = 0
    pool.on('connect', () => connects++)
    // undici itself closes after a body sent with a method other than POST/PUT/PATCH unless
    // reset is false; the server must then keep the connection for the next request.
    const send = async (headers: Record<string, string>, body?: Buffer) => {
      const response = await pool.request({
        path: '/uploads/kept.bin',
        method: 'BITS_POST',
        headers,
        body,
        reset: false,
      })
      await response.body.dump()
      return response
    }
    try {
      const sessionId = String((await send(create)).headers['bits-session-id'])
      const statuses = [
        (await send(fragmentHeaders(sessionId, 0), FRAGMENT)).statusCode,
        (await send(fragmentHeaders(sessionId, 1), FRAGMENT)).statusCode,
        (await send(closeSession(sessionId))).statusCode,
      ]
      expect(statuses).toEqual([200, 200, 200])
      expect(connects).toBe(1)
      expect(srv.bits.uploads.get('kept.bin')?.size).toBe(TOTAL)
    } finally {
      await pool.close()
    }
  })

  it('node:http (keep-alive agent): two Fragments and Close-Session on one socket', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const { hostname, port } = new URL(srv.url)
    const sockets = new Set<Socket>()
    const send = (headers: Record<string, string>, body?: Buffer) =>
      new Promise<{ status: number; sessionId: string }>((resolve, reject) => {
        const req = httpRequest(
          { host: hostname, port, path: '/uploads/kept.bin', method: 'BITS_POST', headers, agent },
          (res) => {
            sockets.add(res.socket)
            res.resume()
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                sessionId: String(res.headers['bits-session-id']),
              }),
            )
          },
        )
        req.on('error', reject)
        req.end(body)
      })
    try {
      const { sessionId } = await send(create)
      const statuses = [
        (await send(fragmentHeaders(sessionId, 0), FRAGMENT)).status,
        (await send(fragmentHeaders(sessionId, 1), FRAGMENT)).status,
        (await send(closeSession(sessionId))).status,
      ]
      expect(statuses).toEqual([200, 200, 200])
      expect(sockets.size).toBe(1)
      expect(srv.bits.uploads.get('kept.bin')?.size).toBe(TOTAL)
    } finally {
      agent.destroy()
    }
  })
})

describe('keep-alive after a body that filled the body pipe', () => {
  let server: Server | undefined
  afterEach(() => server?.close())

  it('reads the next request after a body of exactly the high-water mark, read late', async () => {
    const sizes: number[] = []
    server = createServer((socket) =>
      serveConnection(socket, {
        now: () => Date.now(),
        answer: async ({ body }) => {
          // Read late, so the whole body waits in the pipe: its last byte fills it and the
          // socket is paused as the request completes.
          await new Promise((resolve) => setTimeout(resolve, 50))
          let size = 0
          for await (const chunk of body ?? []) size += chunk.byteLength
          sizes.push(size)
          return {
            kind: 'respond',
            response: new Response(null, { headers: { 'Content-Length': '0' } }),
          }
        },
      }),
    )
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    const connection = await rawConnect(`http://127.0.0.1:${port}/`)
    const body = Buffer.alloc(BODY_HIGH_WATER_MARK, 1)
    connection.write(rawRequest('POST', '/a', { 'Content-Length': body.byteLength }, body))
    expect((await connection.next()).status).toBe(200)
    connection.write(rawRequest('POST', '/b', { 'Content-Length': 0 }))
    expect((await connection.next()).status).toBe(200)
    expect(sizes).toEqual([BODY_HIGH_WATER_MARK, 0])
    connection.end()
  })
})
