// "Did you mean …?" on a misspelt plan field or name (issue 21: validate.ts's suggestion and
// full stop were pinned only by CLI suites outside npm run mutate).
import { describe, expect, it } from 'vitest'
import { validatePlan } from '../../src/index.js'

const SCHEMA_HINT =
  ' See the schema msw-bits/fault-plan.schema.json (node_modules/msw-bits/fixtures/fault-plan.schema.json) for the format.'

/** The problems `validatePlan` names, without the message's fixed start and end. */
function problemsOf(plan: unknown): string {
  try {
    validatePlan(plan)
  } catch (error) {
    const message = (error as Error).message
    expect(message.startsWith('Failed to use the fault plan: ')).toBe(true)
    expect(message.endsWith(SCHEMA_HINT)).toBe(true)
    return message.slice('Failed to use the fault plan: '.length, -SCHEMA_HINT.length)
  }
  throw new Error('expected the plan to be refused')
}

describe('a misspelt field or name', () => {
  it.each([
    [
      { rules: [{ pakcet: 'Ping', delayMs: 1 }] },
      'plan.rules[0]: Unrecognized key: "pakcet". Did you mean "packet"?',
    ],
    [
      { rules: [{ respond: { status: 500, stauts: 1 } }] },
      'plan.rules[0].respond: Unrecognized key: "stauts". Did you mean "status"?',
    ],
    [
      { rules: [{ packet: 'Fragmnt', delayMs: 1 }] },
      'plan.rules[0].packet: expected one of Create-Session, Fragment, Close-Session, Cancel-Session, Ping, Reply-Download, or a list of them. Did you mean "Fragment"?',
    ],
    [
      { rules: [{ respond: { status: 500, error: 'BG_E_SESION_NOT_FOUND' } }] },
      'plan.rules[0].respond.error: expected an HRESULT name ("BG_E_SESSION_NOT_FOUND"), hex ("0x80070005") or a 32-bit number. Did you mean "BG_E_SESSION_NOT_FOUND"?',
    ],
    [
      { rules: [{ respond: { status: 500, context: 'remote-fil' } }] },
      'plan.rules[0].respond.context: expected "remote-file", "remote-application", another BG_ERROR_CONTEXT name, hex ("0x7") or a number. Did you mean "remote-file"?',
    ],
  ])('%j: %s', (plan, problems) => {
    expect(problemsOf(plan)).toBe(problems)
  })

  it('suggests nothing for two unknown keys at once, or a name in a list', () => {
    expect(problemsOf({ rules: [{ pakcet: 'Ping', tmes: 2, delayMs: 1 }] })).toBe(
      'plan.rules[0]: Unrecognized keys: "pakcet", "tmes".',
    )
    expect(problemsOf({ rules: [{ packet: ['Fragmnt'], delayMs: 1 }] })).toBe(
      'plan.rules[0].packet: expected one of Create-Session, Fragment, Close-Session, Cancel-Session, Ping, Reply-Download, or a list of them.',
    )
  })

  it('ends a problem with a full stop unless it asks "Did you mean …?"', () => {
    expect(problemsOf({ rules: [{ packet: 'Ping', delayMs: -1 }] })).toBe(
      'plan.rules[0].delayMs: Too small: expected number to be >=0.',
    )
  })
})
