/**
 * Requests per second and p50/p99 latency of the loopback server, for Ping and 64 KiB Fragments at
 * 1, 10 and 100 connections, against Node's own http server answering a fixed Ack to the same
 * client (undici, keep-alive) in the same run. Node's server rejects BITS_POST, so the baseline
 * gets the same headers and body by POST.
 *
 *   npx tsx test/bench/rps.ts            # RPS_SECONDS (default 2) per cell
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Pool } from 'undici'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { startBitsServer } from '../../src/node/index.js'
import { envInt, median } from './lib/measure.js'
import { fixed, formatTable, type Row, times } from './lib/table.js'

const seconds = envInt('RPS_SECONDS', 2)
const CONCURRENCY = [1, 10, 100] as const
const FRAGMENT = Buffer.alloc(64 * 1024, 7)
/** Bytes each Fragment session may take: far more than one cell sends. */
const SESSION_TOTAL = 64 * 1024 * 100_000

interface Cell {
  rps: number
  p50: number
  p99: number
}

/** Sends `next()`'s requests from `concurrency` workers for `seconds`; rps and latency in ms. */
async function drive(concurrency: number, next: (worker: number) => Promise<void>): Promise<Cell> {
  const latencies: number[] = []
  const deadline = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const begun = performance.now()
        await next(worker)
        latencies.push(performance.now() - begun)
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    rps: latencies.length / elapsed,
    p50: median(latencies),
    p99: latencies[Math.floor(0.99 * (latencies.length - 1))]!,
  }
}

async function send(
  pool: Pool,
  method: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<Record<string, string | string[] | undefined>> {
  const res = await pool.request({ path: '/uploads/bench.bin', method, headers, body })
  await res.body.dump()
  if (res.statusCode !== 200)
    throw new Error(
      `answered ${res.statusCode} ${JSON.stringify(res.headers)} to ${JSON.stringify(headers)}`,
    )
  return res.headers
}

const bits = await startBitsServer({ port: 0, store: 'digest', journalLimit: 1000 })
const node = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    res.writeHead(200, { 'BITS-Packet-Type': 'Ack', 'Content-Length': '0' }).end()
  })
})
await new Promise<void>((resolve) => node.listen(0, '127.0.0.1', resolve))
const nodeUrl = `http://127.0.0.1:${(node.address() as AddressInfo).port}`

const ping = { 'BITS-Packet-Type': 'Ping', 'Content-Length': '0' }
const rows: Row[] = []
for (const concurrency of CONCURRENCY) {
  const bitsPool = new Pool(new URL(bits.url).origin, { connections: concurrency })
  const nodePool = new Pool(nodeUrl, { connections: concurrency })
  const sessions: { id: string; offset: number }[] = []
  for (let i = 0; i < concurrency; i++) {
    const headers = await send(bitsPool, 'BITS_POST', {
      'BITS-Packet-Type': 'Create-Session',
      'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
      'Content-Length': '0',
    })
    sessions.push({ id: String(headers['bits-session-id']), offset: 0 })
  }
  const fragment = (worker: number) => {
    const session = sessions[worker]!
    const first = session.offset
    session.offset += FRAGMENT.byteLength
    return {
      'BITS-Packet-Type': 'Fragment',
      'BITS-Session-Id': session.id,
      'Content-Range': `bytes ${first}-${first + FRAGMENT.byteLength - 1}/${SESSION_TOTAL}`,
      'Content-Length': String(FRAGMENT.byteLength),
    }
  }
  // The baseline reads the same headers and body; its offsets need not advance.
  const baselineFragment = { ...fragment(0) }
  sessions[0]!.offset = 0
  const cells = {
    ping: [
      await drive(concurrency, () => send(nodePool, 'POST', ping).then(() => {})),
      await drive(concurrency, () => send(bitsPool, 'BITS_POST', ping).then(() => {})),
    ],
    fragment: [
      await drive(concurrency, (w) =>
        send(nodePool, 'POST', baselineFragment, FRAGMENT).then(() => {}),
      ),
      await drive(concurrency, (w) =>
        send(bitsPool, 'BITS_POST', fragment(w), FRAGMENT).then(() => {}),
      ),
    ],
  }
  for (const [what, [base, subject]] of Object.entries(cells)) {
    const label = what === 'ping' ? 'Ping' : 'Fragment 64 KiB'
    rows.push({
      metric: `${label} @ ${concurrency} conn: req/s`,
      baseline: fixed(base!.rps, 0),
      subject: fixed(subject!.rps, 0),
      ratio: times(subject!.rps / base!.rps),
      target: 'none',
      pass: null,
    })
    rows.push({
      metric: `${label} @ ${concurrency} conn: p50 / p99 ms`,
      baseline: `${fixed(base!.p50, 2)} / ${fixed(base!.p99, 2)}`,
      subject: `${fixed(subject!.p50, 2)} / ${fixed(subject!.p99, 2)}`,
      ratio: times(subject!.p50 / base!.p50),
      target: 'none',
      pass: null,
    })
  }
  await bitsPool.close()
  await nodePool.close()
}
await bits.close()
node.close()
console.log(formatTable(rows))
