// Plan fields at the edges the other suites leave (issue 21): a Fragment-only field with a list
// of packets, and validatePlan called as the public API documents it.
import { describe, expect, it } from 'vitest'
import { BitsUsageError, validatePlan } from '../../src/index.js'
import { useBitsServer } from '../support/msw.js'
import { openSession, sendFragment } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()

describe('a Fragment-only field with a list of packets', () => {
  it('is taken when every packet listed is a Fragment, and the rule acts', async () => {
    start({
      faults: {
        rules: [{ packet: ['Fragment', 'Fragment'], offset: 0, respond: { status: 503 } }],
      },
    })
    const id = await openSession()
    expect((await sendFragment(id, generateBytes(10), 0, 9)).status).toBe(503)
  })

  it('is refused when the list names another packet too', () => {
    const bits = start()
    const plan = { rules: [{ packet: ['Fragment', 'Ping'], offset: 0, respond: { status: 503 } }] }
    expect(() => bits.faults.use(plan as never)).toThrow(
      'plan.rules[0].offset: offset needs "packet": "Fragment"',
    )
  })
})

describe('validatePlan', () => {
  it('returns a valid plan as given and names a bad field from "plan"', () => {
    const plan = { rules: [{ packet: 'Ping' as const, delayMs: 5 }] }
    expect(validatePlan(plan)).toBe(plan)
    expect(() => validatePlan({ rules: [{ packet: 'Ping', delayMs: -1 }] })).toThrow(BitsUsageError)
    expect(() => validatePlan({ rules: [{ packet: 'Ping', delayMs: -1 }] })).toThrow(
      /^Failed to use the fault plan: plan\.rules\[0\]\.delayMs: /,
    )
  })
})
