// The matchers as a vitest user meets them: registered by the msw-bits/vitest setup module,
// against a real server fed by real fetch requests.
import '../../src/matchers/vitest.js'
import { describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sendFragment, sessionPacket } from '../support/packets.js'
import { sha256Hex } from '../support/payloads.js'

const { start } = useBitsServer()
const data = new TextEncoder().encode('a crash dump, in two fragments')

async function upload(closeTimes = 1) {
  const id = await openSession('dump.bin')
  await sendFragment(id, data, 0, 9, 'dump.bin')
  await sendFragment(id, data, 10, data.byteLength - 1, 'dump.bin')
  for (let i = 0; i < closeTimes; i++) await sessionPacket('Close-Session', id, 'dump.bin')
  return id
}

/** The message of the assertion error `assertion` throws. */
function failure(assertion: () => void): string {
  try {
    assertion()
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('Failed to fail: the assertion passed.')
}

describe('toFollowBitsClientRules', () => {
  it('passes for a conforming exchange', async () => {
    const bits = start()
    await upload()
    expect(bits).toFollowBitsClientRules()
  })

  it('fails with the violated rules and the journal timeline', async () => {
    const bits = start({
      faults: { rules: [{ packet: 'Close-Session', respond: { status: 503 } }] },
    })
    await upload()
    const message = failure(() => expect(bits).toFollowBitsClientRules())
    expect(message).toContain('broke 1:')
    expect(message).toMatch(/✗ resend-close-after-5xx \[#4\]: Close-Session #4 was answered 503/)
    expect(message).toContain(bits.journal.format())
    expect(bits).not.toFollowBitsClientRules()
    expect(bits).toFollowBitsClientRules({ skip: ['resend-close-after-5xx'] })
  })

  it('says so when .not finds no violation', async () => {
    const bits = start()
    await upload()
    expect(failure(() => expect(bits).not.toFollowBitsClientRules())).toMatch(/followed them all/)
  })

  it('refuses what is not a BITS server', () => {
    expect(() => expect({ journal: [] }).toFollowBitsClientRules()).toThrow(
      /expected a BITS server \(createBitsServer\(\)\)/,
    )
  })
})

describe('toHaveBrokenBitsClientRule', () => {
  it('matches the rule the client broke, and only that one', async () => {
    const bits = start()
    const id = await openSession('dump.bin')
    await sendFragment(id, data, 0, 9, 'dump.bin')
    await sessionPacket('Close-Session', id, 'dump.bin')
    expect(bits).toHaveBrokenBitsClientRule('close-after-last-byte')
    expect(bits).not.toHaveBrokenBitsClientRule('use-host-id')
    expect(failure(() => expect(bits).toHaveBrokenBitsClientRule('use-host-id'))).toMatch(
      /expected the client to break "use-host-id"; violations found: \n {2}✗ close-after-last-byte/,
    )
    expect(() => expect(bits).toHaveBrokenBitsClientRule('no-such-rule' as never)).toThrow(
      /no rule "no-such-rule"/,
    )
  })
})

describe('toHaveReceivedPacket', () => {
  it('counts packets by type, session, status and fault', async () => {
    const bits = start({
      faults: {
        rules: [{ name: 'busy', packet: 'Close-Session', times: 2, respond: { status: 503 } }],
      },
    })
    const id = await upload(3)
    expect(bits).toHaveReceivedPacket('Close-Session', { times: 3 })
    expect(bits).toHaveReceivedPacket('Close-Session', { times: 2, status: 503, fault: 'busy' })
    expect(bits).toHaveReceivedPacket('Close-Session', {
      times: 1,
      status: 200,
      sessionId: id.toLowerCase(),
    })
    expect(bits).toHaveReceivedPacket('fragment' as never, { times: 2 })
    expect(bits).toHaveReceivedPacket('Create-Session')
    expect(bits).not.toHaveReceivedPacket('Cancel-Session')
    expect(bits).toFollowBitsClientRules()
  })

  it('fails naming what was expected and what arrived, with the timeline', async () => {
    const bits = start()
    await upload()
    const message = failure(() =>
      expect(bits).toHaveReceivedPacket('Close-Session', { times: 3, status: 503 }),
    )
    expect(message).toMatch(
      /to have received 3 Close-Session packet\(s\) answered 503; it received 0/,
    )
    expect(message).toContain('msw-bits journal: 4 request(s)')
    expect(() => expect(bits).toHaveReceivedPacket('Open-Session' as never)).toThrow(
      /"Open-Session" is no BITS packet type/,
    )
  })

  it('sees Create-Session that was refused', async () => {
    const bits = start()
    await bitsPost({ type: 'Create-Session', headers: { 'BITS-Supported-Protocols': '{0}' } })
    await bitsPost({
      type: 'Create-Session',
      headers: { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID },
    })
    expect(bits).toHaveReceivedPacket('Create-Session', { times: 1, status: 400 })
  })
})

describe('toHaveCompletedUpload', () => {
  it('compares size, SHA-256, content and Content-Name with what was committed', async () => {
    const bits = start()
    await upload()
    expect(bits).toHaveCompletedUpload('dump.bin')
    expect(bits).toHaveCompletedUpload('dump.bin', { content: data, contentName: null })
    expect(bits).toHaveCompletedUpload('dump.bin', {
      size: data.byteLength,
      sha256: sha256Hex(data).toUpperCase(),
    })
    expect(bits).toHaveCompletedUpload('dump.bin', { content: 'a crash dump, in two fragments' })
    expect(bits).not.toHaveCompletedUpload('other.bin')
    expect(bits).not.toHaveCompletedUpload('dump.bin', { content: 'something else' })
  })

  it('fails naming each difference and listing the committed uploads', async () => {
    const bits = start()
    await upload()
    const wrong = failure(() => expect(bits).toHaveCompletedUpload('dump.bin', { size: 5 }))
    expect(wrong).toMatch(/it has 30 bytes, not 5/)
    expect(wrong).toContain(`dump.bin: 30 bytes, sha256 ${sha256Hex(data)}`)
    const missing = failure(() => expect(bits).toHaveCompletedUpload('nothing.bin'))
    expect(missing).toMatch(/"nothing.bin", but no upload was committed there/)
  })

  it('is not fooled by a session closed before its last byte', async () => {
    const bits = start()
    const id = await openSession('dump.bin')
    await sendFragment(id, data, 0, 9, 'dump.bin')
    await sessionPacket('Close-Session', id, 'dump.bin')
    expect(bits).not.toHaveCompletedUpload('dump.bin')
  })
})

describe('toHaveUsedAllFaults and faults.assertNoPending()', () => {
  const plan = {
    rules: [
      { name: 'close burst', packet: 'Close-Session' as const, times: 2, respond: { status: 503 } },
      { name: 'ping lost', packet: 'Ping' as const, effect: 'network-error' as const },
    ],
  }

  it('pass once every rule acted as scripted', async () => {
    const bits = start({ faults: plan })
    await upload(3)
    await bitsPost({ type: 'Ping' }).catch(() => {})
    expect(bits).toHaveUsedAllFaults()
    bits.faults.assertNoPending()
  })

  it('fail with a table of the rules that never did', async () => {
    const bits = start({ faults: plan })
    await upload(1)
    const message = failure(() => expect(bits).toHaveUsedAllFaults())
    expect(message).toContain('2 fault rule(s) never acted as scripted:')
    expect(message).toMatch(/#\s+rule\s+packet\s+seen\s+acted\s+times/)
    expect(message).toMatch(/1\s+close burst\s+Close-Session\s+1\s+1\s+2/)
    expect(message).toMatch(/2\s+ping lost\s+Ping\s+0\s+0\s+1/)
    expect(() => bits.faults.assertNoPending()).toThrow(/close burst/)
    expect(failure(() => bits.faults.assertNoPending())).toContain('ping lost')
    expect(() => expect(bits).not.toHaveUsedAllFaults()).not.toThrow()
  })
})
