/**
 * The msw-bits benchmarks for the in-process targets of DESIGN.md ("Targets"), each measured as a
 * ratio against a baseline in the same run. See test/bench/README.md.
 *
 *   tsx --expose-gc test/bench/run.ts
 *
 * BENCH_STRICT=1 exits non-zero when a target fails. BENCH_QUICK=1 runs every part small, as a
 * smoke test (CI): no thresholds are judged then.
 */
import { setupServer } from 'msw/node'
import { runHardeningBench } from './hardening.js'
import { runImportBench } from './import-cost.js'
import { costClock, envInt, hasGc, median } from './lib/measure.js'
import { GeneratedUpload, MiB } from './lib/payload.js'
import { fixed, formatTable, type Row, spread, times } from './lib/table.js'
import { runLoopbackBench } from './loopback.js'
import { runOracleBench } from './oracle.js'
import { runPacketBench } from './packets.js'
import { runPeerBench } from './peer.js'
import {
  type MemoryMode,
  type MemoryResult,
  measureMemoryInChild,
  runDirectDigestBench,
  runThroughputBench,
  type ThroughputResult,
  UPLOAD_STORE,
  type UploadSide,
} from './upload.js'

/** Through `bits.handle()`, against the bare body-reading handler. */
const DIRECT_RATIO_TARGET = 1.25
/** Through `setupServer`, against the matching bare MSW handler. */
const MSW_RATIO_TARGET = 1.1
/** Through `setupServer`, against the bare MSW handler that only reads the body. */
const THROUGHPUT_RATIO_TARGET = 0.85
/** Through `bits.handle()`, against node:crypto SHA-256 over the same bytes. */
const DIRECT_DIGEST_RATIO_TARGET = 0.9

const quick = process.env.BENCH_QUICK === '1'
// Quick mode sets the small defaults (each still overridable); it proves the benchmarks run.
const quickEnv = (name: string, full: number, small: number) => envInt(name, quick ? small : full)

const config = {
  strict: process.env.BENCH_STRICT === '1' && !quick,
  only: process.env.BENCH_ONLY ?? 'packets,upload,memory,oracle,loopback,peer',
  uploadMiB: quickEnv('BENCH_UPLOAD_MIB', 256, 16),
  fragmentMiBs: (process.env.BENCH_FRAGMENT_MIB ?? '1,8').split(',').map(Number),
  memorySmallMiB: quickEnv('BENCH_MEMORY_SMALL_MIB', 64, 8),
  memoryRuns: quickEnv('BENCH_MEMORY_RUNS', 3, 1),
  clock: costClock(),
  mswPackets: quickEnv('BENCH_PACKETS', 1000, 100),
  directPackets: quickEnv('BENCH_DIRECT_PACKETS', 2000, 100),
  packetRounds: quickEnv('BENCH_PACKET_ROUNDS', 15, 2),
  uploadRounds: quickEnv('BENCH_UPLOAD_ROUNDS', 15, 2),
}
if (quick) {
  // The parts run alone read their sizes from the environment too.
  process.env.BENCH_ORACLE_ENTRIES ??= '2000'
  process.env.BENCH_LOOPBACK_ROUNDS ??= '1'
  process.env.BENCH_PINGS ??= '100'
  process.env.BENCH_UPLOAD_MIB ??= String(config.uploadMiB)
  process.env.BENCH_IMPORT_RUNS ??= '3'
}
if (config.fragmentMiBs.some((size) => !(size > 0))) {
  throw new Error(
    `BENCH_FRAGMENT_MIB must list positive sizes, got "${process.env.BENCH_FRAGMENT_MIB}".`,
  )
}
const largestFragmentMiB = Math.max(...config.fragmentMiBs)

const enabled = (part: string) => config.only.split(',').includes(part)
const log = (line: string) => console.error(`[bench] ${line}`)

if (!hasGc) log('warning: run with --expose-gc; the memory rows need it.')
log(
  `node ${process.version}, ${config.clock} time${quick ? ' (quick: no targets judged)' : ''}, ` +
    `upload ${config.uploadMiB} MiB in ${config.fragmentMiBs.join(' and ')} MiB fragments, ` +
    `${config.packetRounds} packet rounds, ${config.uploadRounds} upload rounds`,
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
    const against = result.baselineKind === 'reading' ? 'body-reading' : 'fixed-Ack'
    // The targets' baselines: the fixed-Ack MSW handler for Ping, the body-reading one for a
    // Fragment, and the bare body-reading function for handle().
    const target =
      result.via === 'direct'
        ? DIRECT_RATIO_TARGET
        : (result.packet === 'Ping') === (result.baselineKind === 'fixed-ack')
          ? MSW_RATIO_TARGET
          : null
    const us = (ms: number) => fixed(ms * 1000, 1)
    rows.push({
      metric: `${what} via ${via} (vs ${against} handler), ${clockName}µs/packet`,
      baseline: us(result.baseline),
      subject: us(result.subject),
      ratio: `${spread(result.ratio, result.samples.ratios)}; ${result.other.clock} ${times(result.other.ratio)}`,
      target: target === null ? '—' : `≤ ${target}×`,
      pass: target === null ? null : result.ratio <= target,
    })
  }
}

if (enabled('upload')) {
  const options = { warmup: 1, rounds: config.uploadRounds }
  const inverse = (ratios: readonly number[]) => ratios.map((ratio) => 1 / ratio)
  const uploadRow = (what: string, result: ThroughputResult, target: number | null): Row => ({
    metric: `${what}, MiB per ${clockName}s`,
    baseline: fixed(result.baselineMiBs, 0),
    subject: fixed(result.subjectMiBs, 0),
    ratio: `${spread(result.throughputRatio, inverse(result.samples.ratios))}; ${result.other.clock} ${times(1 / result.other.ratio)}`,
    target: target === null ? '—' : `≥ ${target}×`,
    pass: target === null ? null : result.throughputRatio >= target,
  })
  for (const fragmentMiB of config.fragmentMiBs) {
    const upload = new GeneratedUpload(config.uploadMiB * MiB, fragmentMiB * MiB)
    log(`upload: computing the expected SHA-256 of ${config.uploadMiB} MiB…`)
    const expected = upload.sha256()
    const what = `${config.uploadMiB} MiB upload, ${fragmentMiB} MiB fragments (${UPLOAD_STORE} store)`
    log(`upload: throughput rounds, ${fragmentMiB} MiB fragments, vs a body-reading handler…`)
    const reading = await runThroughputBench(server, upload, expected, options, 'reading')
    rows.push(
      uploadRow(
        `${what} via setupServer+fetch (vs body-reading handler)`,
        reading,
        THROUGHPUT_RATIO_TARGET,
      ),
    )
    // The floor: the digest store must hash every byte, which the reading handler never does.
    log(`upload: throughput rounds, ${fragmentMiB} MiB fragments, vs a reading+SHA-256 handler…`)
    const hashing = await runThroughputBench(server, upload, expected, options, 'hashing')
    rows.push(
      uploadRow(`${what} via setupServer+fetch (vs reading+SHA-256 handler)`, hashing, null),
    )
    log(`upload: throughput rounds, ${fragmentMiB} MiB fragments, bits.handle() vs SHA-256…`)
    const direct = await runDirectDigestBench(upload, expected, options, 'sha256')
    rows.push(
      uploadRow(
        `${what} via handle() (vs node:crypto SHA-256)`,
        direct,
        DIRECT_DIGEST_RATIO_TARGET,
      ),
    )
    // The floor: handle() needs a Request, and building one from the bytes copies them.
    log(
      `upload: throughput rounds, ${fragmentMiB} MiB fragments, bits.handle() vs Request+SHA-256…`,
    )
    const floor = await runDirectDigestBench(upload, expected, options, 'request+sha256')
    rows.push(uploadRow(`${what} via handle() (vs Request read + SHA-256)`, floor, null))
  }
}
server.close()

if (enabled('memory')) {
  const sizes = [...new Set([Math.min(config.memorySmallMiB, config.uploadMiB), config.uploadMiB])]
  const measure = async (side: UploadSide, size: number, mode: MemoryMode) => {
    log(`memory: ${size} MiB upload, ${side} handler, ${mode} GC, in a fresh process…`)
    const result = await measureMemoryInChild(side, size, largestFragmentMiB, mode)
    log(`memory: ${JSON.stringify(result)}`)
    return result
  }
  // Peak RSS depends on when V8 chooses to collect: shown for information, median [min–max].
  const peakCell = (results: MemoryResult[]) => {
    const values = results.map((result) => result.rssGrowthMiB)
    return `${fixed(median(values))} [${fixed(Math.min(...values))}–${fixed(Math.max(...values))}]`
  }
  const live: Record<UploadSide, number[]> = { bare: [], bits: [] }
  for (const size of sizes) {
    const natural: Record<UploadSide, MemoryResult[]> = { bare: [], bits: [] }
    for (let run = 0; run < config.memoryRuns; run++) {
      for (const side of ['bare', 'bits'] as const) {
        natural[side].push(await measure(side, size, 'natural'))
      }
    }
    rows.push({
      metric: `${size} MiB upload: peak RSS growth${natural.bits[0]?.exactPeak ? '' : ' (sampled)'}, MiB`,
      baseline: peakCell(natural.bare),
      subject: peakCell(natural.bits),
      ratio: '—',
      target: '—',
      pass: null,
    })
    // What msw-bits keeps: a GC after every fragment, heap + external (ArrayBuffers) sampled then.
    for (const side of ['bare', 'bits'] as const) {
      live[side].push((await measure(side, size, 'gc')).heapGrowthMiB)
    }
    rows.push({
      metric: `${size} MiB upload: live heap+external growth (GC each fragment), MiB`,
      baseline: fixed(live.bare.at(-1) ?? Number.NaN),
      subject: fixed(live.bits.at(-1) ?? Number.NaN),
      ratio: '—',
      target: '—',
      pass: null,
    })
  }
  // The live set must not grow with the upload: the large upload may keep at most one fragment
  // more than the small one.
  const [small = 0, large = 0] = live.bits
  rows.push({
    metric: `live growth, ${sizes.join(' → ')} MiB upload (msw-bits), MiB`,
    baseline: fixed(small),
    subject: fixed(large),
    ratio: '—',
    target: `≤ +${largestFragmentMiB} MiB`,
    pass: large - small <= largestFragmentMiB,
  })
}

if (enabled('oracle')) rows.push(...runOracleBench(envInt('BENCH_ORACLE_ENTRIES', 100_000), log))

if (enabled('loopback')) rows.push(...(await runLoopbackBench(log)))

if (enabled('import')) rows.push(...runImportBench(log))

if (enabled('hardening')) rows.push(...(await runHardeningBench(log)))

if (enabled('peer')) rows.push(...(await runPeerBench(log)))

// Quick runs are a smoke test on noisy machines: every row is shown, none is judged.
if (quick) for (const row of rows) row.pass = null
console.log(formatTable(rows))
const failed = rows.filter((row) => row.pass === false)
console.log(
  `\n${failed.length === 0 ? 'All targets met' : `${failed.length} target(s) missed`} ` +
    `(${fixed((performance.now() - started) / 1000, 0)} s; ratios are medians of per-round ` +
    'ratios, baseline and subject interleaved).',
)
if (quick) console.log('Quick mode (BENCH_QUICK=1): a smoke test, no target judged.')
if (failed.length > 0 && config.strict) process.exitCode = 1
