// The reference client (test/support/bits-client.ts) is a conforming client: the oracle finds
// nothing wrong with it on plain uploads, upload-reply, a host id, and under every fixture plan.
import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID, checkClientRules } from '../../src/index.js'
import { uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { bitsPost, sendFragment, sessionPacket } from '../support/packets.js'
import { payload } from '../support/payloads.js'
import { PLAN_FILES, plan } from '../support/plans.js'

const { start } = useBitsServer()
const data = payload('crash-report.log')
const noWait = async () => {}

describe('the reference client follows every client rule', () => {
  it('on a plain upload', async () => {
    const bits = start()
    await uploadBits({ url: `${BASE_URL}/plain.log`, data, fragmentSize: 16_384 })
    expect(bits.journal.count({ packet: 'Fragment' })).toBe(Math.ceil(data.byteLength / 16_384))
    expect(checkClientRules(bits)).toEqual([])
  })

  it('on an upload-reply', async () => {
    const bits = start({ reply: (upload) => `stored ${upload.size} bytes` })
    const { reply } = await uploadBits({ url: `${BASE_URL}/reply.log`, data, fragmentSize: 16_384 })
    expect(new TextDecoder().decode(reply!)).toBe(`stored ${data.byteLength} bytes`)
    expect(bits.journal.count({ kind: 'reply', status: 200 })).toBe(1)
    expect(checkClientRules(bits)).toEqual([])
  })

  it('with a host id', async () => {
    const bits = start({ hostId: 'bits-node-2.example.test' })
    await uploadBits({ url: `${BASE_URL}/host.log`, data, fragmentSize: 16_384 })
    const hosts = new Set(bits.journal.filter((e) => e.seq > 1).map((e) => new URL(e.url).host))
    expect(hosts).toEqual(new Set(['bits-node-2.example.test']))
    expect(checkClientRules(bits)).toEqual([])
  })

  it('with a host id, while a second client Pings the origin before its Create-Session', async () => {
    // W32 "Create-Session": a client may Ping the server before it creates a session. The Ping
    // names no session, so it is nobody's stray packet.
    const node = 'bits-node-2.example.test'
    const bits = start({ hostId: node })
    const first = await bitsPost({
      type: 'Create-Session',
      path: 'first.log',
      headers: { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID },
    })
    expect(first.headers.get('BITS-Host-Id')).toBe(node)
    const id = first.headers.get('BITS-Session-Id')!
    const onNode = `https://${node}/uploads/first.log`
    expect((await bitsPost({ type: 'Ping', path: onNode })).status).toBe(200)
    expect((await bitsPost({ type: 'Ping', path: 'second.log' })).status).toBe(200) // the 2nd client
    const second = uploadBits({ url: `${BASE_URL}/second.log`, data, fragmentSize: 16_384 })
    expect((await sendFragment(id, data, 0, data.byteLength - 1, onNode)).status).toBe(200)
    expect((await sessionPacket('Close-Session', id, onNode)).status).toBe(200)
    await second
    expect(bits.uploads.get('first.log')?.size).toBe(data.byteLength)
    expect(bits.uploads.get('second.log')?.size).toBe(data.byteLength)
    expect(checkClientRules(bits), bits.journal.format()).toEqual([])
  })

  it('falling back to the origin host once the host id stays unreachable past the timeout', async () => {
    const bits = start({
      hostId: 'bits-node-2.example.test',
      hostIdFallbackTimeout: 0,
      faults: { rules: [{ packet: 'Ping', times: 'always', effect: 'network-error' }] },
    })
    await uploadBits({
      url: `${BASE_URL}/fallback.log`,
      data,
      fragmentSize: 16_384,
      sleep: noWait,
      maxRetries: 1,
    })
    expect(new URL(bits.journal.last()!.url).host).toBe('bits.example.test')
    expect(checkClientRules(bits)).toEqual([])
    // With a fallback timeout the client did not wait out, the same journal breaks use-host-id.
    expect(checkClientRules(bits, { hostIdFallbackTimeout: 60 }).map((v) => v.rule)).toEqual([
      'use-host-id',
    ])
  })

  it.each(PLAN_FILES)('under the fixture plan %s', async (file) => {
    const bits = start({ faults: plan(file), reply: () => 'reply' })
    await uploadBits({
      url: `${BASE_URL}/${file}.bin`,
      data,
      fragmentSize: 16_384,
      sleep: noWait,
    })
    expect(bits.uploads.get(`${file}.bin`)?.size).toBe(data.byteLength)
    expect(checkClientRules(bits, { maxRetries: 8 }), bits.journal.format()).toEqual([])
  })
})
