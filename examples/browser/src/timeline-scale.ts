// The timeline at scale (`timeline-scale.html?fragments=1000`): fragments of 4 KiB, and the same
// four faults wherever the upload is: a 503 burst, a lost Ack, a short write, a 0x7 error.
import { drawSampleRun } from './timeline-run.js'

const fragments = Number(new URLSearchParams(location.search).get('fragments') ?? 20)
const size = fragments * 4096

await drawSampleRun({
  name: `${fragments}-fragments.bin`,
  size,
  fragmentSize: 4096,
  plan: {
    name: `${fragments} fragments of 4 KiB`,
    seed: 7,
    rules: [
      { name: '503 burst', packet: 'Fragment', after: 1, times: 3, respond: { status: 503 } },
      {
        name: 'lost ack',
        packet: 'Fragment',
        offset: Math.floor(size / 2),
        timing: 'after',
        effect: 'network-error',
      },
      {
        name: 'short write',
        packet: 'Fragment',
        offset: Math.floor(size * 0.7),
        acceptBytes: 1024,
      },
      {
        name: 'app busy',
        packet: 'Fragment',
        offset: 'last',
        respond: { status: 503, context: 'remote-application' },
      },
    ],
  },
})
