// Close-Session and Cancel-Session at their edges (issue 21): what is committed, what is dropped.
import { describe, expect, it } from 'vitest'
import { useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sendFragment } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()

describe('a session whose only Fragment was refused', () => {
  it('commits nothing on Close-Session: the upload has a size, none of it arrived', async () => {
    const bits = start()
    const sessionId = await openSession()
    const data = generateBytes(100)
    const gap = await sendFragment(sessionId, data, 10, 19)
    expect(gap.status).toBe(416)
    expect(gap.headers.get('BITS-Received-Content-Range')).toBe('0')
    const closed = await bitsPost({ type: 'Close-Session', sessionId })
    expect(closed.status).toBe(200)
    expect(bits.uploads.get('file.bin')).toBeUndefined()
    expect(bits.sessions.get(sessionId)).toBeUndefined()
  })
})

describe('two sessions for one new name with allowOverwrites off', () => {
  async function bothComplete() {
    const bits = start({ allowOverwrites: false })
    const first = await openSession('report.txt')
    const second = await openSession('report.txt')
    const mine = generateBytes(40, 1)
    const theirs = generateBytes(40, 2)
    expect((await sendFragment(first, theirs, 0, 39, 'report.txt')).status).toBe(200)
    expect((await sendFragment(second, mine, 0, 39, 'report.txt')).status).toBe(200)
    const closed = await bitsPost({ type: 'Close-Session', path: 'report.txt', sessionId: first })
    expect(closed.status).toBe(200)
    return { bits, second, theirs }
  }

  it('Cancel-Session of the later complete upload drops it and answers 200', async () => {
    const { bits, second, theirs } = await bothComplete()
    const cancelled = await bitsPost({
      type: 'Cancel-Session',
      path: 'report.txt',
      sessionId: second,
    })
    expect(cancelled.status).toBe(200)
    expect(cancelled.headers.get('BITS-Error-Code')).toBeNull()
    expect(bits.uploads.get('report.txt')?.bytes).toEqual(theirs)
    expect(bits.sessions.get(second)).toBeUndefined()
  })

  it('Close-Session of the later complete upload is refused with 403 E_ACCESSDENIED', async () => {
    const { bits, second, theirs } = await bothComplete()
    const closed = await bitsPost({ type: 'Close-Session', path: 'report.txt', sessionId: second })
    expect(closed.status).toBe(403)
    expect(closed.headers.get('BITS-Error-Code')).toBe('0x80070005')
    expect(bits.uploads.get('report.txt')?.bytes).toEqual(theirs)
    expect(bits.sessions.get(second)).toBeUndefined()
  })
})
