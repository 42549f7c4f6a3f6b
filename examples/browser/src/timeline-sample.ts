// A known journal for the timeline's screenshot (test/browser) and the README's picture: the same
// seed, plan, sizes and clock give the same entries, so the same pixels.
import { checkClientRules, createBitsServer, type FaultPlan } from 'msw-bits'
import { defineBitsTimeline } from 'msw-bits/timeline'
import { uploadBits } from '../../../test/support/bits-client.js'

const plan: FaultPlan = {
  name: 'README sample',
  seed: 7,
  rules: [
    { name: '503 burst', packet: 'Fragment', after: 1, times: 3, respond: { status: 503 } },
    {
      name: 'app busy',
      packet: 'Fragment',
      offset: 'last',
      times: 1,
      respond: { status: 503, context: 'remote-application' },
    },
    {
      name: 'lost ack',
      packet: 'Fragment',
      offset: 50_000,
      timing: 'after',
      effect: 'network-error',
    },
    { name: 'short write', packet: 'Fragment', offset: 70_000, acceptBytes: 4096 },
    {
      name: 'lost session',
      packet: 'Close-Session',
      times: 1,
      respond: { status: 500, error: 'BG_E_SESSION_NOT_FOUND' },
    },
  ],
}

// A clock that moves 5 ms per reading: times in the journal do not depend on the machine.
let now = Date.UTC(2026, 0, 1)
const clock = { now: () => (now += 5), sleep: async () => {} }
const bits = createBitsServer({
  baseUrl: 'https://bits.example.test/uploads',
  seed: 7,
  clock,
  faults: plan,
})
const data = new Uint8Array(100_000).map((_, i) => i & 0xff)
await uploadBits({
  url: 'https://bits.example.test/uploads/crash.dmp',
  data,
  fragmentSize: 16_384,
  sleep: async () => {},
  // Straight to the engine, no service worker: a network-error fault rejects, as fetch would.
  fetch: async (input, init) => {
    const response = await bits.handle(new Request(input, init))
    if (response.type === 'error') throw new TypeError('Failed to fetch')
    return response
  },
})

defineBitsTimeline()
const view = document.querySelector('#timeline') as HTMLElement & { data: unknown }
view.data = { ...bits.journal.toJSON(), violations: checkClientRules(bits) }
document.body.dataset.ready = 'true'
