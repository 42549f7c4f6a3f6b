// Who may talk to the loopback server (DESIGN "Who may talk to it"): requests as a DNS-rebinding
// page, a page on another site, a script and a page allowed by `cors` send them, over TCP.
import { afterEach, describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { uploadBits } from '../support/bits-client.js'
import { generateBytes } from '../support/payloads.js'
import { send } from './support/http-send.js'

const servers: RunningBitsServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((srv) => srv.close()))
})

async function start(options: Parameters<typeof startBitsServer>[0] = {}) {
  const srv = await startBitsServer({ port: 0, onWarning: () => {}, ...options })
  servers.push(srv)
  return srv
}

const EVIL = 'https://evil.example'
const CREATE = {
  'BITS-Packet-Type': 'Create-Session',
  'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
  'Content-Length': '0',
}
const uploadsOf = async (srv: RunningBitsServer) =>
  JSON.parse((await send(srv.controlUrl, '/__bits/uploads')).body) as unknown[]

describe('the Host allowlist', () => {
  it('refuses a DNS-rebinding Host on every route with 403 naming the option', async () => {
    const srv = await start()
    await uploadBits({ url: `${srv.url}/secret.bin`, data: generateBytes(1000) })
    const rebind = { Host: `rebind.attacker.example:${srv.port}` }
    for (const path of ['/__bits/journal', '/__bits/uploads/secret.bin', '/__bits/']) {
      const answer = await send(srv.url, path, { headers: rebind })
      expect(answer.status).toBe(403)
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'HOST_NOT_ALLOWED' })
      expect(answer.body).toMatch(/allowedHosts.*--allowed-host/)
    }
    const packet = await send(srv.url, '/uploads/x.bin', {
      method: 'BITS_POST',
      headers: { ...rebind, ...CREATE },
    })
    expect(packet.status).toBe(403)
    const reset = await send(srv.url, '/__bits/reset', { method: 'POST', headers: rebind })
    expect(reset.status).toBe(403)
    expect(await uploadsOf(srv)).toHaveLength(1)
    expect(srv.bits.sessions.list()).toEqual([])
  })

  it('answers localhost, *.localhost, IP addresses and the names given in allowedHosts', async () => {
    const srv = await start({ allowedHosts: ['bits.test', '.corp.test'] })
    const hosts = ['localhost', 'app.localhost', '127.0.0.1', '[::1]', '10.1.2.3', 'BITS.test.']
    for (const host of [...hosts, 'corp.test', 'a.b.corp.test']) {
      const answer = await send(srv.url, '/__bits/health', {
        headers: { Host: `${host}:${srv.port}` },
      })
      expect([host, answer.status]).toEqual([host, 200])
    }
    for (const host of ['bits.test.evil', 'notcorp.test', 'localhost.evil']) {
      const answer = await send(srv.url, '/__bits/health', { headers: { Host: host } })
      expect([host, answer.status]).toEqual([host, 403])
    }
  })

  it('answers the hosts the server was given: its baseUrl and its hostId', async () => {
    const srv = await start({
      baseUrl: 'http://bits.example.test/uploads',
      hostId: 'node2.example.test:8080',
    })
    for (const host of ['bits.example.test', 'node2.example.test:8080']) {
      const answer = await send(srv.url, '/__bits/health', { headers: { Host: host } })
      expect([host, answer.status]).toEqual([host, 200])
    }
  })

  it('allowedHosts: true answers any Host, with a warning', async () => {
    const warnings: string[] = []
    const srv = await start({ allowedHosts: true, onWarning: (message) => warnings.push(message) })
    const answer = await send(srv.url, '/__bits/health', { headers: { Host: 'anything.example' } })
    expect(answer.status).toBe(200)
    expect(warnings.join()).toMatch(/allowedHosts is true.*DNS-rebinding/)
  })

  it('refuses a malformed allowedHosts naming the field', async () => {
    await expect(start({ allowedHosts: ['ok', ''] })).rejects.toThrow(/"allowedHosts"/)
  })
})

describe('cross-site requests to the control API and dashboard', () => {
  it('refuse a page on another origin before anything changes', async () => {
    const srv = await start()
    await uploadBits({ url: `${srv.url}/kept.bin`, data: generateBytes(1000) })
    const reset = await send(srv.url, '/__bits/reset', {
      method: 'POST',
      headers: { Origin: EVIL },
    })
    expect([reset.status, JSON.parse(reset.body).code]).toEqual([403, 'CROSS_SITE'])
    const rule = await send(srv.url, '/__bits/faults/rules', {
      method: 'POST',
      headers: { Origin: EVIL, 'Content-Type': 'text/plain' },
      body: JSON.stringify({ packet: 'Ping', respond: { status: 500 } }),
    })
    expect(rule.status).toBe(403)
    const fetchMetadata = await send(srv.url, '/__bits/journal', {
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    })
    expect(fetchMetadata.status).toBe(403)
    const opaque = await send(srv.url, '/__bits/reset', {
      method: 'POST',
      headers: { Origin: 'null' },
    })
    expect(opaque.status).toBe(403)
    expect(await uploadsOf(srv)).toHaveLength(1)
    expect(srv.bits.faults.plan.rules).toEqual([])
  })

  it('answer the page of its own origin and scripts that send no Origin', async () => {
    const srv = await start()
    const own = new URL(srv.url).origin
    const same = await send(srv.url, '/__bits/faults/rules', {
      method: 'POST',
      headers: { Origin: own, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' },
      body: JSON.stringify({ packet: 'Ping', respond: { status: 500 } }),
    })
    expect(same.status).toBe(201)
    const script = await send(srv.url, '/__bits/reset', { method: 'POST' })
    expect(script.status).toBe(200)
    const local = await send(srv.url, '/__bits/reset', {
      method: 'POST',
      headers: { Host: `localhost:${srv.port}`, Origin: `http://localhost:${srv.port}` },
    })
    expect(local.status).toBe(200)
  })

  it('leave the BITS endpoint to the browser: a cross-site packet is not refused by the gate', async () => {
    const srv = await start()
    const answer = await send(srv.url, '/uploads/x.bin', {
      method: 'BITS_POST',
      headers: { ...CREATE, Origin: EVIL },
    })
    expect(answer.status).toBe(200)
    expect(answer.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('cors: { origins } on the BITS endpoint', () => {
  const APP = 'http://localhost:5173'
  const preflight = (method: string) => ({
    method: 'OPTIONS',
    headers: {
      Origin: APP,
      'Access-Control-Request-Method': method,
      'Access-Control-Request-Headers': 'bits-packet-type,bits-supported-protocols',
    },
  })

  it('answers preflights for BITS_POST and POST from an allowed origin and exposes BITS-*', async () => {
    const srv = await start({ cors: { origins: [APP] } })
    for (const method of ['BITS_POST', 'POST']) {
      const answer = await send(srv.url, '/uploads/x.bin', preflight(method))
      expect(answer.status).toBe(204)
      expect(answer.headers['access-control-allow-origin']).toBe(APP)
      expect(answer.headers['access-control-allow-methods']).toContain('BITS_POST')
      expect(answer.headers['access-control-allow-headers']).toBe(
        'bits-packet-type,bits-supported-protocols',
      )
    }
    const create = await send(srv.url, '/uploads/x.bin', {
      method: 'BITS_POST',
      headers: { ...CREATE, Origin: APP },
    })
    expect(create.status).toBe(200)
    expect(create.headers['access-control-allow-origin']).toBe(APP)
    expect(create.headers['access-control-expose-headers']).toMatch(
      /BITS-Session-Id.*BITS-Error-Code/,
    )
  })

  it('never for another origin, nor for the control API', async () => {
    const srv = await start({ cors: { origins: [APP] } })
    const other = await send(srv.url, '/uploads/x.bin', {
      ...preflight('BITS_POST'),
      headers: { ...preflight('BITS_POST').headers, Origin: 'http://localhost:5174' },
    })
    expect(other.status).not.toBe(204)
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
    const control = await send(srv.url, '/__bits/reset', preflight('POST'))
    expect(control.status).toBe(403)
    expect(control.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('without cors, a preflight gets no CORS headers', async () => {
    const srv = await start()
    const answer = await send(srv.url, '/uploads/x.bin', preflight('BITS_POST'))
    expect(answer.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('refuses an origin that is not one, naming the entry', async () => {
    await expect(start({ cors: { origins: ['http://localhost:5173/app'] } })).rejects.toThrow(
      /"cors\.origins\[0\]"/,
    )
  })
})

describe('auth covers the control API and the dashboard', () => {
  const auth = { username: 'uploader', password: 's3cret', realm: 'dumps' }
  const basic = `Basic ${Buffer.from('uploader:s3cret').toString('base64')}`

  it('challenges a request without the credentials, so a browser prompts', async () => {
    const srv = await start({ auth })
    for (const path of ['/__bits/', '/__bits/journal', '/__bits/uploads']) {
      const bare = await send(srv.url, path)
      expect([path, bare.status, bare.headers['www-authenticate']]).toEqual([
        path,
        401,
        'Basic realm="dumps"',
      ])
    }
    const reset = await send(srv.url, '/__bits/reset', { method: 'POST' })
    expect(reset.status).toBe(401)
    const wrong = `Basic ${Buffer.from('uploader:nope').toString('base64')}`
    expect(
      (await send(srv.url, '/__bits/health', { headers: { Authorization: wrong } })).status,
    ).toBe(401)
    const ok = await send(srv.url, '/__bits/health', { headers: { Authorization: basic } })
    expect(ok.status).toBe(200)
  })
})

describe('answers of the control API and dashboard', () => {
  it('carry a CSP that forbids framing and X-Content-Type-Options: nosniff', async () => {
    const srv = await start()
    for (const path of ['/__bits/', '/__bits/health', '/__bits/journal', '/__bits/nope']) {
      const answer = await send(srv.url, path)
      expect(answer.headers['content-security-policy']).toBe(
        "default-src 'self'; frame-ancestors 'none'",
      )
      expect(answer.headers['x-content-type-options']).toBe('nosniff')
    }
    const ack = await send(srv.url, '/uploads/x.bin', { method: 'BITS_POST', headers: CREATE })
    expect(ack.headers['content-security-policy']).toBeUndefined()
  })
})

describe('a non-loopback host', () => {
  it('is refused without auth or allowRemoteControl, naming "host"', async () => {
    await expect(start({ host: '0.0.0.0' })).rejects.toThrow(
      /"host": "0\.0\.0\.0" is not loopback.*"auth".*"allowRemoteControl"/,
    )
  })

  it('starts with allowRemoteControl or auth, and warns', async () => {
    for (const options of [
      { allowRemoteControl: true },
      { auth: { username: 'u', password: 'p' } },
    ]) {
      const warnings: string[] = []
      const srv = await start({ host: '0.0.0.0', ...options, onWarning: (m) => warnings.push(m) })
      expect(warnings.join()).toMatch(/listening on 0\.0\.0\.0.*reachable from the network/)
      await srv.close()
    }
  })
})
