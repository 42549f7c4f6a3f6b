import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { uploadBits } from '../support/bits-client.js'
import { generateBytes, sha256Hex } from '../support/payloads.js'
import { plan } from '../support/plans.js'

let srv: RunningBitsServer
beforeAll(async () => {
  srv = await startBitsServer({ port: 0 })
})
afterAll(() => srv.close())

const control = (route: string, init?: RequestInit) => fetch(`${srv.controlUrl}${route}`, init)
const sendJson = (route: string, method: string, body: unknown) =>
  control(route, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('the control API under /__bits/', () => {
  it('GET /health', async () => {
    expect(await (await control('/health')).json()).toEqual({ ok: true })
  })

  it('PUT /faults replaces the plan; a bad plan gets 400 naming the field', async () => {
    const bad = await sendJson('/faults', 'PUT', {
      rules: [{ packet: 'Fragment', times: -2, respond: { status: 503 } }],
    })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error).toMatch(/rules\[0\]\.times/)
    const notJson = await control('/faults', { method: 'PUT', body: '{' })
    expect([notJson.status, (await notJson.json()).code]).toEqual([400, 'INVALID_JSON'])

    const burst = plan('fragment-503-burst.json')
    const put = await sendJson('/faults', 'PUT', burst)
    expect(put.status).toBe(200)
    expect((await put.json()).rules).toHaveLength(burst.rules.length)
    const added = await sendJson('/faults/rules', 'POST', {
      packet: 'Ping',
      respond: { status: 500 },
    })
    expect(added.status).toBe(201)
    expect((await (await control('/faults/pending')).json()).length).toBe(burst.rules.length + 1)
    await control('/faults', { method: 'DELETE' })
    expect(await (await control('/faults/pending')).json()).toEqual([])
  })

  it('serves the journal (JSON, text, live NDJSON), sessions, uploads, bytes, violations and reset', async () => {
    const follow = await control('/journal?follow=1')
    const lines = follow.body!.pipeThrough(new TextDecoderStream()).getReader()

    const data = generateBytes(200_000)
    await uploadBits({ url: `${srv.url}/dir/up%20load.bin`, data, fragmentSize: 64 * 1024 })
    const open = await fetch(`${srv.url}/open.bin`, {
      method: 'BITS_POST',
      headers: {
        'BITS-Packet-Type': 'Create-Session',
        'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
      },
    })
    expect(open.status).toBe(200)

    const journal = await (await control('/journal')).json()
    expect(journal.entries.map((entry: { packet: string }) => entry.packet)).toEqual([
      'Create-Session',
      'Fragment',
      'Fragment',
      'Fragment',
      'Fragment',
      'Close-Session',
      'Create-Session',
    ])
    expect(await (await control('/journal?format=text')).text()).toMatch(
      /^msw-bits journal: 7 request/,
    )

    let streamed = ''
    while (streamed.split('\n').length <= 7) streamed += (await lines.read()).value
    expect(
      streamed
        .split('\n')
        .slice(0, 7)
        .map((line) => JSON.parse(line).seq),
    ).toEqual([1, 2, 3, 4, 5, 6, 7])
    await lines.cancel()

    const sessions = await (await control('/sessions')).json()
    expect(sessions).toHaveLength(1)
    expect(sessions[0].name).toBe('open.bin')
    const uploads = await (await control('/uploads')).json()
    expect(uploads).toEqual([
      expect.objectContaining({
        name: 'dir/up load.bin',
        size: data.byteLength,
        sha256: sha256Hex(data),
      }),
    ])
    expect(uploads[0]).not.toHaveProperty('bytes')
    const bytes = await control('/uploads/dir/up%20load.bin')
    expect(sha256Hex(new Uint8Array(await bytes.arrayBuffer()))).toBe(sha256Hex(data))
    expect((await control('/uploads/nope')).status).toBe(404)

    expect(await (await control('/violations')).json()).toEqual([])
    expect((await control('/reset', { method: 'POST' })).status).toBe(200)
    expect(await (await control('/uploads')).json()).toEqual([])
  })

  it('answers unknown routes 404 and wrong methods 405 with Allow', async () => {
    const missing = await control('/helth')
    const body = (await missing.json()) as { error: string; routes: string[] }
    expect(missing.status).toBe(404)
    expect(body.error).toMatch(
      /^Failed to find the control route \/__bits\/helth: there is none\. Did you mean "\/__bits\/health"\? The routes: GET \/__bits\/, /,
    )
    expect(body.routes).toEqual(
      expect.arrayContaining([
        'GET /__bits/health',
        'PUT /__bits/faults',
        'POST /__bits/faults/rules',
        'GET /__bits/uploads/<name>',
      ]),
    )
    expect(body.error).toContain('POST /__bits/reset')
    const wrong = await control('/health', { method: 'DELETE' })
    expect([wrong.status, wrong.headers.get('Allow')]).toEqual([405, 'GET'])
    expect(await (await control('/')).text()).toMatch(/msw-bits dashboard/)
  })
})
