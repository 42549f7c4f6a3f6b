/**
 * The package as a user imports it: by its name, which Node resolves through package.json
 * `exports` to ./dist (`npm test` builds first; run `npm run build` before running this alone).
 */

import { setupServer } from 'msw/node'
import {
  BITS_PROTOCOL_GUID,
  BitsError,
  BitsErrorContext,
  BitsUsageError,
  createBitsServer,
} from 'msw-bits'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uploadBits } from '../support/bits-client.js'
import { firstDifference, payload, sha256Hex } from '../support/payloads.js'

const bits = createBitsServer({
  baseUrl: 'https://crash-reports.example.test/bits',
  maxFragmentSize: 32 * 1024,
  reply: (upload) => `stored ${upload.name} (${upload.size} bytes)`,
})
const server = setupServer(...bits.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe("import { createBitsServer } from 'msw-bits'", () => {
  it('exports the public constants DESIGN.md promises', () => {
    expect(BITS_PROTOCOL_GUID).toBe('{7df0354d-249b-430f-820d-3d2a9bef4931}')
    expect(BitsError.SESSION_NOT_FOUND).toBe(0x8020001f)
    expect(BitsError.TOO_LARGE).toBe(0x80200020)
    expect(BitsErrorContext.REMOTE_FILE).toBe(5)
    expect(BitsErrorContext.REMOTE_APPLICATION).toBe(7)
  })

  it('uploads a real file through setupServer with the reference client, reply included', async () => {
    const data = payload('screenshot.png')
    const result = await uploadBits({
      url: 'https://crash-reports.example.test/bits/2024/screenshot.png',
      data,
      fragmentSize: 64 * 1024, // above maxFragmentSize: the client must shrink after 413
    })
    const upload = bits.uploads.get('2024/screenshot.png')
    expect(upload?.sha256).toBe(sha256Hex(data))
    expect(firstDifference(upload?.bytes, data)).toBeNull()
    expect(new TextDecoder().decode(result.reply!)).toBe(
      'stored 2024/screenshot.png (143185 bytes)',
    )
    expect(bits.journal.count({ packet: 'Fragment', status: 413 })).toBe(1)
  })

  it('rejects bad options with a BitsUsageError naming the field', () => {
    expect(() => createBitsServer({ baseUrl: 'ftp://nope', maxFragmentSize: -1 })).toThrow(
      BitsUsageError,
    )
    expect(() => createBitsServer({ baseUrl: 'https://x.test', maxFragmentSize: -1 })).toThrow(
      /maxFragmentSize/,
    )
  })
})
