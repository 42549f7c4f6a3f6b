import { execFile } from 'node:child_process'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import axios from 'axios'
import { request as undiciRequest } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningBitsServer, startBitsServer } from '../../src/node/index.js'
import { payload, sha256Hex } from '../support/payloads.js'
import { curlSend } from './support/curl-send.js'
import { type Send, uploadWith } from './support/upload-with.js'

const run = promisify(execFile)
const FIXTURES = fileURLToPath(new URL('../../fixtures/payloads/', import.meta.url))
const FILES = ['screenshot.png', 'crash-report.log', 'one-byte.bin'] as const

let srv: RunningBitsServer
beforeAll(async () => {
  srv = await startBitsServer({ port: 0, store: 'digest' })
})
afterAll(async () => {
  await srv.close()
})

const lower = (headers: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
  )

/** Each client library, as a {@link Send}. */
const CLIENTS: Record<string, Send> = {
  'node:http': (url, headers, body) =>
    new Promise((resolve, reject) => {
      const req = httpRequest(url, { method: 'BITS_POST', headers }, (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode!, headers: lower(res.headers) }))
      })
      req.on('error', reject)
      req.end(body ?? undefined)
    }),
  'axios (Node adapter)': async (url, headers, body) => {
    // axios sends a Uint8Array view's whole ArrayBuffer; a Buffer over the same bytes goes as is.
    const data = body ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : undefined
    const res = await axios.request({
      url,
      method: 'BITS_POST',
      headers,
      data,
      adapter: 'http',
      validateStatus: () => true,
    })
    return { status: res.status, headers: lower(res.headers as Record<string, unknown>) }
  },
  'undici.request': async (url, headers, body) => {
    const res = await undiciRequest(url, { method: 'BITS_POST', headers, body: body ?? undefined })
    await res.body.dump()
    return { status: res.statusCode, headers: lower(res.headers) }
  },
  'curl -X BITS_POST': curlSend,
}

describe('real clients upload real files to the loopback server', () => {
  for (const [client, send] of Object.entries(CLIENTS)) {
    it.each(FILES)(`${client}: %s, SHA-256 checked`, async (file) => {
      const data = payload(file)
      const name = `${client.replace(/\W+/g, '-')}/${file}`
      await uploadWith(send, `${srv.url}/${name}`, data, 4096)
      expect(srv.bits.uploads.get(name)).toMatchObject({
        size: data.byteLength,
        sha256: sha256Hex(data),
      })
    })
  }

  it('python3 http.client: every fixture file, SHA-256 checked', async () => {
    const script = fileURLToPath(new URL('./support/bits_upload.py', import.meta.url))
    for (const file of FILES) {
      const name = `python/${file}`
      await run('python3', [script, `${srv.url}/${name}`, join(FIXTURES, file), '4096'])
      const data = payload(file)
      expect(srv.bits.uploads.get(name)).toMatchObject({
        size: data.byteLength,
        sha256: sha256Hex(data),
      })
    }
  })

  it('no client broke a protocol rule', async () => {
    const { checkClientRules } = await import('../../src/index.js')
    expect(checkClientRules(srv.bits)).toEqual([])
  })
})
