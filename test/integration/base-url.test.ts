// Any baseUrl createBitsServer accepts is served through MSW, and never breaks other handlers
// (issue 12: a base path with characters MSW's path patterns read as syntax did both).
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitsServer } from '../../src/index.js'
import { uploadBits } from '../support/bits-client.js'
import { generateBytes } from '../support/payloads.js'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe('a baseUrl with characters MSW patterns treat as syntax', () => {
  it.each([
    'https://bits.example.test/uploads/c++',
    'https://bits.example.test/up(1)',
    'https://bits.example.test/a*b',
    'https://bits.example.test/x:y',
    'https://bits.example.test/[v2]/{id}/$^|?',
    'https://bits.example.test/dir with space',
  ])('%s is served, and an unrelated handler still answers', async (baseUrl) => {
    const bits = createBitsServer({ baseUrl })
    server.resetHandlers(
      ...bits.handlers,
      http.get('https://other.example.test/ok', () => HttpResponse.text('other')),
      http.all(/.*/, () => new HttpResponse(null, { status: 418 })),
    )
    const data = generateBytes(3000)
    const base = bits.options.base.href
    await uploadBits({ url: `${base}/crash.dmp`, data, fragmentSize: 1000 })
    expect(bits.uploads.get('crash.dmp')?.bytes).toEqual(data)
    const other = await fetch('https://other.example.test/ok')
    expect(await other.text()).toBe('other')
    // A sibling path that only shares a prefix is not the server's.
    expect((await fetch(`${base}x/file`, { method: 'BITS_POST' })).status).toBe(418)
  })

  it('drops the query of baseUrl, and serves requests with any query', async () => {
    const bits = createBitsServer({ baseUrl: 'https://bits.example.test/q?token=1#top' })
    server.resetHandlers(...bits.handlers)
    expect(bits.options.base.href).toBe('https://bits.example.test/q')
    const data = generateBytes(10)
    await uploadBits({ url: 'https://bits.example.test/q/file.bin?token=1', data })
    expect(bits.uploads.get('file.bin')?.size).toBe(10)
  })
})
