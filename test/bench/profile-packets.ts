/**
 * A packet stream to profile, one kind and one way at a time, as packets.ts sends it: MSW listens
 * before the BITS server is created, as in run.ts (`BEFORE=1`: the server first, as in the
 * README's example, so MSW 2 never reaches the fetch tunnel). 2,000 packets of warm-up, then
 * `count` under V8's CPU profiler, written as a `.cpuprofile` (Chrome DevTools, speedscope).
 * `*-bare` profiles the benchmark's baseline for the same packets.
 *
 *   npx tsx test/bench/profile-packets.ts <Ping|Fragment> <msw|direct|msw-bare|direct-bare> [count] [out]
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { setupServer } from 'msw/node'
import { createBitsServer } from '../../src/index.js'
import {
  BARE_BASE_URL,
  BASE_URL,
  bareAckHandler,
  bareReading,
  bareReadingHandler,
} from './lib/bits-requests.js'
import { stream } from './packets.js'

type Send = (url: string, init: RequestInit) => Promise<Response>

const [packet = 'Fragment', via = 'direct', countArg = '20000', out = 'packets.cpuprofile'] =
  process.argv.slice(2)
if (packet !== 'Ping' && packet !== 'Fragment') throw new Error(`Unknown packet "${packet}".`)
const count = Number(countArg)
const early = process.env.BEFORE === '1' ? createBitsServer({ baseUrl: BASE_URL }) : null
const server = setupServer()
server.listen({ onUnhandledRequest: 'error' })
const bits = early ?? createBitsServer({ baseUrl: BASE_URL })
const bare = via.endsWith('-bare')
const url = `${bare ? BARE_BASE_URL : BASE_URL}/bench/packets.bin`
server.resetHandlers(
  ...(bare ? [packet === 'Ping' ? bareAckHandler(url) : bareReadingHandler(url)] : bits.handlers),
)
const handle = bare ? bareReading : bits.handle
const send: Send = via.startsWith('msw')
  ? (u, init) => fetch(u, init)
  : (u, init) => handle(new Request(u, init))
const fragment = new Uint8Array(1024).fill(0x5a)

/** `total` packets in streams of 1,000, the server reset between them as in packets.ts. */
async function run(total: number): Promise<void> {
  for (let sent = 0; sent < total; sent += 1000) {
    bits.reset()
    const packets = stream(packet as 'Ping' | 'Fragment', 1000, fragment, send, !bare, url)
    await packets.open()
    await packets.run()
  }
}

await run(2000)
const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 100 })
await session.post('Profiler.start')
const started = performance.now()
await run(count)
const elapsed = performance.now() - started
const { profile } = await session.post('Profiler.stop')
writeFileSync(out, JSON.stringify(profile))
console.error(`${packet} via ${via}: ${((elapsed * 1000) / count).toFixed(1)} µs/packet → ${out}`)
server.close()
