/**
 * The msw-bits benchmarks for the in-process targets of DESIGN.md ("Targets"), each measured as a
 * ratio against a baseline in the same run. See test/bench/README.md.
 *
 *   tsx --expose-gc test/bench/run.ts
 *
 * BENCH_STRICT=1 exits non-zero when a target fails.
 */
import { setupServer } from 'msw/node'
import { costClock, envInt, hasGc, median } from './lib/measure.js'
import { GeneratedUpload, MiB } from './lib/payload.js'
import { fixed, formatTable, type Row, spread } from './lib/table.js'
import { runLoopbackBench } from './loopback.js'
import { runOracleBench } from './oracle.js'
import { runPacketBench } from './packets.js'
import {
  type MemoryMode,
  type MemoryResult,
  measureMemoryInChild,
  runThroughputBench,
  type UploadSide,
} from './upload.js'

const PACKET_RATIO_TARGET = 1.25
const THROUGHPUT_RATIO_TARGET = 0.7
const MEMORY_GROWTH_TARGET_MIB = 64

const config = {
  strict: process.env.BENCH_STRICT === '1',
  only: process.env.BENCH_ONLY ?? 'packets,upload,memory,oracle,loopback',
  uploadMiB: envInt('BENCH_UPLOAD_MIB', 256),
  fragmentMiB: envInt('BENCH_FRAGMENT_MIB', 8),
  memorySmallMiB: envInt('BENCH_MEMORY_SMALL_MIB', 64),
  memoryRuns: envInt('BENCH_MEMORY_RUNS', 3),
  clock: costClock(),
  mswPackets: envInt('BENCH_PACKETS', 200),
  directPackets: envInt('BENCH_DIRECT_PACKETS', 1000),
  packetRounds: envInt('BENCH_PACKET_ROUNDS', 21),
  uploadRounds: envInt('BENCH_UPLOAD_ROUNDS', 5),
}
const enabled = (part: string) => config.only.split(',').includes(part)
const log = (line: string) => console.error(`[bench] ${line}`)

if (!hasGc) log('warning: run with --expose-gc; without it GC is not forced between samples.')
log(
  `node ${process.version}, ${config.clock} time, upload ${config.uploadMiB} MiB in ` +
    `${config.fragmentMiB} MiB fragments, ${config.packetRounds} packet rounds, ` +
    `${config.uploadRounds} upload rounds`,
)

const rows: Row[] = []
const clockName = config.clock === 'cpu' ? 'CPU ' : ''
const server = setupServer()
server.listen({ onUnhandledRequest: 'error' })
const started = performance.now()

if (enabled('packets')) {
  const results = await runPacketBench(
    server,
    {
      mswPackets: config.mswPackets,
      directPackets: config.directPackets,
      fragmentBytes: 1024,
      warmup: 2,
      rounds: config.packetRounds,
    },
    log,
  )
  for (const result of results) {
    const what = result.packet === 'Ping' ? 'Ping' : 'Fragment 1 KiB'
    const via = result.via === 'msw' ? 'setupServer+fetch' : 'handle()'
    const against = result.baselineKind === 'reading' ? ' (vs body-reading handler)' : ''
    const targeted = result.via === 'msw' && result.baselineKind === 'fixed-ack'
    const us = (ms: number) => fixed(ms * 1000, 1)
    rows.push({
      metric: `${what} via ${via}${against}, ${clockName}µs/packet`,
      baseline: us(result.baseline),
      subject: us(result.subject),
      ratio: spread(result.ratio, result.samples.ratios),
      target: targeted ? `≤ ${PACKET_RATIO_TARGET}×` : '—',
      pass: targeted ? result.ratio <= PACKET_RATIO_TARGET : null,
    })
  }
}

if (enabled('upload')) {
  const upload = new GeneratedUpload(config.uploadMiB * MiB, config.fragmentMiB * MiB)
  log(`upload: computing the expected SHA-256 of ${config.uploadMiB} MiB…`)
  const expected = upload.sha256()
  log('upload: throughput rounds…')
  const result = await runThroughputBench(server, upload, expected, {
    warmup: 1,
    rounds: config.uploadRounds,
  })
  rows.push({
    metric: `${config.uploadMiB} MiB upload (digest store), MiB per ${clockName}s`,
    baseline: fixed(result.baselineMiBs, 0),
    subject: fixed(result.subjectMiBs, 0),
    ratio: spread(
      result.throughputRatio,
      result.samples.ratios.map((ratio) => 1 / ratio),
    ),
    target: `≥ ${THROUGHPUT_RATIO_TARGET}×`,
    pass: result.throughputRatio >= THROUGHPUT_RATIO_TARGET,
  })
}
server.close()

if (enabled('memory')) {
  const sizes = [...new Set([Math.min(config.memorySmallMiB, config.uploadMiB), config.uploadMiB])]
  const measure = async (side: UploadSide, size: number, mode: MemoryMode) => {
    log(`memory: ${size} MiB upload, ${side} handler, ${mode} GC, in a fresh process…`)
    const result = await measureMemoryInChild(side, size, config.fragmentMiB, mode)
    log(`memory: ${JSON.stringify(result)}`)
    return result
  }
  // Peak RSS depends on when V8 chooses to collect: a few runs each, median and range shown.
  const peakCell = (results: MemoryResult[]) => {
    const values = results.map((result) => result.rssGrowthMiB)
    return {
      median: median(values),
      text: `${fixed(median(values))} [${fixed(Math.min(...values))}–${fixed(Math.max(...values))}]`,
    }
  }
  for (const size of sizes) {
    const natural: Record<UploadSide, MemoryResult[]> = { bare: [], bits: [] }
    for (let run = 0; run < config.memoryRuns; run++) {
      for (const side of ['bare', 'bits'] as const) {
        natural[side].push(await measure(side, size, 'natural'))
      }
    }
    const bare = peakCell(natural.bare)
    const bits = peakCell(natural.bits)
    rows.push({
      metric: `${size} MiB upload: peak RSS growth${natural.bits[0]?.exactPeak ? '' : ' (sampled)'}, MiB`,
      baseline: bare.text,
      subject: bits.text,
      ratio: '—',
      target: `≤ ${MEMORY_GROWTH_TARGET_MIB} MiB`,
      pass: bits.median <= MEMORY_GROWTH_TARGET_MIB,
    })
    // What is live: a GC after every fragment, heap + external (ArrayBuffers) sampled then.
    const [bareLive, bitsLive] = [
      await measure('bare', size, 'gc'),
      await measure('bits', size, 'gc'),
    ]
    rows.push({
      metric: `${size} MiB upload: live heap+external growth (GC each fragment), MiB`,
      baseline: fixed(bareLive.heapGrowthMiB),
      subject: fixed(bitsLive.heapGrowthMiB),
      ratio: '—',
      target: '—',
      pass: null,
    })
  }
}

if (enabled('oracle')) rows.push(...runOracleBench(envInt('BENCH_ORACLE_ENTRIES', 100_000), log))

if (enabled('loopback')) rows.push(...(await runLoopbackBench(log)))

console.log(formatTable(rows))
const failed = rows.filter((row) => row.pass === false)
console.log(
  `\n${failed.length === 0 ? 'All targets met' : `${failed.length} target(s) missed`} ` +
    `(${fixed((performance.now() - started) / 1000, 0)} s; ratios are medians of per-round ` +
    'ratios, baseline and subject interleaved).',
)
if (failed.length > 0 && config.strict) process.exitCode = 1
