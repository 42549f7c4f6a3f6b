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
  /** What one round does on each server: `64 MiB in 1 MiB fragments`. */
  work: string
  /** What is measured of it: `MiB/s`. */
  unit: string
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
    work: `${uploadMiB} MiB in ${fragmentMiB} MiB fragments`,
    unit: 'MiB/s',
    ...EVERY_SIDE_HIGHER,
    measure: async (side) => {
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
    work: `${pings} Pings on one keep-alive connection`,
    unit: 'Pings/s',
    ...EVERY_SIDE_HIGHER,
    measure: async (side) => {
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
    work: `${connections} connections at once, one Ping each`,
    unit: 'p99 ms',
    better: 'lower',
    floorTarget: BURST_P99_TARGET,
    peerTarget: null,
    applies: (side) => side.burst,
    measure: (side) => burstP99(side, connections),
  }
}

/** One figure's recorded rounds per side: its value, and the CPU ms the server spent on it. */
interface Measured {
  value: Map<PeerSide, number[]>
  cpu: Map<PeerSide, number[]>
}

/** One figure on one server, after a reset; recorded `into` unless a warm-up. */
async function measureOnce(figure: Figure, side: PeerSide, into: Measured | null): Promise<void> {
  await side.reset()
  const cpuBefore = await side.cpuMs()
  const value = await figure.measure(side)
  const cpuAfter = await side.cpuMs()
  if (into === null) return
  into.value.get(side)!.push(value)
  if (cpuBefore !== null && cpuAfter !== null) into.cpu.get(side)!.push(cpuAfter - cpuBefore)
}

/** Each figure's rounds per side; the order of the servers rotates every round. */
async function measureRounds(
  figures: readonly Figure[],
  sides: readonly PeerSide[],
  { warmup, rounds }: { warmup: number; rounds: number },
  log: (line: string) => void,
): Promise<Measured[]> {
  const perSide = () => new Map(sides.map((side) => [side, [] as number[]]))
  const measured = figures.map(() => ({ value: perSide(), cpu: perSide() }))
  for (let round = 0; round < warmup + rounds; round++) {
    log(`peer: round ${round + 1} of ${warmup + rounds}${round < warmup ? ' (warm-up)' : ''}`)
    const order = [...sides.slice(round % sides.length), ...sides.slice(0, round % sides.length)]
    for (const [index, figure] of figures.entries()) {
      for (const side of order.filter(figure.applies)) {
        await measureOnce(figure, side, round < warmup ? null : measured[index]!)
      }
    }
  }
  return measured
}

/** `median [min–max]` of a side's rounds, so the noise shows. */
function range(values: readonly number[], digits: number, unit = ''): string {
  const at = (value: number) => `${fixed(value, digits)}${unit}`
  return `${at(median(values))} [${at(Math.min(...values))}–${at(Math.max(...values))}]`
}

/** A row: msw-bits' rounds against another server's, per-round ratios. */
function compare(
  figure: Pick<Figure, 'work' | 'unit' | 'better'>,
  subject: number[],
  baseline: number[],
  against: PeerSide,
  target: number | null,
): Row {
  const ratios = subject.map((value, round) => value / baseline[round]!)
  const ratio = median(ratios)
  const digits = figure.better === 'lower' ? 1 : 0
  return {
    metric: `peer: ${figure.work}, ${figure.unit}, msw-bits vs ${against.name}`,
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

function peerPid(): number | null {
  const raw = process.env.BENCH_PEER_PID
  return raw === undefined || raw === '' ? null : envInt('BENCH_PEER_PID', 0)
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
  const peer = external === null ? undefined : externalSide(external, peerPid())
  const targetOf = (figure: Figure, other: PeerSide) =>
    other === floor ? figure.floorTarget : figure.peerTarget
  const sides = peer === undefined ? [bits, floor] : [bits, floor, peer]
  try {
    const rounds = { warmup: quick ? 0 : 1, rounds: sized('BENCH_PEER_ROUNDS', 7, 1) }
    log(`peer: ${sides.map((side) => side.name).join(', ')}; ${rounds.rounds} rounds`)
    const measured = await measureRounds(figures, sides, rounds, log)
    return figures.flatMap((figure, index) => {
      const { value, cpu } = measured[index]!
      const against = peer !== undefined && figure.applies(peer) ? [floor, peer] : [floor]
      const rows = against.map((other) =>
        compare(figure, value.get(bits)!, value.get(other)!, other, targetOf(figure, other)),
      )
      // Server CPU time is what a busy machine inflates least; no target, for reading the above.
      const cpuFigure = { work: figure.work, unit: 'server CPU ms', better: 'lower' } as const
      for (const other of against.filter((side) => cpu.get(side)!.length > 0)) {
        rows.push(compare(cpuFigure, cpu.get(bits)!, cpu.get(other)!, other, null))
      }
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
