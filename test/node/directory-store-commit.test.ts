// Nothing uploaded is lost (issue 17 item 5): a directory store answers Close-Session 200 only when
// the bytes are on disk at their name, refuses at Create-Session a name the file system cannot
// hold, and writes no partial file through a symlink planted in its temporary area.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { PARTIAL_DIR, type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { uploadBits } from '../support/bits-client.js'
import { generateBytes, sha256Hex } from '../support/payloads.js'

let sandbox: string
let root: string
let srv: RunningBitsServer
beforeEach(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'msw-bits-commit-'))
  root = join(sandbox, 'root')
  srv = await startBitsServer({ port: 0, store: { dir: root } })
})
afterEach(async () => {
  await srv.close()
  rmSync(sandbox, { recursive: true, force: true })
})

/** One packet by `fetch`; the Ack's status and error headers. */
async function packet(name: string, type: string, init: { id?: string; body?: Uint8Array } = {}) {
  const headers: Record<string, string> = {
    'BITS-Packet-Type': type,
    'Content-Length': String(init.body?.byteLength ?? 0),
  }
  if (type === 'Create-Session') headers['BITS-Supported-Protocols'] = BITS_PROTOCOL_GUID
  if (init.id) headers['BITS-Session-Id'] = init.id
  if (init.body)
    headers['Content-Range'] = `bytes 0-${init.body.byteLength - 1}/${init.body.byteLength}`
  const response = await fetch(`${srv.url}/${name}`, {
    method: 'BITS_POST',
    headers,
    body: init.body as BodyInit | undefined,
  })
  return {
    status: response.status,
    id: response.headers.get('BITS-Session-Id'),
    error: response.headers.get('BITS-Error-Code'),
    context: response.headers.get('BITS-Error-Context'),
  }
}

/** Create-Session and its one Fragment: a complete upload waiting for Close-Session. */
async function complete(name: string, body: Uint8Array): Promise<string> {
  const { id } = await packet(name, 'Create-Session')
  expect((await packet(name, 'Fragment', { id: id!, body })).status).toBe(200)
  return id!
}

const lastEntry = () => srv.bits.journal.toJSON().entries.at(-1)!

describe('a commit that cannot land on disk', () => {
  it('a file where a directory is needed: 500 ERROR_PATH_NOT_FOUND, not listed, kept for a resend', async () => {
    const inner = generateBytes(3000, 2)
    const outer = await complete('conf', generateBytes(10, 1))
    const nested = await complete('conf/inner.bin', inner)
    expect((await packet('conf', 'Close-Session', { id: outer })).status).toBe(200)

    const refused = await packet('conf/inner.bin', 'Close-Session', { id: nested })
    expect(refused).toMatchObject({ status: 500, error: '0x80070003', context: '0x5' })
    expect(lastEntry()).toMatchObject({ status: 500, errorCode: 0x80070003, errorContext: 5 })
    expect(srv.bits.journal.format()).toMatch(/Close-Session .*→ 500 E_PATH_NOT_FOUND/)
    expect(srv.bits.uploads.get('conf/inner.bin')).toBeUndefined()
    expect(srv.bits.uploads.list().map((upload) => upload.name)).toEqual(['conf'])

    // The client resends Close-Session after a 5xx; once the obstacle is gone, the bytes land.
    unlinkSync(join(root, 'conf'))
    expect((await packet('conf/inner.bin', 'Close-Session', { id: nested })).status).toBe(200)
    expect(sha256Hex(readFileSync(join(root, 'conf/inner.bin')))).toBe(sha256Hex(inner))
    expect(srv.bits.uploads.get('conf/inner.bin')?.sha256).toBe(sha256Hex(inner))
  })

  it('a directory where the file goes: 500 E_ACCESSDENIED, not listed', async () => {
    const outer = await complete('conf', generateBytes(10, 1))
    await uploadBits({ url: `${srv.url}/conf/inner.bin`, data: generateBytes(100, 2) })
    const refused = await packet('conf', 'Close-Session', { id: outer })
    expect(refused).toMatchObject({ status: 500, error: '0x80070005', context: '0x5' })
    expect(srv.bits.uploads.get('conf')).toBeUndefined()
  })
})

describe('names checked against the file system at Create-Session', () => {
  it('refuses a segment over 255 bytes and a path over the platform limit with 400 E_INVALIDARG', async () => {
    const long = 'x'.repeat(256)
    const deep = Array.from({ length: 20 }, () => 'd'.repeat(250)).join('/')
    for (const name of [long, `a/${'é'.repeat(128)}.bin`, deep]) {
      const answer = await packet(name, 'Create-Session')
      expect([name.length, answer.status, answer.error]).toEqual([name.length, 400, '0x80070057'])
    }
    expect((await packet('x'.repeat(255), 'Create-Session')).status).toBe(200)
  })

  it('refuses a name under an existing file or onto an existing directory', async () => {
    await uploadBits({ url: `${srv.url}/file`, data: generateBytes(10) })
    mkdirSync(join(root, 'dir'))
    for (const name of ['file/inner.bin', 'dir']) {
      expect((await packet(name, 'Create-Session')).status).toBe(400)
    }
  })
})

describe('the temporary area', () => {
  it('is never written through a symlink planted in its place', async () => {
    const outside = join(sandbox, 'outside')
    mkdirSync(outside)
    const first = await packet('a.bin', 'Create-Session')
    const body = generateBytes(5000, 3)
    const fragment = (from: number, to: number) =>
      fetch(`${srv.url}/a.bin`, {
        method: 'BITS_POST',
        headers: {
          'BITS-Packet-Type': 'Fragment',
          'BITS-Session-Id': first.id!,
          'Content-Range': `bytes ${from}-${to - 1}/${body.byteLength}`,
          'Content-Length': String(to - from),
        },
        body: body.slice(from, to),
      })
    expect((await fragment(0, 1000)).status).toBe(200)
    const partial = join(root, PARTIAL_DIR)
    renameSync(partial, join(sandbox, 'moved'))
    symlinkSync(outside, partial)
    // The open partial file is written through its descriptor, never through the new symlink.
    expect((await fragment(1000, 5000)).status).toBe(200)
    expect(readdirSync(outside)).toEqual([])

    const data = generateBytes(20_000, 4)
    await uploadBits({ url: `${srv.url}/b.bin`, data, fragmentSize: 4096 })
    expect(sha256Hex(readFileSync(join(root, 'b.bin')))).toBe(sha256Hex(data))
    // Its partial file is no longer where it was written: no 200 for bytes that cannot be found.
    const closed = await packet('a.bin', 'Close-Session', { id: first.id! })
    expect(closed).toMatchObject({ status: 500, error: '0x80004005' })
    expect(srv.bits.uploads.get('a.bin')).toBeUndefined()
    expect(readdirSync(outside)).toEqual([])
  })
})
