// The control API reads at most 1 MiB of body (DESIGN "Who may talk to it"): a larger plan is
// refused with 413 whether its size was declared or only streamed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { send } from './support/http-send.js'

let srv: RunningBitsServer
beforeAll(async () => {
  srv = await startBitsServer({ port: 0 })
})
afterAll(() => srv.close())

describe('the control API body limit', () => {
  it('answers 413 to a body over 1 MiB, declared or streamed, and keeps the plan', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x20)
    const declared = await send(srv.url, '/__bits/faults', { method: 'PUT', body: big })
    expect([declared.status, JSON.parse(declared.body).code]).toEqual([413, 'BODY_TOO_LARGE'])
    const streamed = await send(srv.url, '/__bits/faults', {
      method: 'PUT',
      headers: { 'Transfer-Encoding': 'chunked' },
      body: big,
    })
    expect(streamed.status).toBe(413)
    expect(srv.bits.faults.plan.rules).toEqual([])
    const small = await send(srv.url, '/__bits/faults', {
      method: 'PUT',
      body: JSON.stringify({ rules: [{ packet: 'Ping', respond: { status: 500 } }] }),
    })
    expect(small.status).toBe(200)
  })
})
