// How rules count, when they act, and what each effect does, packet by packet (DESIGN.md, Fault plans).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BitsError, HResult } from '../../src/index.js'
import { uploadBits } from '../support/bits-client.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { bitsPost, openSession, sendFragment, sessionPacket, urlOf } from '../support/packets.js'
import { generateBytes } from '../support/payloads.js'

const { start } = useBitsServer()
const ping = () => bitsPost({ type: 'Ping' })
const statusOf = (request: Promise<Response>) =>
  request.then(
    (response) => response.status,
    () => 'network-error',
  )

afterEach(() => {
  vi.useRealTimers()
})

describe('counting', () => {
  it('`after` lets N matching packets through, `times` acts on the next N, then the rule retires', async () => {
    const bits = start({
      faults: { rules: [{ packet: 'Ping', after: 2, times: 2, respond: { status: 503 } }] },
    })
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push(await statusOf(ping()))
    expect(statuses).toEqual([200, 200, 503, 503, 200, 200])
    expect(bits.faults.pending()).toEqual([])
  })

  it('counts only the packets a rule matches, retries included', async () => {
    start({
      faults: { rules: [{ packet: 'Fragment', after: 1, times: 1, respond: { status: 503 } }] },
    })
    const id = await openSession()
    const data = generateBytes(30)
    expect((await sendFragment(id, data, 0, 9)).status).toBe(200)
    await ping() // not a Fragment: not counted
    expect((await sendFragment(id, data, 10, 19)).status).toBe(503)
    expect((await sendFragment(id, data, 10, 19)).status).toBe(200)
  })

  it('"always" never retires; a probability rule acts on a seeded share of packets', async () => {
    const bits = start({
      faults: {
        seed: 1,
        rules: [
          { packet: 'Ping', times: 'always', respond: { status: 502 } },
          { packet: 'Cancel-Session', probability: 0.5, respond: { status: 503 } },
        ],
      },
    })
    for (let i = 0; i < 5; i++) expect(await statusOf(ping())).toBe(502)
    const statuses = []
    for (let i = 0; i < 40; i++)
      statuses.push(await statusOf(sessionPacket('Cancel-Session', '{X}')))
    const hits = statuses.filter((status) => status === 503).length
    expect(hits).toBeGreaterThan(8)
    expect(hits).toBeLessThan(32)
    expect(bits.journal.count({ fault: 'rule #2' })).toBe(hits)
  })

  it('the first rule in plan order acts; every matching rule still counts the packet', async () => {
    start({
      faults: {
        rules: [
          { packet: 'Ping', times: 1, respond: { status: 501 } },
          { packet: 'Ping', after: 1, times: 1, respond: { status: 502 } },
        ],
      },
    })
    expect([await statusOf(ping()), await statusOf(ping()), await statusOf(ping())]).toEqual([
      501, 502, 200,
    ])
  })

  it('pending() lists rules that did not act as often as scripted', async () => {
    const bits = start({
      faults: {
        rules: [
          { name: 'burst', packet: 'Fragment', times: 3, respond: { status: 503 } },
          { name: 'never', packet: 'Cancel-Session', probability: 1, respond: { status: 503 } },
        ],
      },
    })
    const id = await openSession()
    await sendFragment(id, generateBytes(10), 0, 9)
    expect(bits.faults.pending()).toMatchObject([
      { name: 'burst', seen: 1, acted: 1, times: 3 },
      { name: 'never', seen: 0, acted: 0, times: Number.POSITIVE_INFINITY },
    ])
  })

  it('matches by session ordinal, session id, remote-name glob and fragment offset', async () => {
    const bits = start()
    const one = await openSession('logs/a.txt')
    const two = await openSession('dumps/b.dmp')
    const data = generateBytes(100)
    bits.faults.use({
      rules: [
        { packet: 'Fragment', session: 2, offset: 50, times: 'always', respond: { status: 500 } },
        {
          packet: 'Fragment',
          session: one,
          path: 'logs/*.txt',
          times: 'always',
          respond: { status: 502 },
        },
      ],
    })
    expect((await sendFragment(two, data, 0, 49, 'dumps/b.dmp')).status).toBe(200)
    expect((await sendFragment(two, data, 50, 99, 'dumps/b.dmp')).status).toBe(500)
    expect((await sendFragment(one, data, 0, 49, 'logs/a.txt')).status).toBe(502)
  })

  it('without packet, acts on BITS packets and reply downloads, never on requests that are not BITS', async () => {
    const bits = start({
      reply: () => 'r',
      faults: { rules: [{ times: 'always', respond: { status: 503 } }] },
    })
    const put = await fetch(urlOf('file.bin'), { method: 'PUT' })
    expect(put.status).toBe(405)
    expect(put.headers.get('BITS-Packet-Type')).toBeNull()
    expect((await bitsPost({ type: 'Ping' })).status).toBe(503)
    const get = await fetch(`${BASE_URL}/BITS-Sessions/Replies/X/responsefile.bin`)
    expect(get.status).toBe(503)
    expect(bits.journal.filter({ fault: true }).map((entry) => entry.method)).toEqual([
      'BITS_POST',
      'GET',
    ])
  })

  it('matches a session id in any case, as GUIDs compare', async () => {
    const bits = start()
    const id = await openSession()
    bits.faults.use({
      rules: [
        { packet: 'Ping', session: id.toLowerCase(), respond: { status: 503 } },
        { packet: 'Ping', session: id.toUpperCase(), respond: { status: 502 } },
      ],
    })
    expect((await sessionPacket('Ping', id.toUpperCase())).status).toBe(503)
    expect((await sessionPacket('Ping', id.toLowerCase())).status).toBe(502)
    expect(bits.faults.pending()).toEqual([])
  })
})

describe('timing', () => {
  it('"before": the packet is lost, the server never processes it', async () => {
    const bits = start({ faults: { rules: [{ packet: 'Fragment', effect: 'network-error' }] } })
    const id = await openSession()
    expect(await statusOf(sendFragment(id, generateBytes(10), 0, 9))).toBe('network-error')
    expect(bits.sessions.get(id)?.received).toBe(0)
    expect(bits.journal.last()).toMatchObject({
      status: null,
      fault: { timing: 'before', action: 'network-error' },
    })
  })

  it('"after": the server processes the packet and the Ack is replaced (a lost Ack)', async () => {
    const bits = start({
      faults: { rules: [{ packet: 'Fragment', timing: 'after', respond: { status: 503 } }] },
    })
    const id = await openSession()
    expect((await sendFragment(id, generateBytes(10), 0, 9)).status).toBe(503)
    expect(bits.sessions.get(id)?.received).toBe(10)
    expect(bits.journal.last()?.fault).toMatchObject({ timing: 'after', serverStatus: 200 })
  })

  it('a lost Ack of Close-Session: the upload is committed, the resent Close gets BG_E_SESSION_NOT_FOUND', async () => {
    const bits = start({
      faults: { rules: [{ packet: 'Close-Session', timing: 'after', effect: 'network-error' }] },
    })
    const id = await openSession('report.txt')
    await sendFragment(id, generateBytes(10), 0, 9, 'report.txt')
    expect(await statusOf(sessionPacket('Close-Session', id, 'report.txt'))).toBe('network-error')
    expect(bits.uploads.get('report.txt')?.size).toBe(10)
    const again = await sessionPacket('Close-Session', id, 'report.txt')
    expect(again.headers.get('BITS-Error-Code')).toBe('0x8020001F')
  })
})

describe('effects', () => {
  it('respond sends the disk-full HRESULT as [MC-BUP] prints it (0x80070112), or the real one by name', async () => {
    const bits = start({
      faults: {
        rules: [
          { packet: 'Ping', respond: { status: 500, error: '0x80070112' } },
          { packet: 'Ping', respond: { status: 500, error: 'E_DISK_FULL' } },
        ],
      },
    })
    expect((await bitsPost({ type: 'Ping' })).headers.get('BITS-Error-Code')).toBe('0x80070112')
    expect((await bitsPost({ type: 'Ping' })).headers.get('BITS-Error-Code')).toBe('0x80070070')
    expect(bits.faults.pending()).toEqual([])
  })

  it('respond: status, HRESULT by name, context by name, extra headers, session id echoed', async () => {
    start({
      faults: {
        rules: [
          {
            packet: 'Close-Session',
            respond: {
              status: 500,
              error: 'BG_E_SESSION_NOT_FOUND',
              context: 'remote-application',
              headers: { 'Retry-After': '1' },
            },
          },
        ],
      },
    })
    const response = await sessionPacket('Close-Session', '{ABC}')
    expect(response.status).toBe(500)
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'bits-packet-type': 'Ack',
      'content-length': '0',
      'bits-error-code': '0x8020001F',
      'bits-error': '0x8020001F',
      'bits-error-context': '0x7',
      'bits-session-id': '{ABC}',
      'retry-after': '1',
    })
  })

  it('respond without an error sends an Ack with no BITS error headers: the client derives BG_E_HTTP_ERROR_<status>', async () => {
    const bits = start({ faults: { rules: [{ packet: 'Fragment', respond: { status: 503 } }] } })
    const id = await openSession()
    const response = await sendFragment(id, generateBytes(10), 0, 9)
    expect(response.status).toBe(503)
    expect(response.headers.get('BITS-Packet-Type')).toBe('Ack')
    expect(response.headers.get('BITS-Session-Id')).toBe(id)
    for (const name of ['BITS-Error-Code', 'BITS-Error', 'BITS-Error-Context']) {
      expect(response.headers.get(name)).toBeNull()
    }
    expect(bits.journal.last()).toMatchObject({ status: 503, errorCode: null, errorContext: null })
  })

  it('respond from an intermediary: a plain answer with no BITS headers, the packet never reaching BITS', async () => {
    const bits = start({
      faults: {
        rules: [
          {
            packet: 'Fragment',
            respond: { status: 502, from: 'intermediary', headers: { Via: '1.1 lb' } },
          },
        ],
      },
    })
    const id = await openSession()
    const response = await sendFragment(id, generateBytes(10), 0, 9)
    expect(response.status).toBe(502)
    expect(response.headers.get('Via')).toBe('1.1 lb')
    expect([...response.headers.keys()].filter((name) => name.startsWith('bits-'))).toEqual([])
    expect(bits.sessions.get(id)?.received).toBe(0)
    expect(bits.journal.last()).toMatchObject({ status: 502, errorCode: null })
    expect(bits.journal.last()?.fault?.action).toBe('respond 502 (intermediary)')
  })

  it('expire-session: this and later packets of the session get BG_E_SESSION_NOT_FOUND', async () => {
    const bits = start({ faults: { rules: [{ packet: 'Fragment', effect: 'expire-session' }] } })
    const id = await openSession()
    const other = await openSession()
    const response = await sendFragment(id, generateBytes(10), 0, 9)
    expect(response.status).toBe(500)
    expect(bits.journal.last()?.errorCode).toBe(BitsError.SESSION_NOT_FOUND)
    expect((await sessionPacket('Close-Session', id)).status).toBe(500)
    expect(bits.sessions.get(other)).toBeDefined()
  })

  it('restart: every session is forgotten', async () => {
    const bits = start({ faults: { rules: [{ packet: 'Ping', effect: 'restart' }] } })
    await openSession()
    await openSession()
    expect(bits.sessions.size).toBe(2)
    expect((await ping()).status).toBe(200)
    expect(bits.sessions.size).toBe(0)
  })

  it('acceptBytes: the server keeps only the first N bytes and Acks the shorter offset', async () => {
    const bits = start({ faults: { rules: [{ packet: 'Fragment', acceptBytes: 4 }] } })
    const id = await openSession('short.bin')
    const data = generateBytes(10)
    const response = await sendFragment(id, data, 0, 9, 'short.bin')
    expect(response.headers.get('BITS-Received-Content-Range')).toBe('4')
    expect((await sendFragment(id, data, 4, 9, 'short.bin')).status).toBe(200)
    await sessionPacket('Close-Session', id, 'short.bin')
    expect(bits.uploads.get('short.bin')?.bytes).toEqual(data)
  })

  it('delayMs answers late and honours fake timers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    start({ faults: { rules: [{ packet: 'Ping', delayMs: 5_000 }] } })
    let answered = false
    const pending = ping().then((response) => {
      answered = true
      return response.status
    })
    await vi.advanceTimersByTimeAsync(4_999)
    expect(answered).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await pending).toBe(200)
  })

  it('hang never answers: a client timeout sees no response, and the journal records none', async () => {
    const bits = start({ faults: { rules: [{ packet: 'Fragment', effect: 'hang' }] } })
    const result = await uploadBits({
      url: urlOf('hung.bin'),
      data: generateBytes(1000),
      requestTimeoutMs: 50,
      sleep: async () => {},
    })
    expect(result.sessionIds).toHaveLength(1)
    expect(bits.journal.first({ packet: 'Fragment' })).toMatchObject({
      status: null,
      answeredAt: null,
    })
    expect(bits.uploads.get('hung.bin')?.size).toBe(1000)
  })

  it('Reply-Download rules act on the GET of BITS-Reply-URL only', async () => {
    const bits = start({
      reply: () => 'ok',
      faults: {
        rules: [
          { packet: 'Reply-Download', times: 'always', respond: { status: 500, error: 'E_FAIL' } },
        ],
      },
    })
    const failure = await uploadBits({
      url: `${BASE_URL}/r.bin`,
      data: generateBytes(10),
      maxRetries: 2,
      sleep: async () => {},
    }).catch((error) => error)
    expect(failure.packet).toBe('GET reply')
    expect(bits.journal.filter({ kind: 'reply' }).map((e) => e.errorCode)).toEqual([
      HResult.E_FAIL,
      HResult.E_FAIL,
      HResult.E_FAIL,
    ])
    expect(bits.journal.count({ packet: 'Close-Session' })).toBe(0)
  })
})

describe('faults API', () => {
  it('add() appends, clear() removes all, reset() restores the plan given at creation', async () => {
    const bits = start({
      faults: { rules: [{ packet: 'Ping', times: 'always', respond: { status: 502 } }] },
    })
    bits.faults.clear()
    expect(await statusOf(ping())).toBe(200)
    bits.faults.add({ packet: 'Ping', respond: { status: 504 } })
    expect(await statusOf(ping())).toBe(504)
    bits.reset()
    expect(bits.journal.entries).toHaveLength(0)
    expect(await statusOf(ping())).toBe(502)
  })

  it('reset() drops a plan from faults.use() and puts back the creation plan, or none', async () => {
    const withPlan = start({
      faults: { rules: [{ packet: 'Ping', times: 'always', respond: { status: 502 } }] },
    })
    withPlan.faults.use({ rules: [{ packet: 'Ping', times: 'always', respond: { status: 504 } }] })
    expect(await statusOf(ping())).toBe(504)
    withPlan.reset()
    expect(await statusOf(ping())).toBe(502)
    expect(withPlan.faults.plan.rules).toEqual([
      { packet: 'Ping', times: 'always', respond: { status: 502 } },
    ])

    const without = start()
    without.faults.use({ rules: [{ packet: 'Ping', times: 'always', respond: { status: 504 } }] })
    expect(await statusOf(ping())).toBe(504)
    without.reset()
    expect(await statusOf(ping())).toBe(200)
    expect(without.faults.plan.rules).toEqual([])
  })
})

describe('what the server says and what it does agree (issue 12)', () => {
  it('a scripted BG_E_SESSION_NOT_FOUND forgets the session: the resent Close-Session gets it too', async () => {
    const bits = start({
      faults: {
        rules: [
          {
            packet: 'Close-Session',
            respond: { status: 500, error: 'BG_E_SESSION_NOT_FOUND', context: 'remote-file' },
          },
        ],
      },
    })
    const id = await openSession()
    expect((await sendFragment(id, generateBytes(10), 0, 9)).status).toBe(200)
    expect((await sessionPacket('Close-Session', id)).status).toBe(500)
    const again = await sessionPacket('Close-Session', id)
    expect(again.status).toBe(500)
    expect(again.headers.get('BITS-Error-Code')).toBe('0x8020001F')
    expect(bits.uploads.has('file.bin')).toBe(false)
  })

  it('expire-session after Create-Session forgets the session it just created', async () => {
    const bits = start({
      faults: { rules: [{ packet: 'Create-Session', timing: 'after', effect: 'expire-session' }] },
    })
    const id = await openSession()
    expect(bits.sessions.get(id)).toBeUndefined()
    const fragment = await sendFragment(id, generateBytes(10), 0, 9)
    expect(fragment.headers.get('BITS-Error-Code')).toBe('0x8020001F')
  })
})
