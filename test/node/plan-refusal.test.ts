// Plans that used to misbehave only when a rule fired are refused when given over the control API
// (issue 17 item 7): 400 naming the field, never a 500 or a plan that breaks HTTP framing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'

let srv: RunningBitsServer
beforeAll(async () => {
  srv = await startBitsServer({ port: 0 })
})
afterAll(() => srv.close())

const putPlan = (rules: unknown[]) =>
  fetch(`${srv.controlUrl}/faults`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ rules }),
  })

describe('PUT /__bits/faults refuses, naming the field', () => {
  it.each([
    [[{ path: 'a'.repeat(70_000), delayMs: 1 }], 'rules[0].path', 'at most 1024 characters'],
    [[{ path: '{a,b}'.repeat(12), delayMs: 1 }], 'rules[0].path', 'at most 256 patterns'],
    [[{ effect: 'bandwidth', bytesPerSecond: 1e-7 }], 'rules[0].bytesPerSecond', 'one byte per'],
    [
      [{ respond: { status: 503, headers: { 'Content-Length': '40' } } }],
      'rules[0].respond.headers.Content-Length',
      'frames the HTTP message',
    ],
  ])('rule %#: 400 naming %s', async (rules, field, reason) => {
    const answer = await putPlan(rules)
    expect(answer.status).toBe(400)
    const { error } = (await answer.json()) as { error: string }
    expect(error).toContain(field)
    expect(error).toContain(reason)
    expect((await (await fetch(`${srv.controlUrl}/faults`)).json()).rules).toEqual([])
  })
})
