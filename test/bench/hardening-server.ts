/**
 * The loopback server of one hardening item, alone in its process so its RSS is the server's
 * only. Run by hardening.ts as `node <tsx flags> --expose-gc hardening-server.ts <item>` with an
 * IPC channel: it sends `{ url }` once listening, then answers each `'mark'` (collect, start a new
 * peak) and `'sample'` (memory now, the peak since the mark, and after a collection) with a
 * {@link MemorySample}. The parent kills it when done.
 */
import { startBitsServer } from '../../src/node/index.js'
import { hasGc, settle } from './lib/measure.js'
import { highWaterMark } from './lib/peak-rss.js'

/** What the server process reports, in bytes. */
export interface MemorySample {
  rss: number
  arrayBuffers: number
  /** The peak RSS since the last mark (Linux VmHWM), or `null` elsewhere. */
  peakRss: number | null
  /** RSS and ArrayBuffers after a collection: what the server still holds. */
  liveRss: number
  liveArrayBuffers: number
}

if (!hasGc) throw new Error('Failed to measure memory: run with --expose-gc.')
const send = (message: unknown) => process.send?.(message)

const item = process.argv[2]
const srv = await startBitsServer({ port: 0, host: '127.0.0.1' })
// The queue behind a hanging request: every Ping hangs, so none behind the first is answered.
if (item === 'pipelined-hang') srv.bits.faults.use({ rules: [{ packet: 'Ping', effect: 'hang' }] })

async function sample(): Promise<MemorySample> {
  const { rss, arrayBuffers } = process.memoryUsage()
  await settle()
  const live = process.memoryUsage()
  // Read after the collection, which can itself raise the peak.
  const peakRss = highWaterMark.read()
  return { rss, arrayBuffers, peakRss, liveRss: live.rss, liveArrayBuffers: live.arrayBuffers }
}

process.on('message', async (message) => {
  if (message === 'mark') {
    await settle()
    highWaterMark.reset()
    send(await sample())
  } else if (message === 'sample') send(await sample())
})
send({ url: srv.url })
