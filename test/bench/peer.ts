/**
 * The peer benchmark (issue 16): the loopback server against the least any server must do with
 * the same bytes, a minimal node:http server that takes them by POST and SHA-256es them (the
 * floor), and optionally against another BITS server given by URL (BENCH_PEER_URL, e.g. fkadibs
 * BITSServer run by hand: see test/bench/README.md). One client (undici) drives every server;
 * each server runs in its own process; rounds are interleaved, the order rotating every round.
 *
 *   npx tsx test/bench/peer.ts        (or BENCH_ONLY=peer with run.ts)
 *
 * Figures, wall time (the servers are other processes, so this process's CPU time says nothing):
 * - BENCH_PEER_UPLOAD_MIB (64) in 1 MiB and in 8 MiB fragments, one keep-alive connection, MiB/s;
 * - Pings/s on one keep-alive connection (BENCH_PEER_PINGS, 2000, one after another);
 * - BENCH_PEER_CONNECTIONS (1000) connections opened at once, one Ping each: p99 latency, ms.
 */
import { Pool } from 'undici'
import { envInt, median } from './lib/measure.js'
import { GeneratedUpload, MiB } from './lib/payload.js'
import { fixed, type Row, times } from './lib/table.js'
import { send, upload } from './lib/undici-client.js'
import { externalSide, type PeerSide, spawnSide, UPLOAD_NAME } from './peer-sides.js'

const PING = { 'BITS-Packet-Type': 'Ping', 'Content-Length': '0' }

/** One figure measured on every side each round. */
interface Figure {
  label: string
  /** `higher`: throughput-like, the ratio is subject/baseline and must reach the target. */
  better: 'higher' | 'lower'
  /** Issue 16's targets: against the floor, and against an external peer. */
  floorTarget: number
  peerTarget: number | null
  measure: (side: PeerSide) => Promise<number>
  applies: (side: PeerSide) => boolean
}

/** Issue 16's targets for throughput and Pings/s: near the floor, ahead of a peer; every server. */
const EVERY_SIDE_HIGHER = {
  better: 'higher',
  floorTarget: 0.9,
  peerTarget: 1,
  applies: () => true,
} as const satisfies Partial<Figure>
/** Issue 16's target for the burst's p99: at most this many times the floor's. */
const BURST_P99_TARGET = 1.5

const seconds = (started: number) => (performance.now() - started) / 1000

function uploadFigure(uploadMiB: number, fragmentMiB: number): Figure {
  const payload = new GeneratedUpload(uploadMiB * MiB, fragmentMiB * MiB)
  const expected = payload.sha256()
  return {
    label: `${uploadMiB} MiB in ${fragmentMiB} MiB fragments, MiB/s`,
    ...EVERY_SIDE_HIGHER,
    measure: async (side) => {
      await side.reset()
      const started = performance.now()
      const mib = await upload(side.dispatcher, side.url, payload, {
        method: side.method,
        session: true,
      })
      const rate = mib / seconds(started)
      const stored = await side.sha256(UPLOAD_NAME)
      if (stored !== null && stored !== expected) {
        throw new Error(
          `Failed peer upload to ${side.name}: stored SHA-256 ${stored}, sent ${expected}.`,
        )
      }
      return rate
    },
  }
}

function pingFigure(pings: number): Figure {
  return {
    label: 'Pings/s, one keep-alive connection',
    ...EVERY_SIDE_HIGHER,
    measure: async (side) => {
      await side.reset()
      const started = performance.now()
      for (let i = 0; i < pings; i++) {
        const answer = await send(side.dispatcher, side.url, side.method, PING)
        if (answer.statusCode !== 200) throw new Error(`Ping to ${side.name}: ${answer.statusCode}`)
      }
      return pings / seconds(started)
    },
  }
}

/** `connections` connections opened at once, one Ping each; the p99 of their latencies, ms. */
async function burstP99(side: PeerSide, connections: number): Promise<number> {
  const { origin, pathname } = new URL(side.url)
  const pool = new Pool(origin, { connections, pipelining: 1 })
  let opened = 0
  pool.on('connect', () => opened++)
  const latencies = await Promise.all(
    Array.from({ length: connections }, async () => {
      const started = performance.now()
      const answer = await pool.request({ path: pathname, method: side.method, headers: PING })
      await answer.body.dump()
      if (answer.statusCode !== 200) throw new Error(`Ping to ${side.name}: ${answer.statusCode}`)
      return performance.now() - started
    }),
  )
  await pool.destroy()
  if (opened !== connections) {
    throw new Error(
      `Failed burst on ${side.name}: ${opened} connections opened, not ${connections}.`,
    )
  }
  latencies.sort((a, b) => a - b)
  return latencies[Math.floor(0.99 * (latencies.length - 1))]!
}

function burstFigure(connections: number): Figure {
  return {
    label: `${connections} connections at once, one Ping each: p99 ms`,
    better: 'lower',
    floorTarget: BURST_P99_TARGET,
    peerTarget: null,
    applies: (side) => side.burst,
    measure: async (side) => {
      await side.reset()
      return burstP99(side, connections)
    },
  }
}

/** Each figure's values per side, one per recorded round; the order of sides rotates per round. */
async function measureRounds(
  figures: readonly Figure[],
  sides: readonly PeerSide[],
  { warmup, rounds }: { warmup: number; rounds: number },
  log: (line: string) => void,
): Promise<Map<PeerSide, number[]>[]> {
  const values = figures.map(() => new Map(sides.map((side) => [side, [] as number[]])))
  for (let round = 0; round < warmup + rounds; round++) {
    log(`peer: round ${round + 1} of ${warmup + rounds}${round < warmup ? ' (warm-up)' : ''}`)
    const order = [...sides.slice(round % sides.length), ...sides.slice(0, round % sides.length)]
    for (const [index, figure] of figures.entries()) {
      for (const side of order.filter(figure.applies)) {
        const value = await figure.measure(side)
        if (round >= warmup) values[index]!.get(side)!.push(value)
      }
    }
  }
  return values
}

/** `median [min–max]` of a side's rounds, so the noise shows. */
function range(values: readonly number[], digits: number, unit = ''): string {
  const at = (value: number) => `${fixed(value, digits)}${unit}`
  return `${at(median(values))} [${at(Math.min(...values))}–${at(Math.max(...values))}]`
}

function compare(
  figure: Figure,
  subject: number[],
  baseline: number[],
  against: PeerSide,
  target: number | null,
): Row {
  const ratios = subject.map((value, round) => value / baseline[round]!)
  const ratio = median(ratios)
  const digits = figure.better === 'lower' ? 1 : 0
  return {
    metric: `peer: ${figure.label}, msw-bits vs ${against.name}`,
    baseline: range(baseline, digits),
    subject: range(subject, digits),
    ratio: `${times(ratio)} [${fixed(Math.min(...ratios), 2)}–${fixed(Math.max(...ratios), 2)}]`,
    target: target === null ? '—' : `${figure.better === 'higher' ? '≥' : '≤'} ${target}×`,
    pass: target === null ? null : figure.better === 'higher' ? ratio >= target : ratio <= target,
  }
}

function peerUrl(): string | null {
  const raw = process.env.BENCH_PEER_URL
  if (raw === undefined || raw === '') return null
  if (!URL.canParse(raw) || !raw.startsWith('http://')) {
    throw new Error(
      `Failed to read BENCH_PEER_URL: "${raw}" is not an http:// URL. ` +
        'Give the upload URL of a running BITS server, e.g. http://127.0.0.1:8080/bench.bin.',
    )
  }
  return raw
}

/** Runs the peer figures and returns one row per figure and server compared. */
export async function runPeerBench(log: (line: string) => void): Promise<Row[]> {
  const quick = process.env.BENCH_QUICK === '1'
  const sized = (name: string, full: number, small: number) => envInt(name, quick ? small : full)
  const uploadMiB = sized('BENCH_PEER_UPLOAD_MIB', 64, 8)
  const external = peerUrl()
  const figures = [
    uploadFigure(uploadMiB, 1),
    uploadFigure(uploadMiB, 8),
    pingFigure(sized('BENCH_PEER_PINGS', 2000, 200)),
    burstFigure(sized('BENCH_PEER_CONNECTIONS', 1000, 100)),
  ]
  // Both children compile the sources through tsx: started together, they are ready sooner.
  const [bits, floor] = await Promise.all([spawnSide('bits'), spawnSide('floor')])
  const peer = external === null ? undefined : externalSide(external)
  const sides = peer === undefined ? [bits, floor] : [bits, floor, peer]
  try {
    const rounds = { warmup: quick ? 0 : 1, rounds: sized('BENCH_PEER_ROUNDS', 7, 1) }
    log(`peer: ${sides.map((side) => side.name).join(', ')}; ${rounds.rounds} rounds`)
    const values = await measureRounds(figures, sides, rounds, log)
    return figures.flatMap((figure, index) => {
      const of = (side: PeerSide) => values[index]!.get(side)!
      const rows = [compare(figure, of(bits), of(floor), floor, figure.floorTarget)]
      if (peer !== undefined && figure.applies(peer))
        rows.push(compare(figure, of(bits), of(peer), peer, figure.peerTarget))
      return rows
    })
  } finally {
    for (const side of sides) await side.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import('./lib/table.js')
  const rows = await runPeerBench((line) => console.error(`[bench] ${line}`))
  console.log(formatTable(rows))
  if (process.env.BENCH_STRICT === '1' && rows.some((row) => row.pass === false))
    process.exitCode = 1
}
