// Every filter of a fault rule, pinned packet by packet through MSW (issue 21): a rule acts on
// what its filters name and on nothing else.
import { describe, expect, it } from 'vitest'
import { useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sendFragment, sessionPacket } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()
const ping = (path = 'file.bin') => bitsPost({ type: 'Ping', path })
const OTHER_SESSION = '{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}'

describe('path', () => {
  it('acts only on remote names the glob matches', async () => {
    start({
      faults: { rules: [{ path: 'logs/*.txt', times: 'always', respond: { status: 503 } }] },
    })
    expect((await ping('dumps/b.dmp')).status).toBe(200)
    expect((await ping('logs/a.log')).status).toBe(200)
    expect((await ping('logs/a.txt')).status).toBe(503)
  })

  it('matches dot-files, which a shell glob would skip', async () => {
    start({ faults: { rules: [{ path: 'logs/*', times: 'always', respond: { status: 503 } }] } })
    expect((await ping('logs/.hidden')).status).toBe(503)
    expect((await ping('other/.hidden')).status).toBe(200)
  })

  // The glob forms a shell user writes; each pair is a name that matches and one that does not.
  it.each([
    ['**/*.dmp', 'a/b/.c.dmp', 'a/b/c.txt'],
    ['**/core', 'core', 'core.dmp'],
    ['logs/*.{txt,log}', 'logs/a.log', 'logs/a.dmp'],
    ['part{1..3}.bin', 'part3.bin', 'part4.bin'],
    ['[ab].txt', 'b.txt', 'c.txt'],
    ['[!ab].txt', 'c.txt', 'a.txt'],
    ['a?c', 'abc', 'a/c'],
    ['a\\*c', 'a*c', 'abc'],
    ['*', 'file.bin', 'dir/file.bin'],
  ])('%s matches %s, not %s', async (path, matching, other) => {
    start({ faults: { rules: [{ path, times: 'always', respond: { status: 503 } }] } })
    expect((await ping(matching)).status).toBe(503)
    expect((await ping(other)).status).toBe(200)
  })
})

describe('session', () => {
  it('a number is the session creation ordinal: the first session is left alone', async () => {
    start({
      faults: {
        rules: [{ packet: 'Ping', session: 2, times: 'always', respond: { status: 503 } }],
      },
    })
    const first = await openSession()
    const second = await openSession()
    expect((await sessionPacket('Ping', first)).status).toBe(200)
    expect((await sessionPacket('Ping', second)).status).toBe(503)
  })

  it('an id acts on that session only, not on another or on packets without one', async () => {
    const bits = start()
    const id = await openSession()
    const other = await openSession()
    bits.faults.use({
      rules: [{ session: OTHER_SESSION, times: 'always', respond: { status: 503 } }],
    })
    expect((await sessionPacket('Ping', id)).status).toBe(200)
    expect((await sessionPacket('Ping', other)).status).toBe(200)
    expect((await ping()).status).toBe(200)
    bits.faults.use({ rules: [{ session: id, times: 'always', respond: { status: 503 } }] })
    expect((await sessionPacket('Ping', other)).status).toBe(200)
    expect((await sessionPacket('Ping', id)).status).toBe(503)
  })
})

describe('offset', () => {
  it('a number acts on the Fragment that carries that byte, not those before or after it', async () => {
    const bits = start()
    const id = await openSession()
    const data = generateBytes(100)
    bits.faults.use({
      rules: [{ packet: 'Fragment', offset: 50, times: 'always', respond: { status: 503 } }],
    })
    expect((await sendFragment(id, data, 0, 29)).status).toBe(200)
    expect((await sendFragment(id, data, 30, 69)).status).toBe(503)
    bits.faults.clear()
    expect((await sendFragment(id, data, 30, 69)).status).toBe(200)
    bits.faults.use({
      rules: [{ packet: 'Fragment', offset: 50, times: 'always', respond: { status: 503 } }],
    })
    expect((await sendFragment(id, data, 70, 99)).status).toBe(200)
  })

  it('"last" acts on the Fragment that carries the upload\'s last byte', async () => {
    const bits = start()
    const id = await openSession()
    const data = generateBytes(100)
    bits.faults.use({
      rules: [{ packet: 'Fragment', offset: 'last', times: 'always', respond: { status: 503 } }],
    })
    expect((await sendFragment(id, data, 0, 49)).status).toBe(200)
    expect((await sendFragment(id, data, 50, 99)).status).toBe(503)
  })

  it('never acts on a Fragment without a byte range: the server refuses it as malformed', async () => {
    const bits = start({
      faults: {
        rules: [{ packet: 'Fragment', offset: 0, times: 'always', respond: { status: 503 } }],
      },
    })
    const id = await openSession()
    const bare = await bitsPost({ type: 'Fragment', sessionId: id, body: generateBytes(10) })
    expect(bare.status).toBe(400)
    expect(bits.journal.count({ fault: true })).toBe(0)
    expect((await sendFragment(id, generateBytes(10), 0, 9)).status).toBe(503)
  })
})

describe('probability with times', () => {
  it('an explicit times still retires the rule after N acts', async () => {
    const bits = start({
      faults: {
        seed: 3,
        rules: [{ packet: 'Ping', probability: 1, times: 2, respond: { status: 503 } }],
      },
    })
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await ping()).status)
    expect(statuses).toEqual([503, 503, 200, 200])
    expect(bits.faults.pending()).toEqual([])
  })

  it('without times a probability rule never retires', async () => {
    const bits = start({
      faults: { rules: [{ packet: 'Ping', probability: 1, respond: { status: 503 } }] },
    })
    for (let i = 0; i < 3; i++) expect((await ping()).status).toBe(503)
    expect(bits.faults.pending()).toEqual([])
  })
})
