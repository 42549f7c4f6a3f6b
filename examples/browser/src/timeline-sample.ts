// The README's timeline: one upload meeting every kind of answer a fault plan can give.
import { drawSampleRun } from './timeline-run.js'

await drawSampleRun({
  name: 'crash.dmp',
  size: 100_000,
  fragmentSize: 16_384,
  plan: {
    name: 'README sample',
    seed: 7,
    rules: [
      { name: '503 burst', packet: 'Fragment', after: 1, times: 3, respond: { status: 503 } },
      { name: 'too large', packet: 'Fragment', offset: 40_000, respond: { status: 413 } },
      { name: 'stuck', packet: 'Fragment', offset: 45_000, effect: 'hang' },
      {
        name: 'lost ack',
        packet: 'Fragment',
        offset: 55_000,
        timing: 'after',
        effect: 'network-error',
      },
      {
        name: 'short write',
        packet: 'Fragment',
        offset: 70_000,
        timing: 'after',
        acceptBytes: 1000,
        respond: { status: 200 },
      },
      {
        name: 'app busy',
        packet: 'Fragment',
        offset: 'last',
        respond: { status: 503, context: 'remote-application' },
      },
      {
        name: 'lost session',
        packet: 'Close-Session',
        respond: { status: 500, error: 'BG_E_SESSION_NOT_FOUND' },
      },
    ],
  },
})
