/**
 * One upload's peak memory growth, in a process of its own. Run by upload.ts as
 * `node <tsx flags> --expose-gc memory-child.ts <bare|bits> <upload MiB> <fragment MiB> <natural|gc>`;
 * prints a MemoryResult as JSON on its last line.
 *
 * `natural` lets V8 collect when it likes (it lets about 64 MiB of ArrayBuffer garbage build up
 * before it does); `gc` forces a collection after every fragment's Ack, so the peak is what is
 * live while one fragment is in flight.
 */
import { setupServer } from 'msw/node'
import { gc, hasGc, settle } from './lib/measure.js'
import { GeneratedUpload, MiB } from './lib/payload.js'
import { highWaterMark } from './lib/peak-rss.js'
import {
  checkStored,
  installSide,
  type MemoryMode,
  type MemoryResult,
  sendUpload,
  type UploadSide,
} from './upload.js'

const [sideArg, uploadArg, fragmentArg, modeArg] = process.argv.slice(2)
const side = sideArg as UploadSide
const mode = modeArg as MemoryMode
const uploadMiB = Number(uploadArg)
const fragmentMiB = Number(fragmentArg)
if (
  (side !== 'bare' && side !== 'bits') ||
  (mode !== 'natural' && mode !== 'gc') ||
  !(uploadMiB > 0) ||
  !(fragmentMiB > 0)
) {
  throw new Error('Usage: memory-child.ts <bare|bits> <upload MiB> <fragment MiB> <natural|gc>')
}
if (!hasGc) throw new Error('Failed to measure memory: run with --expose-gc.')

const inUse = (): number => {
  const { heapUsed, external } = process.memoryUsage()
  return heapUsed + external
}

const server = setupServer()
server.listen({ onUnhandledRequest: 'error' })

// Warm-up: the same path with a few fragments, so JIT code and MSW's lazy setup are not counted.
const warmup = new GeneratedUpload(Math.min(4 * fragmentMiB, uploadMiB) * MiB, fragmentMiB * MiB)
installSide(server, side)
await sendUpload(warmup, side)

const upload = new GeneratedUpload(uploadMiB * MiB, fragmentMiB * MiB)
const expected = side === 'bits' ? upload.sha256() : ''
const bits = installSide(server, side)
await settle()

const startRss = process.memoryUsage.rss()
const startInUse = inUse()
const exactPeak = highWaterMark.reset()
let peakRss = startRss
let peakInUse = startInUse
const sample = (): void => {
  if (mode === 'gc') gc()
  peakRss = Math.max(peakRss, process.memoryUsage.rss())
  peakInUse = Math.max(peakInUse, inUse())
}
await sendUpload(upload, side, sample)
sample()
if (exactPeak) peakRss = Math.max(peakRss, highWaterMark.read() ?? 0)
if (bits) checkStored(bits, upload, expected)
await settle()

const result: MemoryResult = {
  side,
  mode,
  uploadMiB,
  rssGrowthMiB: (peakRss - startRss) / MiB,
  exactPeak,
  heapGrowthMiB: (peakInUse - startInUse) / MiB,
  retainedMiB: (inUse() - startInUse) / MiB,
}
server.close()
console.log(JSON.stringify(result))
