/**
 * Requests per second and p50/p99 latency of the loopback server, for Ping and 64 KiB Fragments at
 * 1, 10 and 100 connections, against Node's own http server answering a fixed Ack to the same
 * client (undici, keep-alive) in the same run. Node's server rejects BITS_POST, so the baseline
 * gets the same headers and body by POST.
 *
 *   npx tsx test/bench/rps.ts     # RPS_SECONDS (default 1) per cell, RPS_ROUNDS (default 3)
 *
 * Each cell runs RPS_ROUNDS times, baseline and msw-bits alternating (the order flips every
 * round), so a busy machine slows both alike; the ratio is the median of the per-round ratios,
 * with their range. undici closes the connection after every request that carries a body on a
 * method other than POST/PUT/PATCH (BITS_POST) unless the request says `reset: false`; without
 * it every Fragment would open a new connection and this would measure connecting. The last row
 * counts the connections each side opened, to show they were kept.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Pool } from 'undici'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { startBitsServer } from '../../src/node/index.js'
import { envInt, median } from './lib/measure.js'
import { fixed, formatTable, type Row, times } from './lib/table.js'

const seconds = envInt('RPS_SECONDS', 1)
const rounds = envInt('RPS_ROUNDS', 3)
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
    p99: latencies[Math.floor(0.99 * (latencies.length - 1))] ?? Number.NaN,
  }
}

async function send(
  pool: Pool,
  method: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<Record<string, string | string[] | undefined>> {
  const res = await pool.request({
    path: '/uploads/bench.bin',
    method,
    headers,
    body,
    reset: false,
  })
  await res.body.dump()
  if (res.statusCode !== 200)
    throw new Error(
      `answered ${res.statusCode} ${JSON.stringify(res.headers)} to ${JSON.stringify(headers)}`,
    )
  return res.headers
}

/** A pool that counts the connections it opens. */
function countedPool(origin: string, connections: number): { pool: Pool; opened: () => number } {
  const pool = new Pool(origin, { connections })
  let opened = 0
  pool.on('connect', () => opened++)
  return { pool, opened: () => opened }
}

/** `base` and `subject` alternately, `rounds` times; each side's cells in order. */
async function alternate(
  base: () => Promise<Cell>,
  subject: () => Promise<Cell>,
): Promise<{ base: Cell[]; subject: Cell[] }> {
  const cells = { base: [] as Cell[], subject: [] as Cell[] }
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      cells.base.push(await base())
      cells.subject.push(await subject())
    } else {
      cells.subject.push(await subject())
      cells.base.push(await base())
    }
  }
  return cells
}

/** The median of per-round ratios with their range: `0.95× (0.90–1.02)`. */
function ratioOf(base: Cell[], subject: Cell[], pick: (cell: Cell) => number): string {
  const ratios = base.map((cell, round) => pick(subject[round] as Cell) / pick(cell))
  return `${times(median(ratios))} (${fixed(Math.min(...ratios), 2)}–${fixed(Math.max(...ratios), 2)})`
}

/** Each field's median over the rounds. */
function medians(cells: Cell[]): Cell {
  return {
    rps: median(cells.map((cell) => cell.rps)),
    p50: median(cells.map((cell) => cell.p50)),
    p99: median(cells.map((cell) => cell.p99)),
  }
}

const bits = await startBitsServer({ port: 0, store: 'digest', journalLimit: 1000 })
const node = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    res.writeHead(200, { 'BITS-Packet-Type': 'Ack', 'Content-Length': '0' }).end()
  })
})
node.keepAliveTimeout = 60_000
await new Promise<void>((resolve) => node.listen(0, '127.0.0.1', resolve))
const nodeUrl = `http://127.0.0.1:${(node.address() as AddressInfo).port}`

const ping = { 'BITS-Packet-Type': 'Ping', 'Content-Length': '0' }
const rows: Row[] = []
const opened = { bits: 0, node: 0 }
for (const concurrency of CONCURRENCY) {
  const bitsSide = countedPool(new URL(bits.url).origin, concurrency)
  const nodeSide = countedPool(nodeUrl, concurrency)
  const sessions: { id: string; offset: number }[] = []
  for (let i = 0; i < concurrency; i++) {
    const headers = await send(bitsSide.pool, 'BITS_POST', {
      'BITS-Packet-Type': 'Create-Session',
      'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
      'Content-Length': '0',
    })
    sessions.push({ id: String(headers['bits-session-id']), offset: 0 })
  }
  const fragment = (worker: number) => {
    const session = sessions[worker] as { id: string; offset: number }
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
  const baselineFragment = {
    'BITS-Packet-Type': 'Fragment',
    'BITS-Session-Id': sessions[0]?.id ?? '',
    'Content-Range': `bytes 0-${FRAGMENT.byteLength - 1}/${SESSION_TOTAL}`,
    'Content-Length': String(FRAGMENT.byteLength),
  }
  const cells = {
    Ping: await alternate(
      () => drive(concurrency, () => send(nodeSide.pool, 'POST', ping).then(() => {})),
      () => drive(concurrency, () => send(bitsSide.pool, 'BITS_POST', ping).then(() => {})),
    ),
    'Fragment 64 KiB': await alternate(
      () =>
        drive(concurrency, () =>
          send(nodeSide.pool, 'POST', baselineFragment, FRAGMENT).then(() => {}),
        ),
      () =>
        drive(concurrency, (worker) =>
          send(bitsSide.pool, 'BITS_POST', fragment(worker), FRAGMENT).then(() => {}),
        ),
    ),
  }
  for (const [label, { base, subject }] of Object.entries(cells)) {
    const b = medians(base)
    const s = medians(subject)
    rows.push({
      metric: `${label} @ ${concurrency} conn: req/s`,
      baseline: fixed(b.rps, 0),
      subject: fixed(s.rps, 0),
      ratio: ratioOf(base, subject, (cell) => cell.rps),
      target: 'none',
      pass: null,
    })
    rows.push({
      metric: `${label} @ ${concurrency} conn: p50 / p99 ms`,
      baseline: `${fixed(b.p50, 2)} / ${fixed(b.p99, 2)}`,
      subject: `${fixed(s.p50, 2)} / ${fixed(s.p99, 2)}`,
      ratio: ratioOf(base, subject, (cell) => cell.p50),
      target: 'none',
      pass: null,
    })
  }
  opened.bits += bitsSide.opened()
  opened.node += nodeSide.opened()
  await bitsSide.pool.close()
  await nodeSide.pool.close()
}
rows.push({
  metric: 'connections opened over all cells',
  baseline: String(opened.node),
  subject: String(opened.bits),
  ratio: '—',
  target: `${CONCURRENCY.reduce((sum, n) => sum + n, 0)} each`,
  pass: null,
})
await bits.close()
node.close()
console.log(formatTable(rows))
