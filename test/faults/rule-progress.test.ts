// How far a rule got, in the words the CLI summary, the dashboard and assertNoPending() print
// (issue 21: ruleState and formatActed were reached only from the CLI and the dashboard).
import { describe, expect, it } from 'vitest'
import { formatActed, ruleState } from '../../src/faults/index.js'
import { PendingFaultsError } from '../../src/index.js'
import { useBitsServer } from '../support/msw.js'
import { bitsPost } from '../support/packets.js'

const { start } = useBitsServer()

describe('ruleState', () => {
  it('never-fired before the first act, acting until times is reached, then retired', () => {
    expect(ruleState({ acted: 0, times: 3 })).toBe('never-fired')
    expect(ruleState({ acted: 2, times: 3 })).toBe('acting')
    expect(ruleState({ acted: 3, times: 3 })).toBe('retired')
    expect(ruleState({ acted: 4, times: 3 })).toBe('retired')
    expect(ruleState({ acted: 1, times: Number.POSITIVE_INFINITY })).toBe('acting')
  })
})

describe('formatActed', () => {
  it('says the counts, "always" for a rule that never retires', () => {
    expect(formatActed({ acted: 13, times: 100 })).toBe('acted 13 of 100')
    expect(formatActed({ acted: 0, times: Number.POSITIVE_INFINITY })).toBe('acted 0 of always')
  })
})

describe('assertNoPending', () => {
  it('tables a rule without packet as "any" and an "always" rule as "always"', async () => {
    const bits = start({
      faults: {
        rules: [
          { name: 'never', path: 'elsewhere/*', times: 'always', delayMs: 1 },
          { name: 'two', packet: ['Ping', 'Fragment'], times: 2, respond: { status: 503 } },
        ],
      },
    })
    expect((await bitsPost({ type: 'Ping' })).status).toBe(503)
    const error = (() => {
      try {
        bits.faults.assertNoPending()
      } catch (thrown) {
        return thrown as PendingFaultsError
      }
      throw new Error('expected assertNoPending() to throw')
    })()
    expect(error).toBeInstanceOf(PendingFaultsError)
    expect(error.message.split('\n')).toEqual([
      '2 fault rule(s) never acted as scripted:',
      '  #  rule   packet          seen  acted   times',
      '  1  never  any                0      0  always',
      '  2  two    Ping, Fragment     1      1       2',
    ])
  })

  it('is quiet once every rule acted as scripted, and after reset() of a server without a plan', async () => {
    const bits = start({ faults: { rules: [{ packet: 'Ping', respond: { status: 503 } }] } })
    expect((await bitsPost({ type: 'Ping' })).status).toBe(503)
    expect(() => bits.faults.assertNoPending()).not.toThrow()
    const plain = start()
    plain.reset()
    expect(plain.faults.plan).toEqual({ rules: [] })
    expect(() => plain.faults.assertNoPending()).not.toThrow()
  })
})
