import { expect, it } from 'vitest'
import type { BitsServer, BitsServerOptions } from '../../src/index.js'
import { HOSTS, type Host } from './hosts.js'
import { bitsPost, openSession, sendFragment } from './packets.js'
import { generateBytes } from './payloads.js'

/** Stands for the id of the case's `given` session in request and response headers. */
export const SESSION = '$session'

/** A GUID in braces, upper-case, as the server issues session ids. */
export const BRACED_GUID = /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/

/** What a case can check after the exchange. */
export interface ExchangeResult {
  bits: BitsServer
  response: Response
  /** The `given` session's id, if any. */
  sessionId: string | undefined
  /** The bytes of the `given` upload (`given.received` of them were sent). */
  data: Uint8Array
}

/**
 * One HTTP exchange, stated as one literal (tusd `utils_test.go` style): the server's options,
 * the state before, the request, and the answer expected.
 */
export interface ExchangeCase {
  /** The `it` title; cites the [MC-BUP] section it checks. */
  name: string
  options?: Partial<BitsServerOptions>
  /**
   * State before the request: `session` opens one on `path` (`received` bytes of a `total`-byte
   * upload already sent); `uploaded` completes an upload at that remote name first.
   */
  given?: { session?: { received?: number; total?: number }; uploaded?: string }
  /** Default `BITS_POST`. */
  method?: string
  /** Remote name, or an absolute URL. Default `file.bin`. */
  path?: string
  /** `BITS-Packet-Type`; omit to send none. */
  type?: string
  /** Request headers; the value {@link SESSION} is replaced by the given session's id. */
  headers?: Record<string, string>
  /** The body, or its length (zero bytes). */
  body?: Uint8Array | number
  /** Expected status. */
  status: number
  /** Expected response headers: exact text, a pattern, or `null` for absent. {@link SESSION} works. */
  expect?: Record<string, string | RegExp | null>
  /** Whether the answer must be an Ack (`BITS-Packet-Type: Ack`, `Content-Length: 0`). Default true. */
  ack?: boolean
  /**
   * The hosts it runs on; default all. A case leaves out a host only where its request cannot
   * exist there (a body that disagrees with its Content-Length cannot be framed on TCP).
   */
  hosts?: readonly Host[]
  /** More assertions. */
  check?: (result: ExchangeResult) => void | Promise<void>
}

/** Registers one `it` per case; `start` makes a fresh server with the case's options. */
export function testExchanges(start: Start, cases: readonly ExchangeCase[]): void {
  for (const testCase of cases) {
    for (const host of testCase.hosts ?? HOSTS) {
      it(`${testCase.name} [${host}]`, () => runExchange(start, testCase, host))
    }
  }
}

/** Starts a fresh server on a host (the host is a parameter, as tusd's tests take the handler). */
type Start = (options?: Partial<BitsServerOptions>, host?: Host) => BitsServer

async function runExchange(start: Start, testCase: ExchangeCase, host: Host): Promise<void> {
  const { given = {}, path = 'file.bin', type, method, status } = testCase
  const bits = start(testCase.options, host)
  const total = given.session?.total ?? 1000
  const data = generateBytes(total)
  if (given.uploaded !== undefined) await completeUpload(given.uploaded, generateBytes(10))
  let sessionId: string | undefined
  if (given.session) {
    sessionId = await openSession(path)
    const received = given.session.received ?? 0
    if (received > 0)
      expect((await sendFragment(sessionId, data, 0, received - 1, path)).status).toBe(200)
  }
  const fill = (value: string) => (value === SESSION ? sessionId! : value)
  const headers = Object.fromEntries(
    Object.entries(testCase.headers ?? {}).map(([name, value]) => [name, fill(value)]),
  )
  const body = typeof testCase.body === 'number' ? new Uint8Array(testCase.body) : testCase.body
  const response = await bitsPost({ type, path, method, headers, body })

  expect(response.status, 'status').toBe(status)
  if (testCase.ack ?? true) {
    expect(response.headers.get('BITS-Packet-Type')).toBe('Ack')
    expect(response.headers.get('Content-Length')).toBe('0')
  }
  for (const [name, expected] of Object.entries(testCase.expect ?? {})) {
    const actual = response.headers.get(name)
    if (expected instanceof RegExp) expect(actual, name).toMatch(expected)
    else expect(actual, name).toBe(expected === null ? null : fill(expected))
  }
  await testCase.check?.({ bits, response, sessionId, data })
}

/** Create-Session, one Fragment with all of `data`, Close-Session: a completed upload at `path`. */
export async function completeUpload(path: string, data: Uint8Array): Promise<string> {
  const sessionId = await openSession(path)
  expect((await sendFragment(sessionId, data, 0, data.byteLength - 1, path)).status).toBe(200)
  expect((await bitsPost({ type: 'Close-Session', path, sessionId })).status).toBe(200)
  return sessionId
}
