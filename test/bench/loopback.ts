/**
 * The loopback server's targets (DESIGN.md "Targets"), as ratios in one run:
 * - 256 MiB in 1 MiB and 8 MiB fragments into the digest store, against Node's own `http` server
 *   taking the same bytes by POST from the same client (undici, keep-alive): ≥ 0.9×.
 * - Memory: peak RSS growth during the upload at two sizes (it must not grow with the upload).
 * - Ping round trip against a Node `http` server answering a fixed Ack.
 *
 *   npx tsx --expose-gc test/bench/loopback.ts        (or BENCH_ONLY=loopback with run.ts)
 *
 * Cost is CPU time of this process (BENCH_CLOCK=wall for elapsed time): client and both servers
 * share it, alike for both sides, and a busy machine does not inflate it. A second baseline also
 * hashes what it receives (node:crypto SHA-256), as the digest store must: it shows how much of
 * the gap is the store's work rather than the server's.
 */
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { costClock, envInt, gc, interleave, median } from './lib/measure.js'
import { GeneratedUpload, MiB } from './lib/payload.js'
import { fixed, type Row, spread } from './lib/table.js'
import { send, upload } from './lib/undici-client.js'

const THROUGHPUT_TARGET = 0.9
const ACK_HEADERS = { 'BITS-Packet-Type': 'Ack', 'Content-Length': '0' }
/** The BITS exchange to the loopback server; the baselines get the same Fragments by POST alone. */
const BITS = { method: 'BITS_POST', session: true } as const
const PLAIN_POST = { method: 'POST', session: false } as const

/** A bare Node http server that reads each request's body (hashing it with `hash`) and Acks. */
async function startBaseline(hash = false): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const sha = hash ? createHash('sha256') : null
    req.on('data', (chunk: Buffer) => sha?.update(chunk))
    req.on('end', () => {
      res.writeHead(200, ACK_HEADERS)
      res.end()
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/uploads`, server }
}

/** Peak RSS growth (MiB) over one upload to the loopback server, sampled after each fragment. */
async function peakGrowth(dispatcher: Agent, srv: RunningBitsServer, payload: GeneratedUpload) {
  srv.bits.reset()
  gc()
  const before = process.memoryUsage.rss()
  let peak = before
  await upload(dispatcher, `${srv.url}/memory.bin`, payload, {
    ...BITS,
    onFragment: () => {
      peak = Math.max(peak, process.memoryUsage.rss())
    },
  })
  return (peak - before) / MiB
}

export async function runLoopbackBench(log: (line: string) => void): Promise<Row[]> {
  const uploadMiB = envInt('BENCH_UPLOAD_MIB', 256)
  const rounds = envInt('BENCH_LOOPBACK_ROUNDS', 5)
  const pings = envInt('BENCH_PINGS', 2000)
  const dispatcher = new Agent({ connections: 1, pipelining: 1 })
  const srv = await startBitsServer({ port: 0, store: 'digest' })
  const baseline = await startBaseline()
  const hashing = await startBaseline(true)
  const clock = costClock()
  const rows: Row[] = []
  try {
    for (const fragmentMiB of [1, 8]) {
      const payload = new GeneratedUpload(uploadMiB * MiB, fragmentMiB * MiB)
      const expected = payload.sha256()
      const bitsSide = {
        prepare: () => srv.bits.reset(),
        run: async () => {
          const mib = await upload(dispatcher, `${srv.url}/bench.bin`, payload, BITS)
          const stored = srv.bits.uploads.get('bench.bin')
          if (stored?.sha256 !== expected) throw new Error('the loopback upload arrived corrupted')
          return mib
        },
      }
      for (const [against, server] of [
        ['node:http POST', baseline],
        ['node:http POST + SHA-256', hashing],
      ] as const) {
        log(
          `loopback: ${uploadMiB} MiB in ${fragmentMiB} MiB fragments vs ${against}, ${rounds} rounds`,
        )
        const result = await interleave(
          { run: () => upload(dispatcher, server.url, payload, PLAIN_POST) },
          bitsSide,
          { warmup: 1, rounds, clock },
        )
        // interleave measures ms per MiB; throughput is its inverse, and so is the ratio.
        const throughput = (msPerMiB: number) => fixed(1000 / msPerMiB, 0)
        const ratio = 1 / result.ratio
        const targeted = server === baseline
        rows.push({
          metric: `loopback ${uploadMiB} MiB in ${fragmentMiB} MiB fragments (digest) vs ${against}, MiB per ${clock} s`,
          baseline: throughput(result.baseline),
          subject: throughput(result.subject),
          ratio: spread(
            ratio,
            result.samples.ratios.map((r) => 1 / r),
          ),
          target: targeted ? `≥ ${THROUGHPUT_TARGET}×` : '—',
          pass: targeted ? ratio >= THROUGHPUT_TARGET : null,
        })
      }
    }

    log('loopback: memory at two upload sizes')
    const small = await peakGrowth(dispatcher, srv, new GeneratedUpload(64 * MiB, 8 * MiB))
    const large = await peakGrowth(dispatcher, srv, new GeneratedUpload(uploadMiB * MiB, 8 * MiB))
    rows.push({
      metric: `loopback peak RSS growth (sampled), 64 MiB → ${uploadMiB} MiB upload, MiB`,
      baseline: fixed(small),
      subject: fixed(large),
      ratio: '—',
      target: 'flat (≤ 64 MiB more)',
      pass: large - small <= 64,
    })

    log(`loopback: ${pings} Ping round trips per side`)
    const ping = { 'BITS-Packet-Type': 'Ping', 'Content-Length': '0' }
    const times = { baseline: [] as number[], bits: [] as number[] }
    for (let i = 0; i < pings; i++) {
      for (const side of i % 2 === 0
        ? (['baseline', 'bits'] as const)
        : (['bits', 'baseline'] as const)) {
        const start = performance.now()
        await send(
          dispatcher,
          side === 'bits' ? srv.url : baseline.url,
          side === 'bits' ? 'BITS_POST' : 'POST',
          ping,
        )
        times[side].push(performance.now() - start)
      }
      if (i % 500 === 499) srv.bits.reset()
    }
    const p99 = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)]!
    const us = (ms: number) => fixed(ms * 1000, 0)
    const b = median(times.baseline)
    const s = median(times.bits)
    rows.push({
      metric: 'loopback Ping round trip vs node:http fixed Ack, µs median (p99)',
      baseline: `${us(b)} (${us(p99(times.baseline))})`,
      subject: `${us(s)} (${us(p99(times.bits))})`,
      ratio: `${fixed(s / b, 2)}×`,
      target: '—',
      pass: null,
    })
  } finally {
    await dispatcher.close()
    await srv.close()
    baseline.server.close()
    hashing.server.close()
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import('./lib/table.js')
  const rows = await runLoopbackBench((line) => console.error(`[bench] ${line}`))
  console.log(formatTable(rows))
  if (process.env.BENCH_STRICT === '1' && rows.some((row) => row.pass === false))
    process.exitCode = 1
}
