// Plans are validated when given, with errors that name the field (DESIGN.md, Fault plans).
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { BitsUsageError, createBitsServer, faultPlanJsonSchema } from '../../src/index.js'
import { BASE_URL } from '../support/msw.js'
import { PLAN_FILES, plan } from '../support/plans.js'

const schemaFile = new URL('../../fixtures/fault-plan.schema.json', import.meta.url)
const committedSchema = JSON.parse(readFileSync(schemaFile, 'utf8'))

function errorOf(fn: () => unknown): BitsUsageError {
  try {
    fn()
  } catch (error) {
    if (error instanceof BitsUsageError) return error
    throw error
  }
  throw new Error('expected a BitsUsageError')
}

describe('plan validation', () => {
  const bits = createBitsServer({ baseUrl: BASE_URL })

  it.each([
    [
      { rules: [{ packet: 'Fragmnt', respond: { status: 503 } }] },
      'plan.rules[0].packet',
      'Create-Session',
    ],
    [
      { rules: [{ packet: 'Fragment', times: 0, respond: { status: 503 } }] },
      'plan.rules[0].times',
      '>0',
    ],
    [
      { rules: [{ respond: { status: '503' } }] },
      'plan.rules[0].respond.status',
      'expected number',
    ],
    [
      { rules: [{ respond: { status: 500, error: 'BG_E_NOPE' } }] },
      'plan.rules[0].respond.error',
      'HRESULT',
    ],
    [
      { rules: [{ respond: { status: 500, context: 'server' } }] },
      'plan.rules[0].respond.context',
      'remote-file',
    ],
    [
      { rules: [{ respond: { status: 502, from: 'proxy' } }] },
      'plan.rules[0].respond.from',
      'intermediary',
    ],
    [
      { rules: [{ respond: { status: 502, from: 'intermediary', error: 'E_FAIL' } }] },
      'plan.rules[0].respond.error',
      'no BITS headers',
    ],
    [{ rules: [{ packet: 'Ping' }] }, 'plan.rules[0]', 'needs an effect'],
    [
      { rules: [{ packet: 'Ping', offset: 3, delayMs: 1 }] },
      'plan.rules[0].offset',
      '"packet": "Fragment"',
    ],
    [{ rules: [{ effect: 'explode' }] }, 'plan.rules[0].effect', 'expire-session'],
    [{ rules: [{ effect: 'hang', respond: { status: 500 } }] }, 'plan.rules[0].effect', 'not both'],
    [{ rules: [{ probability: 1.5, effect: 'hang' }] }, 'plan.rules[0].probability', '<=1'],
    [{ rules: [{ delayMs: 5, colour: 'red' }] }, 'plan.rules[0]', 'colour'],
    [{ rule: [] }, 'plan', 'rule'],
    // Plans that used to validate and then crash when the rule fired (issue 12):
    [{ rules: [{ respond: { status: 103 } }] }, 'plan.rules[0].respond.status', '200–599'],
    [
      { rules: [{ respond: { status: 503, headers: { 'Bad Name': 'x' } } }] },
      'plan.rules[0].respond.headers.Bad Name',
      'not a header name',
    ],
    [
      { rules: [{ respond: { status: 503, headers: { 'X-Note': 'a\r\nb' } } }] },
      'plan.rules[0].respond.headers.X-Note',
      'CR, LF or NUL',
    ],
    [{ rules: [{ delayMs: 2 ** 31 }] }, 'plan.rules[0].delayMs', '2^31 - 1'],
    // Toxiproxy's effects take their parameters, and only theirs (issue 10):
    [{ rules: [{ effect: 'bandwidth' }] }, 'plan.rules[0].bytesPerSecond', 'needs bytesPerSecond'],
    [{ rules: [{ effect: 'bandwidth', bytesPerSecond: 0 }] }, 'plan.rules[0].bytesPerSecond', '>0'],
    [{ rules: [{ effect: 'slow-close' }] }, 'plan.rules[0].durationMs', 'needs durationMs'],
    [
      { rules: [{ effect: 'reset', durationMs: 5 }] },
      'plan.rules[0].durationMs',
      '"stall" or "slow-close"',
    ],
    [
      { rules: [{ packet: 'Fragment', effect: 'hang', afterBytes: 5 }] },
      'plan.rules[0].afterBytes',
      '"reset" or "stall"',
    ],
    [
      { rules: [{ packet: 'Ping', effect: 'stall', afterBytes: 5 }] },
      'plan.rules[0].afterBytes',
      '"packet": "Fragment"',
    ],
    [
      { rules: [{ packet: 'Fragment', effect: 'reset', afterBytes: 5, timing: 'after' }] },
      'plan.rules[0].timing',
      'cuts the body',
    ],
    [
      { rules: [{ effect: 'slow-close', durationMs: 5, timing: 'before' }] },
      'plan.rules[0].timing',
      'answers first',
    ],
    [{ rules: [{ delayMs: Number.POSITIVE_INFINITY }] }, 'plan.rules[0].delayMs', ''],
    // Toxiproxy's names and attributes (issue 19 item 6):
    [{ rules: [{ effect: 'slicer' }] }, 'plan.rules[0].averageSize', 'needs averageSize'],
    [{ rules: [{ effect: 'slicer', averageSize: 0 }] }, 'plan.rules[0].averageSize', '>0'],
    [
      { rules: [{ effect: 'slicer', averageSize: 8, sizeVariation: 8 }] },
      'plan.rules[0].sizeVariation',
      'less than averageSize (8)',
    ],
    [
      { rules: [{ effect: 'slicer', averageSize: 8, sliceDelayUs: 2 ** 31 * 1000 }] },
      'plan.rules[0].sliceDelayUs',
      'the longest a timer waits',
    ],
    [
      { rules: [{ effect: 'slicer', averageSize: 8, timing: 'before' }] },
      'plan.rules[0].timing',
      'answers first',
    ],
    [{ rules: [{ effect: 'reset', averageSize: 8 }] }, 'plan.rules[0].averageSize', '"slicer"'],
    [{ rules: [{ effect: 'limit_data' }] }, 'plan.rules[0].limitBytes', 'needs limitBytes'],
    [{ rules: [{ effect: 'limit_data', limitBytes: -1 }] }, 'plan.rules[0].limitBytes', '>=0'],
    [{ rules: [{ effect: 'slow_close' }] }, 'plan.rules[0].durationMs', 'needs durationMs'],
    [
      { rules: [{ effect: 'timeout', durationMs: 5 }] },
      'plan.rules[0].durationMs',
      '"network-error" with delayMs',
    ],
    [{ rules: [{ effect: 'latency' }] }, 'plan.rules[0].delayMs', 'needs delayMs'],
    [{ rules: [{ jitterMs: 5, effect: 'hang' }] }, 'plan.rules[0].jitterMs', 'give delayMs'],
    // Plans that misbehaved at request time, refused when given (issue 17 item 7):
    [
      { rules: [{ effect: 'bandwidth', bytesPerSecond: 1e-7 }] },
      'plan.rules[0].bytesPerSecond',
      'one byte per 2147483647 ms',
    ],
    [
      { rules: [{ path: '{a,b}'.repeat(10), delayMs: 1 }] },
      'plan.rules[0].path',
      'expand to at most 256 patterns, got 1024',
    ],
    [
      { rules: [{ respond: { status: 503, headers: { 'Content-Length': '40' } } }] },
      'plan.rules[0].respond.headers.Content-Length',
      'frames the HTTP message',
    ],
    [
      { rules: [{ respond: { status: 503, headers: { 'transfer-encoding': 'chunked' } } }] },
      'plan.rules[0].respond.headers.transfer-encoding',
      'frames the HTTP message',
    ],
    [
      { rules: [{ packet: 'Ping', headers: { Connection: 'close' } }] },
      'plan.rules[0].headers.Connection',
      'frames the HTTP message',
    ],
  ])('%j is refused, naming %s', (bad, path, expected) => {
    const error = errorOf(() => bits.faults.use(bad as never))
    expect(error.code).toBe('INVALID_PLAN')
    expect(error.message).toContain(`${path}`)
    expect(error.message).toContain(expected)
    expect(error.message).toMatch(/^Failed to use the fault plan: /)
  })

  it('refuses a 70,000-character glob as a plan error, not a TypeError from the glob library', () => {
    const long = { rules: [{ path: 'a'.repeat(70_000), delayMs: 1 }] }
    const error = errorOf(() => bits.faults.use(long))
    expect(error.message).toContain(
      'plan.rules[0].path: expected a glob of at most 1024 characters',
    )
  })

  it('answers every status and header the schema takes as written, never crashing', async () => {
    const server = createBitsServer({ baseUrl: BASE_URL })
    for (let status = 200; status <= 599; status++) {
      const headers = { 'X-Odd_Name!': ' spaced value ' }
      server.faults.use({ rules: [{ packet: 'Ping', respond: { status, headers } }] })
      const ping = new Request(`${BASE_URL}/f`, {
        method: 'BITS_POST',
        headers: { 'BITS-Packet-Type': 'Ping' },
      })
      const response = await server.handle(ping)
      expect(response.status).toBe(status)
      expect(response.headers.get('X-Odd_Name!')).toBe('spaced value')
    }
  })

  it('names the option path when the plan comes through createBitsServer({ faults })', () => {
    const error = errorOf(() =>
      createBitsServer({ baseUrl: BASE_URL, faults: { rules: [{ times: 2 }] } as never }),
    )
    expect(error.message).toContain('faults.rules[0]: a rule needs an effect')
  })

  it('checks a rule given to faults.add() and leaves the plan as it was', () => {
    bits.faults.use({ rules: [{ packet: 'Ping', delayMs: 1 }] })
    const error = errorOf(() => bits.faults.add({ packet: 'Ping', after: -1, delayMs: 1 }))
    expect(error.message).toContain('rule.after')
    expect(bits.faults.plan.rules).toHaveLength(1)
  })

  it('the committed JSON Schema is the one generated from the zod definition (npm run schema)', () => {
    expect(committedSchema).toEqual({ ...faultPlanJsonSchema(), title: 'msw-bits fault plan' })
  })

  it.each(PLAN_FILES)(
    'fixture %s names the schema, passes it, and is accepted by the server',
    (file) => {
      const data = plan(file) as Record<string, unknown>
      expect(data.$schema).toBe('../fault-plan.schema.json')
      const validate = new Ajv2020({ strict: false }).compile(committedSchema)
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true)
      expect(() => bits.faults.use(plan(file))).not.toThrow()
    },
  )

  it('the JSON Schema refuses what zod refuses', () => {
    const validate = new Ajv2020({ strict: false }).compile(committedSchema)
    expect(validate({ rules: [{ packet: 'Fragmnt', respond: { status: 503 } }] })).toBe(false)
    expect(validate({ rules: [{ respond: { status: 503, extra: 1 } }] })).toBe(false)
  })
})
