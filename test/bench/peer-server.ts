/**
 * One server of the peer benchmark (test/bench/peer.ts), in a process of its own so that every
 * server, the Python peer included, has its own event loop and the client has another:
 *
 * - `bits`: the loopback server, `startBitsServer({ store: 'digest' })`;
 * - `floor`: a minimal node:http server taking the same packets by POST and SHA-256ing each
 *   upload's bytes as they arrive (one running hash per upload, as the digest store keeps), with a
 *   fixed Ack. It is the least any server must do with the same bytes.
 *
 * IPC with the parent: `{ url }` once listening, then an answer to each request
 * ({@link PeerServerRequest}): reset, the stored SHA-256, its own CPU time (the figure a busy
 * machine inflates least). It exits when the parent goes.
 *
 *   node [tsx flags] test/bench/peer-server.ts bits|floor
 */
import { createHash, type Hash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startBitsServer } from '../../src/node/index.js'

/** What the parent asks, and the id its answer carries. */
export type PeerServerAsk = { op: 'reset' } | { op: 'sha256'; name: string } | { op: 'cpu' }
export type PeerServerRequest = PeerServerAsk & { id: number }
/** The answer: `sha256` to `sha256` (absent when no such upload), `cpuMs` to `cpu`. */
export interface PeerServerAnswer {
  id: number
  sha256?: string
  /** This process's CPU time so far (user + system), ms. */
  cpuMs?: number
}

interface Running {
  url: string
  reset: () => void
  sha256: (name: string) => string | undefined
}

const ACK = { 'BITS-Packet-Type': 'Ack', 'Content-Length': '0' }
/** The floor's answer to Create-Session: the client reads a session id, any will do. */
const FLOOR_SESSION_ID = '{00000000-0000-0000-0000-000000000001}'
const LAST_RANGE = /bytes \d+-(\d+)\/(\d+)$/

async function startFloor(): Promise<Running> {
  const hashing = new Map<string, Hash>()
  const digests = new Map<string, string>()
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').slice(1)
    const range = LAST_RANGE.exec(req.headers['content-range'] ?? '')
    let hash = hashing.get(name)
    if (range !== null && hash === undefined) {
      hash = createHash('sha256')
      hashing.set(name, hash)
    }
    req.on('data', (chunk: Buffer) => hash?.update(chunk))
    req.on('end', () => {
      if (hash !== undefined && range !== null && Number(range[1]) + 1 === Number(range[2])) {
        digests.set(name, hash.digest('hex'))
        hashing.delete(name)
      }
      res.writeHead(200, { ...ACK, 'BITS-Session-Id': FLOOR_SESSION_ID }).end()
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reset: () => {
      hashing.clear()
      digests.clear()
    },
    sha256: (name) => digests.get(name),
  }
}

async function startLoopback(): Promise<Running> {
  const srv = await startBitsServer({ port: 0, store: 'digest' })
  return {
    url: srv.url,
    reset: () => srv.bits.reset(),
    sha256: (name) => srv.bits.uploads.get(name)?.sha256,
  }
}

const kind = process.argv[2]
if ((kind !== 'bits' && kind !== 'floor') || process.send === undefined) {
  throw new Error(
    `Failed to start a peer server: expected "bits" or "floor" and an IPC channel, got "${kind}". ` +
      'Start it through test/bench/peer.ts.',
  )
}
const running = kind === 'bits' ? await startLoopback() : await startFloor()
process.on('message', (message: PeerServerRequest) => {
  const answer: PeerServerAnswer = { id: message.id }
  if (message.op === 'reset') running.reset()
  if (message.op === 'sha256') answer.sha256 = running.sha256(message.name)
  if (message.op === 'cpu') {
    const { user, system } = process.cpuUsage()
    answer.cpuMs = (user + system) / 1000
  }
  process.send?.(answer)
})
// Nothing here outlives the parent: no store on disk, no connection worth draining.
process.on('disconnect', () => process.exit(0))
process.send({ url: running.url })
