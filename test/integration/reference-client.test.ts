import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { BitsClientError, type UploadOptions, uploadBits } from '../support/bits-client.js'
import { errorAck, interfere, isLastFragment } from '../support/interference.js'
import { BASE_URL, useBitsServer } from '../support/msw.js'
import { generateBytes } from '../support/payloads.js'

const { server, start } = useBitsServer()
const URL_OF_FILE = `${BASE_URL}/file.bin`
const SESSION_NOT_FOUND = 0x8020001f

/** Uploads with an instant clock that records each backoff. */
async function upload(options: Partial<UploadOptions> & { data: Uint8Array }) {
  const sleeps: number[] = []
  const result = await uploadBits({
    url: URL_OF_FILE,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    ...options,
  })
  return { ...result, sleeps }
}

const fragmentStarts = (bits: ReturnType<typeof start>, sessionId?: string) =>
  bits.journal
    .filter({ packet: 'Fragment', ...(sessionId ? { sessionId } : {}) })
    .map((entry) => entry.range?.first)

describe('fragments (bits-protocol.md §4 rules 2 and 3, [MC-BUP] §3.1.5.1.4)', () => {
  it('sends sequential fragments of fragmentSize, the last one shorter, then closes', async () => {
    const bits = start()
    const data = generateBytes(10_000)
    await upload({ data, fragmentSize: 4096 })
    expect(bits.journal.filter({ packet: 'Fragment' }).map((entry) => entry.range)).toEqual([
      { first: 0, last: 4095, total: 10_000 },
      { first: 4096, last: 8191, total: 10_000 },
      { first: 8192, last: 9999, total: 10_000 },
    ])
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
  })

  it('on 413 halves the fragment size and resends (W32 "Ack for Fragment")', async () => {
    const bits = start({ maxFragmentSize: 10_000 })
    const data = generateBytes(20_000)
    await upload({ data, fragmentSize: 65_536 })
    const fragments = bits.journal.filter({ packet: 'Fragment' })
    expect(fragments.map((entry) => [entry.bodyLength, entry.status])).toEqual([
      [20_000, 413],
      [10_000, 200],
      [10_000, 200],
    ])
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
  })

  it('never shrinks below minFragmentSize: 413 at the floor is fatal (Windows’ 5 KB floor, §<10>)', async () => {
    const bits = start({ maxFragmentSize: 4000 })
    const error = await upload({ data: generateBytes(50_000), fragmentSize: 20_480 }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(BitsClientError)
    expect(error).toMatchObject({ status: 413, packet: 'Fragment' })
    expect(bits.journal.filter({ packet: 'Fragment' }).map((entry) => entry.bodyLength)).toEqual([
      20_480, 10_240, 5120,
    ])
  })

  it('on 416 resumes at BITS-Received-Content-Range (§3.1.5.1.4)', async () => {
    const bits = start()
    const data = generateBytes(12_000)
    interfere(server, bits, {
      packet: 'Fragment',
      when: (request) => request.headers.get('Content-Range')?.startsWith('bytes 8000-') ?? false,
      answer: () => {
        const ack = errorAck(416, 0)
        ack.headers.set('BITS-Received-Content-Range', '3000')
        return ack
      },
    })
    await upload({ data, fragmentSize: 4000 })
    // The server itself had 8000 bytes: the overlap from 3000 is trimmed and acked at 8000.
    expect(fragmentStarts(bits)).toEqual([0, 4000, 3000, 8000])
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
  })

  it('after a 200 that accepted fewer bytes, resumes at BITS-Received-Content-Range (§2.2.7)', async () => {
    const bits = start()
    const data = generateBytes(8000)
    interfere(server, bits, {
      packet: 'Fragment',
      answer: () => {
        const ack = new Response(null, { status: 200 })
        ack.headers.set('BITS-Received-Content-Range', '0')
        return ack
      },
    })
    await upload({ data, fragmentSize: 4000 })
    expect(fragmentStarts(bits)).toEqual([0, 4000])
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
  })
})

describe('transient failures (bits-protocol.md §4 rules 5, 6 and 8)', () => {
  it('resends the same fragment after 503s, backing off 10, 20, 40, 80, 80 ms', async () => {
    const bits = start()
    const burst = interfere(server, bits, {
      packet: 'Fragment',
      when: (request) => request.headers.get('Content-Range')?.startsWith('bytes 4096-') ?? false,
      times: 5,
      answer: () => errorAck(503),
    })
    const data = generateBytes(10_000)
    const { sleeps } = await upload({ data, fragmentSize: 4096 })
    expect(burst.count).toBe(5)
    expect(sleeps).toEqual([10, 20, 40, 80, 80])
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
  })

  it('resends after a network error', async () => {
    const bits = start()
    const lost = interfere(server, bits, { packet: 'Fragment', answer: 'network-error', times: 2 })
    const data = generateBytes(100)
    await upload({ data })
    expect(lost.count).toBe(2)
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
  })

  it('gives up after maxRetries transient failures on one packet', async () => {
    const bits = start()
    const burst = interfere(server, bits, {
      packet: 'Fragment',
      times: 100,
      answer: () => errorAck(503),
    })
    await expect(upload({ data: generateBytes(100), maxRetries: 3 })).rejects.toMatchObject({
      name: 'BitsClientError',
      status: 503,
      packet: 'Fragment',
    })
    expect(burst.count).toBe(4)
    expect(bits.journal.count({ packet: 'Close-Session' })).toBe(0)
  })

  it('aborts a request that never answers after requestTimeoutMs and resends it', async () => {
    const bits = start()
    const hang = interfere(server, bits, { packet: 'Fragment', answer: 'hang' })
    const data = generateBytes(100)
    await upload({ data, requestTimeoutMs: 50 })
    expect(hang.count).toBe(1)
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
  })

  it('does not resend a 4xx without context 0x7: 400 is fatal', async () => {
    const bits = start()
    interfere(server, bits, { packet: 'Fragment', answer: () => errorAck(400, 0x80070057) })
    await expect(upload({ data: generateBytes(100) })).rejects.toMatchObject({
      status: 400,
      errorCode: 0x80070057,
      errorContext: 5,
    })
    expect(bits.journal.count({ packet: 'Close-Session' })).toBe(0)
  })

  const applicationErrors: [number, 'transient' | 'fatal'][] = [
    [300, 'fatal'],
    [302, 'fatal'],
    [305, 'fatal'],
    [306, 'transient'],
    [307, 'fatal'],
    [308, 'transient'],
    [400, 'fatal'],
    [404, 'fatal'],
    [408, 'transient'],
    [409, 'transient'],
    [500, 'transient'],
    [501, 'fatal'],
    [503, 'transient'],
    [505, 'fatal'],
  ]
  it.each(applicationErrors)(
    'a %i with context 0x7 on a Fragment is %s (W32 "Handling server application errors")',
    async (status, kind) => {
      const bits = start()
      interfere(server, bits, { packet: 'Fragment', answer: () => errorAck(status, 0x80004005, 7) })
      const attempt = upload({ data: generateBytes(100) })
      if (kind === 'fatal') await expect(attempt).rejects.toMatchObject({ status, errorContext: 7 })
      else await attempt
      expect(bits.journal.count({ packet: 'Fragment' })).toBe(kind === 'fatal' ? 0 : 1)
      expect(bits.uploads.size).toBe(kind === 'fatal' ? 0 : 1)
    },
  )
})

describe('Close-Session (bits-protocol.md §4 rule 5, [MC-BUP] §3.1.5)', () => {
  it('is resent on 500–599', async () => {
    const bits = start()
    const burst = interfere(server, bits, {
      packet: 'Close-Session',
      times: 2,
      answer: () => errorAck(503),
    })
    const data = generateBytes(100)
    await upload({ data })
    expect(burst.count).toBe(2)
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
  })

  it.each([
    [404, 5],
    [408, 7],
    [409, 7],
  ])(
    'is never resent on %i (context %i), even where rule 6 would call it transient',
    async (status, context) => {
      const bits = start()
      interfere(server, bits, {
        packet: 'Close-Session',
        answer: () => errorAck(status, 0x80004005, context),
      })
      await expect(upload({ data: generateBytes(100) })).rejects.toMatchObject({
        status,
        packet: 'Close-Session',
      })
      expect(bits.sessions.size).toBe(1)
    },
  )
})

describe('BG_E_SESSION_NOT_FOUND (bits-protocol.md §4 rule 4, [MC-BUP] §3.1.5)', () => {
  it.each(['Fragment', 'Close-Session'])(
    'on %s: a new Create-Session and the upload again from byte 0',
    async (packet) => {
      const bits = start()
      interfere(server, bits, {
        packet,
        when: (request) => packet !== 'Fragment' || isLastFragment(request),
        answer: () => errorAck(500, SESSION_NOT_FOUND),
      })
      const data = generateBytes(10_000)
      const result = await upload({ data, fragmentSize: 4096 })
      expect(result.sessionIds).toHaveLength(2)
      expect(fragmentStarts(bits, result.sessionIds[1])).toEqual([0, 4096, 8192])
      expect(bits.uploads.get('file.bin')?.sessionId).toBe(result.sessionIds[1])
      expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
    },
  )

  it('gives up when every session is lost, after maxRetries restarts', async () => {
    const bits = start()
    interfere(server, bits, {
      packet: 'Fragment',
      times: 100,
      answer: () => errorAck(500, SESSION_NOT_FOUND),
    })
    await expect(upload({ data: generateBytes(100), maxRetries: 2 })).rejects.toMatchObject({
      errorCode: SESSION_NOT_FOUND,
    })
    expect(bits.journal.count({ packet: 'Create-Session' })).toBe(3)
  })
})

describe('BITS-Host-Id (bits-protocol.md §4 rule 1, [MC-BUP] §3.1.5)', () => {
  const HOST = 'frankcao8.example.test'

  it('Pings the Host-Id host first and sends every later packet there', async () => {
    const bits = start({ hostId: HOST })
    const data = generateBytes(10_000)
    await upload({ data, fragmentSize: 4096 })
    const trail = bits.journal.entries.map((entry) => `${entry.packet}@${new URL(entry.url).host}`)
    expect(trail).toEqual([
      'Create-Session@bits.example.test',
      `Ping@${HOST}`,
      `Fragment@${HOST}`,
      `Fragment@${HOST}`,
      `Fragment@${HOST}`,
      `Close-Session@${HOST}`,
    ])
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
  })

  it('falls back to the original host after BITS-Host-Id-Fallback-Timeout seconds when the host is unreachable', async () => {
    const bits = start({ hostId: HOST, hostIdFallbackTimeout: 110 })
    const unreachable: typeof fetch = (input, init) =>
      new URL(String(input)).host === HOST
        ? Promise.reject(new TypeError('getaddrinfo ENOTFOUND'))
        : fetch(input, init)
    const data = generateBytes(5000)
    const { sleeps } = await upload({ data, fetch: unreachable, maxRetries: 3 })
    // Three backoffs between the four Pings, then the rest of the 110 s.
    expect(sleeps).toEqual([10, 20, 40, 110_000 - 70])
    const hosts = bits.journal.entries.map((entry) => new URL(entry.url).host)
    expect(new Set(hosts)).toEqual(new Set(['bits.example.test']))
    expect(bits.uploads.get('file.bin')?.bytes).toEqual(data)
  })

  it('without BITS-Host-Id-Fallback-Timeout never falls back: the upload fails', async () => {
    const bits = start({ hostId: HOST })
    server.use(
      http.all(`${BASE_URL}/*`, async ({ request }) => {
        if (request.headers.get('BITS-Packet-Type') !== 'Create-Session') return undefined
        const ack = await bits.handle(request)
        ack.headers.delete('BITS-Host-Id-Fallback-Timeout')
        return ack
      }),
    )
    const unreachable: typeof fetch = (input, init) =>
      new URL(String(input)).host === HOST
        ? Promise.reject(new TypeError('down'))
        : fetch(input, init)
    await expect(
      upload({ data: generateBytes(10), fetch: unreachable, maxRetries: 1 }),
    ).rejects.toMatchObject({ status: null, packet: 'Ping' })
    expect(bits.journal.count({ packet: 'Fragment' })).toBe(0)
  })
})

describe('the reply download (bits-protocol.md §4 rule 7)', () => {
  it('resolves a relative BITS-Reply-URL against the upload URL and retries a 503', async () => {
    const bits = start()
    interfere(server, bits, {
      packet: 'Fragment',
      timing: 'after',
      answer: () =>
        new Response(null, {
          headers: {
            'BITS-Packet-Type': 'Ack',
            'BITS-Received-Content-Range': '100',
            'BITS-Reply-URL': 'BITS-Sessions\\Replies\\r1\\responsefile.bin',
          },
        }),
    })
    let gets = 0
    server.use(
      http.get(`${BASE_URL}/BITS-Sessions/Replies/r1/responsefile.bin`, () =>
        ++gets === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.text('relative ok'),
      ),
    )
    const result = await upload({ data: generateBytes(100) })
    expect(new TextDecoder().decode(result.reply!)).toBe('relative ok')
    expect(gets).toBe(2)
  })
})

describe('requests on the wire (bits-protocol.md §1)', () => {
  it('uploads empty data as Create-Session then Close-Session: a Fragment has at least one byte (§2.2.6)', async () => {
    const bits = start()
    await upload({ data: new Uint8Array() })
    expect(bits.journal.entries.map((entry) => entry.packet)).toEqual([
      'Create-Session',
      'Close-Session',
    ])
    expect(bits.uploads.list()[0]).toMatchObject({ size: 0 })
  })

  it('every request is BITS_POST with an explicit Content-Length equal to its body (0 for bodiless)', async () => {
    start()
    const seen: [string, string, string | null, number][] = []
    const recording: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers)
      const body = init?.body as Uint8Array | undefined
      seen.push([
        init?.method ?? 'GET',
        headers.get('BITS-Packet-Type') ?? '',
        headers.get('Content-Length'),
        body?.byteLength ?? 0,
      ])
      return fetch(input, init)
    }
    await upload({ data: generateBytes(5000), fragmentSize: 2048, fetch: recording })
    expect(seen).toEqual([
      ['BITS_POST', 'Create-Session', '0', 0],
      ['BITS_POST', 'Fragment', '2048', 2048],
      ['BITS_POST', 'Fragment', '2048', 2048],
      ['BITS_POST', 'Fragment', '904', 904],
      ['BITS_POST', 'Close-Session', '0', 0],
    ])
  })
})
