// Basic authentication of the virtual directory, as IIS does it, on every host: a packet without
// the credentials gets a 401 Ack with the challenge; a fault rule can demand them again mid-upload.
import { describe, expect, it } from 'vitest'
import { BitsUsageError, checkClientRules, createBitsServer } from '../../src/index.js'
import { BitsClientError, uploadBits } from '../support/bits-client.js'
import { HOSTS } from '../support/hosts.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { bitsPost, openSession } from '../support/packets.js'
import { generateBytes, sha256Hex } from '../support/payloads.js'

const { start } = useBitsServer()

const auth = { username: 'uploader', password: 'pässword:1', realm: 'crash dumps' }
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
const GOOD = { Authorization: basic(auth.username, auth.password) }

const credentials = { username: auth.username, password: auth.password }

describe.each(HOSTS)('Basic authentication (%s)', (host) => {
  it('answers a packet without valid credentials 401 with the challenge, as an Ack', async () => {
    const bits = start({ auth }, host)
    const cases: Record<string, string>[] = [
      {},
      { Authorization: basic(auth.username, 'wrong') },
      { Authorization: basic('someone', auth.password) },
      { Authorization: 'Basic %%%' },
      { Authorization: `Bearer ${Buffer.from('uploader:x').toString('base64')}` },
    ]
    for (const headers of cases) {
      const response = await bitsPost({ type: 'Ping', headers })
      expect(response.status, JSON.stringify(headers)).toBe(401)
      expect(Object.fromEntries(response.headers)).toMatchObject({
        'www-authenticate': 'Basic realm="crash dumps"',
        'bits-packet-type': 'Ack',
        'content-length': '0',
        'bits-error-code': '0x80190191',
        'bits-error-context': '0x5',
      })
    }
    expect((await bitsPost({ type: 'Ping', headers: GOOD })).status).toBe(200)
    expect(bits.journal.entries.map((entry) => [entry.status, entry.authScheme])).toEqual([
      [401, null],
      [401, 'Basic'],
      [401, 'Basic'],
      [401, 'Basic'],
      [401, 'Bearer'],
      [200, 'Basic'],
    ])
    // The journal keeps the scheme, never the credentials.
    expect(JSON.stringify(bits.journal.toJSON())).not.toContain(GOOD.Authorization.slice(6))
  })

  it('uploads with the credentials; the 401 echoes the session of a session packet', async () => {
    const bits = start({ auth: { username: auth.username, password: auth.password } }, host)
    const id = await openSession('file.bin', GOOD)
    const refused = await bitsPost({ type: 'Close-Session', sessionId: id })
    expect([refused.status, refused.headers.get('BITS-Session-Id')]).toEqual([401, id])
    expect(refused.headers.get('WWW-Authenticate')).toBe('Basic realm="bits.example.test"')
    expect(bits.sessions.list()).toHaveLength(1)

    const data = generateBytes(100_000)
    await uploadBits({
      url: `${BASE_URL}/dump.bin`,
      data,
      fragmentSize: 30_000,
      credentials,
    })
    expect(bits.uploads.get('dump.bin')?.sha256).toBe(sha256Hex(data))
    // The client sent Create-Session bare, was challenged and answered with credentials.
    const upload = bits.journal.entries.filter((entry) => entry.url.endsWith('/dump.bin'))
    expect(upload.slice(0, 2).map((entry) => [entry.status, entry.authScheme])).toEqual([
      [401, null],
      [200, 'Basic'],
    ])
    expect(checkClientRules(upload)).toEqual([])
  })

  it('a reauthenticate rule challenges mid-upload; a client with credentials resends and finishes', async () => {
    const bits = start(
      {
        auth,
        faults: {
          rules: [{ name: 'log in again', packet: 'Fragment', after: 1, effect: 'reauthenticate' }],
        },
      },
      host,
    )
    const data = generateBytes(90_000)
    await uploadBits({
      url: `${BASE_URL}/again.bin`,
      data,
      fragmentSize: 30_000,
      retryDelayMs: 1,
      credentials,
    })
    const challenged = bits.journal.entries.find((entry) => entry.fault !== null)!
    expect(challenged).toMatchObject({
      packet: 'Fragment',
      status: 401,
      authScheme: 'Basic',
      fault: { rule: 'log in again', action: 'reauthenticate' },
    })
    expect(bits.uploads.get('again.bin')?.sha256).toBe(sha256Hex(data))
    expect(bits.faults.pending()).toEqual([])
    expect(checkClientRules(bits)).toEqual([])
  })

  it('a BITS-Host-Id host of another origin gets the credentials only when the client allows it', async () => {
    const hostId = 'bits-node-2.example.test'
    const bits = start({ auth, hostId }, host)
    const data = generateBytes(50_000)
    const url = `${BASE_URL}/moved.bin`
    // Challenged by the host id, a client that keeps its credentials for the origin gives up.
    const refused = await uploadBits({ url, data, credentials }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(BitsClientError)
    expect((refused as BitsClientError).status).toBe(401)
    expect(checkClientRules(bits)).toEqual([])

    bits.reset()
    await uploadBits({ url, data, credentials, credentialsToHostId: true })
    expect(bits.uploads.get('moved.bin')?.sha256).toBe(sha256Hex(data))
    expect(checkClientRules(bits).map((violation) => violation.rule)).toEqual([
      'no-credentials-to-other-host',
    ])
    expect(checkClientRules(bits, { credentialsToHostId: true })).toEqual([])
  })
})

describe('the auth option', () => {
  it.each([
    [{ username: '', password: 'x' }, '"auth.username"'],
    [{ username: 'a:b', password: 'x' }, '"auth.username": a Basic user name may not hold ":"'],
    [{ username: 'a' }, '"auth.password"'],
    [{ username: 'a', password: 'x', realm: 'say "hi"' }, '"auth.realm"'],
    [{ username: 'a', password: 'x', user: 'b' }, '"auth"'],
  ])('refuses %j naming the field', (bad, field) => {
    const create = () => createBitsServer({ baseUrl: BASE_URL, auth: bad as never })
    expect(create).toThrow(BitsUsageError)
    expect(create).toThrow(field)
  })

  it('a reauthenticate rule answers the challenge even without the auth option', async () => {
    const bits = start({ faults: { rules: [{ packet: 'Ping', effect: 'reauthenticate' }] } })
    const response = await bitsPost({ type: 'Ping' })
    expect([response.status, response.headers.get('WWW-Authenticate')]).toEqual([
      401,
      'Basic realm="bits.example.test"',
    ])
    expect((await bitsPost({ type: 'Ping' })).status).toBe(200)
    expect(bits.journal.entries[0]?.fault?.action).toBe('reauthenticate')
  })
})
