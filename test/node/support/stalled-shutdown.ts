// A server process whose only connection is stalled by its fault plan (the server stopped
// reading it): prints the upload URL, then, once told on stdin, closes and prints "closed".
import { startBitsServer } from '../../../src/node/index.js'

const srv = await startBitsServer({
  port: 0,
  faults: { rules: [{ packet: 'Fragment', effect: 'stall', afterBytes: 0 }] },
})
process.stdout.write(`${srv.url}\n`)
process.stdin.once('data', async () => {
  process.stdin.destroy()
  await srv.close()
  process.stdout.write('closed\n')
})
