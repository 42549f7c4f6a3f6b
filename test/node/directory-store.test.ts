import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { PARTIAL_DIR, type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { uploadBits } from '../support/bits-client.js'
import { payload, sha256Hex } from '../support/payloads.js'
import { header, rawConnect, rawRequest } from './support/raw-http.js'

let sandbox: string
let root: string
let outside: string
let srv: RunningBitsServer
beforeEach(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'msw-bits-dir-'))
  root = join(sandbox, 'root')
  outside = join(sandbox, 'outside')
  mkdirSync(outside)
  srv = await startBitsServer({ port: 0, store: { dir: root } })
})
afterEach(async () => {
  await srv.close()
  rmSync(sandbox, { recursive: true, force: true })
})

/** Every file under `dir`, relative, the temporary area left out. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .filter((path) => !path.startsWith(PARTIAL_DIR))
    .sort()
}

describe('the directory store', () => {
  it('writes each upload under the root at its remote name', async () => {
    const png = payload('screenshot.png')
    await uploadBits({
      url: `${srv.url}/shots/today/screen%20shot.png`,
      data: png,
      fragmentSize: 4096,
    })
    const stored = join(root, 'shots/today/screen shot.png')
    expect(sha256Hex(readFileSync(stored))).toBe(sha256Hex(png))
    expect(srv.bits.uploads.get('shots/today/screen shot.png')?.path).toBe(stored)
    expect(files(root)).toEqual(['shots/today/screen shot.png'])
    const download = await fetch(`${srv.controlUrl}/uploads/shots/today/screen%20shot.png`)
    expect(sha256Hex(new Uint8Array(await download.arrayBuffer()))).toBe(sha256Hex(png))
  })

  it('refuses every name that would leave the root, and writes nothing outside it', async () => {
    symlinkSync(outside, join(root, 'link'))
    writeFileSync(join(outside, 'keep.txt'), 'untouched')
    const targets = [
      '/uploads/../outside/x',
      '/uploads/%2e%2e/outside/x',
      '/uploads/%2E%2E%2Foutside%2Fx',
      '/uploads/a/%2e%2e/%2e%2e/outside/x',
      '/uploads//etc/x',
      `/uploads/${encodeURIComponent(outside)}/x`,
      '/uploads/a%00b',
      '/uploads/..%5coutside%5cx',
      '/uploads/link/x',
      '/uploads/link/keep.txt',
      `/uploads/${PARTIAL_DIR}/x`,
    ]
    const connection = await rawConnect(srv.url)
    for (const target of targets) {
      connection.write(
        rawRequest('BITS_POST', target, {
          'BITS-Packet-Type': 'Create-Session',
          'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
          'Content-Length': 0,
        }),
      )
      const answer = await connection.next()
      // Outside the base path is 404; inside it, a name the store cannot hold is malformed.
      expect([400, 404], target).toContain(answer.status)
      if (answer.status === 400)
        expect(header(answer, 'BITS-Error-Code'), target).toBe('0x80070057')
    }
    connection.end()
    expect(srv.bits.sessions.size).toBe(0)
    expect(files(outside)).toEqual(['keep.txt'])
    expect(readFileSync(join(outside, 'keep.txt'), 'utf8')).toBe('untouched')
    expect(files(root)).toEqual([])
  })

  it('keeps an existing file when overwrites are off (403 at Create-Session)', async () => {
    await srv.close()
    writeFileSync(join(root, 'taken.txt'), 'before')
    srv = await startBitsServer({ port: 0, store: { dir: root }, allowOverwrites: false })
    const response = await fetch(`${srv.url}/taken.txt`, {
      method: 'BITS_POST',
      headers: {
        'BITS-Packet-Type': 'Create-Session',
        'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
      },
    })
    expect(response.status).toBe(403)
    expect(readFileSync(join(root, 'taken.txt'), 'utf8')).toBe('before')
  })

  it('leaves no temporary files after cancel, an early close, or server close', async () => {
    const data = payload('crash-report.log')
    const partial = join(root, PARTIAL_DIR)
    const send = (type: string, id?: string, body?: Uint8Array, range?: string) =>
      fetch(`${srv.url}/c.log`, {
        method: 'BITS_POST',
        headers: {
          'BITS-Packet-Type': type,
          'BITS-Supported-Protocols': BITS_PROTOCOL_GUID,
          ...(id ? { 'BITS-Session-Id': id } : {}),
          ...(range ? { 'Content-Range': range } : {}),
        },
        body: body as BodyInit | undefined,
      })
    for (const ending of ['Cancel-Session', 'Close-Session']) {
      const id = (await send('Create-Session')).headers.get('BITS-Session-Id')!
      await send('Fragment', id, data.slice(0, 100), `bytes 0-99/${data.byteLength}`)
      expect(readdirSync(partial)).toHaveLength(1)
      await send(ending, id)
      expect(readdirSync(partial)).toEqual([])
    }
    const id = (await send('Create-Session')).headers.get('BITS-Session-Id')!
    await send('Fragment', id, data.slice(0, 100), `bytes 0-99/${data.byteLength}`)
    await srv.close()
    expect(existsSync(partial)).toBe(false)
    expect(files(root)).toEqual([])
  })
})
