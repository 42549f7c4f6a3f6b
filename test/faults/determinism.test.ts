// "Same plan and seed, same answers, packet for packet" (DESIGN.md, Fault plans).
import { describe, expect, it } from 'vitest'
import type { FaultPlan } from '../../src/index.js'
import { uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { generateBytes } from '../support/payloads.js'
import { plan } from '../support/plans.js'
import { virtualClock } from '../support/virtual-clock.js'

const { start } = useBitsServer()

async function run(faults: FaultPlan) {
  const bits = start({ faults, clock: virtualClock(), seed: 42 })
  await uploadBits({
    url: `${BASE_URL}/chaos.bin`,
    data: generateBytes(100_000),
    fragmentSize: 4_096,
    sleep: async () => {},
  })
  return bits.journal.toJSON()
}

describe('determinism', () => {
  const chaos = plan('seeded-network-chaos.json')

  it('the same plan and seed give identical journals, packet for packet', async () => {
    const first = await run(chaos)
    const second = await run(chaos)
    expect(first.entries.filter((e) => e.fault).length).toBeGreaterThan(3)
    expect(JSON.stringify(second)).toBe(JSON.stringify(first))
  })

  it('another seed gives another journal', async () => {
    const seven = await run(chaos)
    const eight = await run({ ...chaos, seed: 8 })
    expect(eight.seed).toBe(8)
    const faulted = (journal: typeof seven) =>
      journal.entries.filter((e) => e.fault).map((e) => e.seq)
    expect(faulted(eight)).not.toEqual(faulted(seven))
  })

  it('a plan without a seed draws from the server seed, shown in the journal header', async () => {
    const { seed, ...unseeded } = chaos
    const journal = await run(unseeded)
    expect(journal.seed).toBe(42)
    const bits = start({ seed: 42 })
    expect(bits.journal.format().split('\n')[0]).toContain('seed 42')
  })
})
