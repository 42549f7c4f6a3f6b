// Every way a client calls fetch with BITS_POST goes through the fetch tunnel (MSW sees a POST
// with X-Http-Method-Override, as MSW 3's HTTP parser needs) and reaches the engine as BITS_POST.
import { http } from 'msw'
import { afterEach, describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { generateBytes } from '../support/payloads.js'

const { server, start } = useBitsServer()

/** The method and override of every request MSW saw, as its handlers get it. */
function seenByMsw(): string[] {
  const seen: string[] = []
  server.events.on('request:start', ({ request }) => {
    seen.push(`${request.method} ${request.headers.get('X-Http-Method-Override') ?? '-'}`)
  })
  return seen
}

afterEach(() => server.events.removeAllListeners())

const ping = { 'BITS-Packet-Type': 'Ping', 'Content-Length': '0' }
const createSession = {
  'BITS-Packet-Type': 'Create-Session',
  'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
  'Content-Length': '0',
}

describe('the fetch tunnel', () => {
  it.each([
    ['a URL string and a header record', () => fetch(`${BASE_URL}/a.bin`, init(ping))],
    ['a URL object', () => fetch(new URL(`${BASE_URL}/a.bin`), init(ping))],
    ['a Headers instance', () => fetch(`${BASE_URL}/a.bin`, init(new Headers(ping)))],
    ['header pairs', () => fetch(`${BASE_URL}/a.bin`, init(Object.entries(ping)))],
    ['a Request', () => fetch(new Request(`${BASE_URL}/a.bin`, init(ping)))],
    [
      'a URL as a person types it (upper-case host, default port, dot segments)',
      () => fetch('https://BITS.example.test:443/uploads/x/../a.bin', init(ping)),
    ],
  ])('carries %s to the engine as BITS_POST', async (_, send) => {
    const bits = start()
    const seen = seenByMsw()
    const response = await send()
    expect(response.headers.get('BITS-Packet-Type')).toBe('Ack')
    expect(seen).toEqual(['POST BITS_POST'])
    const entry = bits.journal.last()!
    expect([entry.method, entry.url, entry.packet, entry.status]).toEqual([
      'BITS_POST',
      `${BASE_URL}/a.bin`,
      'Ping',
      200,
    ])
  })

  it('keeps every header once and the body whole', async () => {
    const bits = start()
    const created = await fetch(`${BASE_URL}/b.bin`, init(new Headers(createSession)))
    const sessionId = created.headers.get('BITS-Session-Id')!
    expect(created.status).toBe(200)
    const body = new Uint8Array([1, 2, 3, 4, 5])
    const fragment = await fetch(`${BASE_URL}/b.bin`, {
      method: 'BITS_POST',
      headers: {
        'BITS-Packet-Type': 'Fragment',
        'BITS-Session-Id': sessionId,
        'Content-Range': 'bytes 0-4/5',
        'Content-Length': '5',
      },
      body,
    })
    expect(fragment.status).toBe(200)
    await fetch(`${BASE_URL}/b.bin`, {
      method: 'BITS_POST',
      headers: { 'BITS-Packet-Type': 'Close-Session', 'BITS-Session-Id': sessionId },
    })
    expect(bits.uploads.get('b.bin')?.bytes).toEqual(body)
  })

  it('carries a large body whole, as it was when fetch was called', async () => {
    const bits = start()
    const created = await fetch(`${BASE_URL}/big.bin`, init(createSession))
    const sessionId = created.headers.get('BITS-Session-Id')!
    const sent = generateBytes(300 * 1024)
    const buffer = sent.slice()
    const answered = fetch(`${BASE_URL}/big.bin`, {
      method: 'BITS_POST',
      headers: {
        'BITS-Packet-Type': 'Fragment',
        'BITS-Session-Id': sessionId,
        'Content-Range': `bytes 0-${sent.byteLength - 1}/${sent.byteLength}`,
        'Content-Length': String(sent.byteLength),
      },
      body: buffer,
    })
    // A client may reuse its buffer once fetch has it, as the benchmark's generator does.
    buffer.fill(0)
    expect((await answered).status).toBe(200)
    await fetch(`${BASE_URL}/big.bin`, {
      method: 'BITS_POST',
      headers: { 'BITS-Packet-Type': 'Close-Session', 'BITS-Session-Id': sessionId },
    })
    expect(bits.uploads.get('big.bin')?.bytes).toEqual(sent)
  })

  it('leaves other methods and other hosts alone', async () => {
    start()
    server.use(http.all('https://elsewhere.example.test/*', () => new Response(null)))
    const seen = seenByMsw()
    await fetch(`${BASE_URL}/a.bin`, { method: 'PUT' })
    await fetch('https://elsewhere.example.test/uploads/a.bin', init(ping))
    expect(seen).toEqual(['PUT -', 'BITS_POST -'])
  })
})

function init(headers: HeadersInit): RequestInit {
  return { method: 'BITS_POST', headers }
}
