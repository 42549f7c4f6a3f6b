/**
 * Load on the loopback server: 1,000 concurrent keep-alive connections each uploading a payload
 * in fragments, malformed BITS packets and malformed HTTP interleaved, while a separate client
 * pings it. Reports Ping latency during the load and peak RSS per connection. Bounded: one pass,
 * loopback only, stops by itself. The functional half runs in CI as test/node/load.test.ts.
 *
 *   npx tsx --expose-gc test/bench/load.ts
 *
 * Environment: LOAD_CONNECTIONS (1000), LOAD_PAYLOAD_KIB (64), LOAD_FRAGMENT_KIB (16).
 */
import { startBitsServer } from '../../src/node/index.js'
import { rawConnect, rawRequest } from '../node/support/raw-http.js'
import { runLoad } from './lib/load-driver.js'
import { envInt, gc, median } from './lib/measure.js'
import { fixed } from './lib/table.js'

const connections = envInt('LOAD_CONNECTIONS', 1000)
const payloadKiB = envInt('LOAD_PAYLOAD_KIB', 64)
const fragmentKiB = envInt('LOAD_FRAGMENT_KIB', 16)
/** The Ping deadline the issue sets during load, in ms. */
const PING_TARGET_MS = 100
const MiB = 1024 * 1024

const srv = await startBitsServer({ port: 0, store: 'digest' })
gc()
const baseline = process.memoryUsage.rss()
let peak = baseline
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss())
}, 5)

const pings: number[] = []
let loading = true
const prober = (async () => {
  const connection = await rawConnect(srv.url)
  const ping = rawRequest('BITS_POST', '/uploads/probe', {
    'BITS-Packet-Type': 'Ping',
    'Content-Length': 0,
  })
  while (loading) {
    const started = performance.now()
    connection.write(ping)
    await connection.next()
    pings.push(performance.now() - started)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  connection.end()
})()

const started = performance.now()
const result = await runLoad(srv, {
  connections,
  payloadBytes: payloadKiB * 1024,
  fragmentBytes: fragmentKiB * 1024,
  malformedChance: 0.3,
  hostileChance: 0.05,
  seed: 1,
})
const elapsed = performance.now() - started
loading = false
await prober
clearInterval(sampler)
await srv.close()

const sorted = [...pings].sort((a, b) => a - b)
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
const lines = [
  `connections ${connections}, ${payloadKiB} KiB each in ${fragmentKiB} KiB fragments, ` +
    `${result.malformedPackets} malformed packets, ${result.hostileConnections} malformed-HTTP connections`,
  `time ${fixed(elapsed / 1000, 2)} s; errors ${result.errors.length}; corrupted uploads ${result.corrupted.length}`,
  `Ping during load: ${pings.length} pings, p50 ${fixed(median(pings), 1)} ms, p99 ${fixed(at(0.99), 1)} ms, ` +
    `max ${fixed(at(1), 1)} ms; within ${PING_TARGET_MS} ms: ${fixed((100 * pings.filter((ms) => ms <= PING_TARGET_MS).length) / pings.length, 1)}%`,
  `peak RSS growth ${fixed((peak - baseline) / MiB, 1)} MiB = ${fixed((peak - baseline) / connections / 1024, 1)} KiB per connection ` +
    '(client and server in one process)',
]
console.log(lines.join('\n'))
for (const error of result.errors.slice(0, 5)) console.error(`error: ${error}`)
process.exitCode = result.errors.length + result.corrupted.length > 0 ? 1 : 0
