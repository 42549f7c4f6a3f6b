import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID, type Upload, type UploadStore } from '../../src/index.js'
import { directoryStore, PARTIAL_DIR } from '../../src/node/index.js'
import { type BitsEngine, createBitsEngine } from '../../src/server/engine.js'
import { generateBytes, sha256Hex } from '../support/payloads.js'

const BASE = 'http://bits.test/up'
const MiB = 1024 * 1024

// A collection on demand, without starting vitest's workers with --expose-gc.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const roots: string[] = []
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true })
})

/** A store under test, with what it can give back of an upload's bytes. */
interface StoreCase {
  name: string
  make(): UploadStore
  /** The stored bytes of `upload`, or `null` when the store keeps none. */
  bytesOf(upload: Upload): Uint8Array | null
  /** Files left in a temporary area (0 for stores without one). */
  leftovers(store: UploadStore): number
}

const STORES: StoreCase[] = [
  {
    name: 'memory',
    make: () => createBitsEngine({ baseUrl: BASE }).options.store,
    bytesOf: (u) => u.bytes ?? null,
    leftovers: () => 0,
  },
  {
    name: 'digest',
    make: () => createBitsEngine({ baseUrl: BASE, store: 'digest' }).options.store,
    bytesOf: () => null,
    leftovers: () => 0,
  },
  {
    name: 'directory',
    make: () => {
      const root = mkdtempSync(join(tmpdir(), 'msw-bits-store-'))
      roots.push(root)
      return directoryStore({ dir: root })
    },
    bytesOf: (u) => (u.path ? new Uint8Array(readFileSync(u.path)) : null),
    leftovers: (store) => {
      try {
        return readdirSync(join((store as ReturnType<typeof directoryStore>).root, PARTIAL_DIR))
          .length
      } catch {
        return 0
      }
    },
  },
]

async function post(
  bits: BitsEngine,
  name: string,
  headers: Record<string, string>,
  body?: Uint8Array,
) {
  return bits.handle(
    new Request(`${BASE}/${name}`, {
      method: 'BITS_POST',
      headers: { 'Content-Length': String(body?.byteLength ?? 0), ...headers },
      body: body as BodyInit | undefined,
    }),
  )
}

async function open(bits: BitsEngine, name: string): Promise<string> {
  const ack = await post(bits, name, {
    'BITS-Packet-Type': 'Create-Session',
    'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
  })
  return ack.headers.get('BITS-Session-Id')!
}

async function send(
  bits: BitsEngine,
  name: string,
  id: string,
  data: Uint8Array,
  first: number,
  last: number,
) {
  const range = `bytes ${first}-${last}/${data.byteLength}`
  return post(
    bits,
    name,
    { 'BITS-Packet-Type': 'Fragment', 'BITS-Session-Id': id, 'Content-Range': range },
    data.slice(first, last + 1),
  )
}

/** A body as chunks in turn; `fail`: the client goes away after them. */
async function* chunks(parts: Uint8Array[], then: 'end' | 'fail' = 'end') {
  for (const part of parts) yield part
  if (then === 'fail') throw new Error('socket closed')
}

/** A Fragment through `exchange`, its body delivered by `body` as a socket host would. */
function exchangeFragment(
  bits: BitsEngine,
  name: string,
  id: string,
  range: string,
  body: AsyncIterable<Uint8Array>,
) {
  const [first, last] = range.split(/[-/]/).map(Number)
  return bits.exchange({
    method: 'BITS_POST',
    url: `${BASE}/${name}`,
    headers: [
      ['BITS-Packet-Type', 'Fragment'],
      ['BITS-Session-Id', id],
      ['Content-Range', `bytes ${range}`],
      ['Content-Length', String(last! - first! + 1)],
    ],
    body,
    framing: 'content-length',
  })
}

const end = (bits: BitsEngine, name: string, id: string, type = 'Close-Session') =>
  post(bits, name, { 'BITS-Packet-Type': type, 'BITS-Session-Id': id })

// Every store passes the same suite: what the engine needs of a store, through the engine.
describe.each(STORES)('store conformance: $name', (storeCase) => {
  const start = (options = {}) => {
    const store = storeCase.make()
    return { store, bits: createBitsEngine({ baseUrl: BASE, store, ...options }) }
  }

  it('commits fragments in order, overlaps written once, with size and SHA-256', async () => {
    const { bits, store } = start()
    const data = generateBytes(300_001)
    const id = await open(bits, 'dir/a.bin')
    expect((await send(bits, 'dir/a.bin', id, data, 0, 99_999)).status).toBe(200)
    expect((await send(bits, 'dir/a.bin', id, data, 50_000, 199_999)).status).toBe(200)
    expect((await send(bits, 'dir/a.bin', id, data, 200_000, 300_000)).status).toBe(200)
    expect((await end(bits, 'dir/a.bin', id)).status).toBe(200)
    const upload = bits.uploads.get('dir/a.bin')!
    expect({ size: upload.size, sha256: upload.sha256 }).toEqual({
      size: data.byteLength,
      sha256: sha256Hex(data),
    })
    const bytes = storeCase.bytesOf(upload)
    if (bytes !== null) expect(sha256Hex(bytes)).toBe(sha256Hex(data))
    expect(storeCase.leftovers(store)).toBe(0)
  })

  it('keeps concurrent sessions apart', async () => {
    const { bits } = start()
    const one = generateBytes(1000, 1)
    const two = generateBytes(2000, 2)
    const a = await open(bits, 'one')
    const b = await open(bits, 'two')
    await send(bits, 'one', a, one, 0, 499)
    await send(bits, 'two', b, two, 0, 1999)
    await send(bits, 'one', a, one, 500, 999)
    await end(bits, 'two', b)
    await end(bits, 'one', a)
    expect(bits.uploads.get('one')?.sha256).toBe(sha256Hex(one))
    expect(bits.uploads.get('two')?.sha256).toBe(sha256Hex(two))
  })

  it('drops partial data on Cancel-Session, an early Close-Session, expiry and reset', async () => {
    let now = 0
    const clock = { now: () => now, sleep: async () => {} }
    const { bits, store } = start({ sessionTimeout: 60, clock })
    const data = generateBytes(1000)
    for (const ending of ['Cancel-Session', 'Close-Session']) {
      const id = await open(bits, 'p.bin')
      await send(bits, 'p.bin', id, data, 0, 499)
      expect((await end(bits, 'p.bin', id, ending)).status).toBe(200)
    }
    expect(storeCase.leftovers(store)).toBe(0)
    const expiring = await open(bits, 'p.bin')
    await send(bits, 'p.bin', expiring, data, 0, 499)
    now += 61_000
    expect(bits.sessions.size).toBe(0)
    expect(storeCase.leftovers(store)).toBe(0)
    const resetting = await open(bits, 'p.bin')
    await send(bits, 'p.bin', resetting, data, 0, 99)
    bits.reset()
    expect(bits.uploads.has('p.bin')).toBe(false)
    expect(storeCase.leftovers(store)).toBe(0)
  })

  it('leaves the upload as it was when a Fragment body ends early, short or long', async () => {
    const { bits, store } = start()
    const data = generateBytes(3000)
    const id = await open(bits, 'cut.bin')
    await send(bits, 'cut.bin', id, data, 0, 999)
    // The body arrives as chunks the store takes as they come; each ends wrong in its own way.
    const part = data.subarray(1000, 1600)
    const gone = exchangeFragment(bits, 'cut.bin', id, '1000-1999/3000', chunks([part], 'fail'))
    expect(await gone).toEqual({ kind: 'unanswered', reason: 'aborted' })
    const short = exchangeFragment(bits, 'cut.bin', id, '1000-1999/3000', chunks([part]))
    expect(await short).toMatchObject({ kind: 'ack', ack: { status: 400 } })
    const long = chunks([data.subarray(1000, 2000), data.subarray(0, 10)])
    expect(await exchangeFragment(bits, 'cut.bin', id, '1000-1999/3000', long)).toMatchObject({
      kind: 'ack',
      ack: { status: 400 },
    })
    expect(bits.sessions.get(id)?.received).toBe(1000)
    expect(bits.journal.filter({ packet: 'Fragment' }).map((entry) => entry.bodyLength)).toEqual([
      1000, 600, 600, 1010,
    ])
    await send(bits, 'cut.bin', id, data, 1000, 2999)
    expect((await end(bits, 'cut.bin', id)).status).toBe(200)
    const upload = bits.uploads.get('cut.bin')!
    expect({ size: upload.size, sha256: upload.sha256 }).toEqual({
      size: 3000,
      sha256: sha256Hex(data),
    })
    const bytes = storeCase.bytesOf(upload)
    if (bytes !== null) expect(sha256Hex(bytes)).toBe(sha256Hex(data))
    expect(storeCase.leftovers(store)).toBe(0)
  })

  it('keeps one copy of a Fragment sent twice at once, never a mix of the two', async () => {
    const { bits } = start()
    const data = generateBytes(2000)
    const other = generateBytes(2000, 9)
    const id = await open(bits, 'twice.bin')
    const gates = [0, 1].map(() => {
      let release = () => {}
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      return { gate, release }
    })
    // Two copies of one range, with other bytes, arriving interleaved on two connections.
    async function* halves(bytes: Uint8Array, gate: Promise<void>) {
      yield bytes.subarray(0, 500)
      await gate
      yield bytes.subarray(500, 1000)
    }
    const turn = () => new Promise((resolve) => setImmediate(resolve))
    const first = exchangeFragment(
      bits,
      'twice.bin',
      id,
      '0-999/2000',
      halves(data, gates[0]!.gate),
    )
    await turn()
    const second = exchangeFragment(
      bits,
      'twice.bin',
      id,
      '0-999/2000',
      halves(other, gates[1]!.gate),
    )
    await turn()
    gates[0]!.release()
    await first
    gates[1]!.release()
    for (const answer of [await first, await second]) {
      expect(answer).toMatchObject({ kind: 'ack', ack: { status: 200, receivedOffset: 1000 } })
    }
    await send(bits, 'twice.bin', id, data, 1000, 1999)
    await end(bits, 'twice.bin', id)
    const upload = bits.uploads.get('twice.bin')!
    const resent = Uint8Array.from(data)
    resent.set(other.subarray(0, 1000))
    expect([sha256Hex(data), sha256Hex(resent)]).toContain(upload.sha256)
    const bytes = storeCase.bytesOf(upload)
    if (bytes !== null) expect(sha256Hex(bytes)).toBe(upload.sha256)
  })

  it('replaces an upload at the same name when overwrites are allowed', async () => {
    const { bits } = start()
    const first = generateBytes(100, 1)
    const second = generateBytes(150, 2)
    for (const data of [first, second]) {
      const id = await open(bits, 'same')
      await send(bits, 'same', id, data, 0, data.byteLength - 1)
      await end(bits, 'same', id)
    }
    const upload = bits.uploads.get('same')!
    expect(upload.sha256).toBe(sha256Hex(second))
    const bytes = storeCase.bytesOf(upload)
    if (bytes !== null) expect(sha256Hex(bytes)).toBe(sha256Hex(second))
  })
})

describe('memory store', () => {
  it('holds an upload once: the reply and the commit share one buffer of exactly its bytes', async () => {
    let atReply: Uint8Array | undefined
    const bits = createBitsEngine({
      baseUrl: BASE,
      reply: (upload) => {
        atReply = upload.bytes
        return 'ok'
      },
    })
    const data = generateBytes(300_001)
    const id = await open(bits, 'once.bin')
    await send(bits, 'once.bin', id, data, 0, 99_999)
    await send(bits, 'once.bin', id, data, 50_000, 199_999)
    await send(bits, 'once.bin', id, data, 200_000, 300_000)
    expect((await end(bits, 'once.bin', id)).status).toBe(200)
    const bytes = bits.uploads.get('once.bin')?.bytes
    expect(bytes).toEqual(data)
    // A copy at Close-Session would make a second full-size buffer here.
    expect(bytes?.buffer).toBe(atReply?.buffer)
    expect(bytes?.buffer.byteLength).toBe(data.byteLength)
  })

  it('reserves no memory for a total the client only declares', async () => {
    const bits = createBitsEngine({ baseUrl: BASE })
    const id = await open(bits, 'claims.bin')
    const declared = 2 ** 30
    const before = process.memoryUsage().arrayBuffers
    const answer = await post(
      bits,
      'claims.bin',
      {
        'BITS-Packet-Type': 'Fragment',
        'BITS-Session-Id': id,
        'Content-Range': `bytes 0-0/${declared}`,
      },
      new Uint8Array([7]),
    )
    expect(answer.status).toBe(200)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(declared / 4)
  })

  it('reserves the bytes received, not the totals declared: 60 sessions × 64 MiB, 1 byte each', async () => {
    const bits = createBitsEngine({ baseUrl: BASE })
    const ids: string[] = []
    for (let i = 0; i < 60; i++) ids.push(await open(bits, `claims-${i}.bin`))
    const before = process.memoryUsage().arrayBuffers
    for (const [i, id] of ids.entries()) {
      const answer = await post(
        bits,
        `claims-${i}.bin`,
        {
          'BITS-Packet-Type': 'Fragment',
          'BITS-Session-Id': id,
          'Content-Range': `bytes 0-0/${64 * MiB}`,
        },
        new Uint8Array([i]),
      )
      expect(answer.status).toBe(200)
    }
    // Reserving each declared total held 3.8 GB here; what arrived is 60 bytes.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * MiB)
  })

  it('keeps a 1-byte slice of a large read as its own copy, not the read', async () => {
    const bits = createBitsEngine({ baseUrl: BASE })
    const sessions = 8
    const ids: string[] = []
    for (let i = 0; i < sessions; i++) ids.push(await open(bits, `slice-${i}.bin`))
    gc()
    const before = process.memoryUsage().arrayBuffers
    for (const [i, id] of ids.entries()) {
      // A body delivered as a view into a 16 MiB read, as a parser slicing socket reads does.
      const read = new Uint8Array(16 * MiB)
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(read.subarray(0, 1))
          controller.close()
        },
      })
      const answer = await bits.handle(
        new Request(`${BASE}/slice-${i}.bin`, {
          method: 'BITS_POST',
          headers: {
            'BITS-Packet-Type': 'Fragment',
            'BITS-Session-Id': id,
            'Content-Range': 'bytes 0-0/2',
            'Content-Length': '1',
          },
          body,
          duplex: 'half',
        } as RequestInit),
      )
      expect(answer.status).toBe(200)
    }
    // V8 frees a dead ArrayBuffer's memory some collections later, and other tests' garbage comes
    // and goes: keep collecting until the growth settles. Keeping the views would keep 8 reads of
    // 16 MiB alive however often V8 collects.
    let growth = Number.POSITIVE_INFINITY
    for (let round = 0; round < 20 && growth >= 16 * MiB; round++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      gc()
      growth = process.memoryUsage().arrayBuffers - before
    }
    expect(growth).toBeLessThan(16 * MiB)
  })

  it('commits a session without a Fragment (so no total) as zero bytes', async () => {
    const bits = createBitsEngine({ baseUrl: BASE })
    const id = await open(bits, 'empty.bin')
    expect((await end(bits, 'empty.bin', id)).status).toBe(200)
    expect(bits.uploads.get('empty.bin')?.bytes).toEqual(new Uint8Array(0))
  })
})

describe('a store that stages', () => {
  it('takes a Fragment body as it arrives, into the stage, never through append', async () => {
    const calls: string[] = []
    const digest = createBitsEngine({ baseUrl: BASE, store: 'digest' }).options.store
    const store: UploadStore = {
      kind: 'staging',
      open(name) {
        const sink = digest.open(name)
        return {
          get size() {
            return sink.size
          },
          append(chunk) {
            calls.push(`append ${chunk.byteLength}`)
            sink.append(chunk)
          },
          stage() {
            const staged = sink.stage!()
            return {
              append: (chunk) => {
                calls.push(`stage ${chunk.byteLength}`)
                staged.append(chunk)
              },
              commit: () => {
                calls.push('commit')
                staged.commit()
              },
              abort: () => staged.abort(),
            }
          },
          content: () => sink.content(),
        }
      },
    }
    const bits = createBitsEngine({ baseUrl: BASE, store })
    const data = generateBytes(1000)
    const id = await open(bits, 's.bin')
    await exchangeFragment(
      bits,
      's.bin',
      id,
      '0-999/1000',
      chunks([data.subarray(0, 400), data.subarray(400)]),
    )
    await end(bits, 's.bin', id)
    expect(calls).toEqual(['stage 400', 'stage 600', 'commit'])
    expect(bits.uploads.get('s.bin')?.sha256).toBe(sha256Hex(data))
  })
})
