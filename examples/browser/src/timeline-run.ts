// Known journals for the timeline's screenshots (test/browser) and the README's pictures: the same
// seed, plan, sizes and clock give the same entries, so the same pixels.
import { checkClientRules, createBitsServer, type FaultPlan } from 'msw-bits'
import { defineBitsTimeline } from 'msw-bits/timeline'
import { uploadBits } from '../../../test/support/bits-client.js'

export interface SampleRun {
  plan: FaultPlan
  /** Bytes uploaded. */
  size: number
  fragmentSize: number
  /** The remote name under https://bits.example.test/uploads/. */
  name: string
}

/**
 * Uploads `size` bytes under `plan` straight to the engine (no service worker: a network-error
 * fault rejects, as fetch would; a hang ends when the client's timeout aborts it), then draws the
 * journal and the oracle's verdict in `#timeline` and sets `data-ready` on the body.
 */
export async function drawSampleRun({ plan, size, fragmentSize, name }: SampleRun): Promise<void> {
  // A clock that moves 5 ms per reading: times in the journal do not depend on the machine.
  let now = Date.UTC(2026, 0, 1)
  const clock = { now: () => (now += 5), sleep: async () => {} }
  const bits = createBitsServer({
    baseUrl: 'https://bits.example.test/uploads',
    seed: 7,
    clock,
    faults: plan,
  })
  await uploadBits({
    url: `https://bits.example.test/uploads/${name}`,
    data: new Uint8Array(size).map((_, i) => i & 0xff),
    fragmentSize,
    sleep: async () => {},
    requestTimeoutMs: 50,
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
}
