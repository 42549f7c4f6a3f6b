/**
 * How a request's body was delimited on the wire. @see RFC 9112 §6.3
 * @example
 *   import type { Framing } from 'msw-bits'
 *
 *   // A host that parses HTTP itself saw neither Content-Length nor Transfer-Encoding:
 *   const framing: Framing = 'none'
 *   await bits.exchange({ method: 'BITS_POST', url, headers: pairs, body: null, framing })
 */
export type Framing = 'content-length' | 'chunked' | 'none'

/**
 * A request as the wire shows it, what {@link BitsEngine.exchange} takes: no Fetch `Request`, so a
 * host that parses HTTP itself feeds the engine straight from its parser.
 *
 * @example
 *   const outcome = await bits.exchange({
 *     method: 'BITS_POST',
 *     url: 'http://127.0.0.1:8123/uploads/a.bin',
 *     headers: [['BITS-Packet-Type', 'Ping']],
 *     body: null,
 *     framing: 'content-length',
 *   })
 * @see [MC-BUP] §2.2.1
 */
export interface WireRequest {
  /** The method token as sent (`BITS_POST`, `POST`, `GET`); case-sensitive (RFC 9110 §9.1). */
  readonly method: string
  /** The absolute target URL. */
  readonly url: string
  /**
   * Header fields in arrival order, names as sent (repeated names are joined with `, `); or a
   * lookup the host already built ({@link WireHeaders}).
   */
  readonly headers: readonly (readonly [name: string, value: string])[] | HeaderLookup
  /**
   * The body as byte chunks, as they arrive; `null` for none. The engine may stop iterating
   * early (a rule's cut, a refusal): the host drains or closes. A body that fails (the client
   * went away mid-body) counts as a client gone.
   */
  readonly body: AsyncIterable<Uint8Array> | null
  /**
   * Aborts when the client goes away: ends a fault's delay, a stall or a hang. Read only when
   * something waits, so a host may create it on first access. Absent: waits run to their end.
   */
  readonly signal?: AbortSignal
  /**
   * How the body was delimited, when the host saw the wire: `none` (no `Content-Length`, no
   * `Transfer-Encoding`) lets the engine refuse a packet as IIS does (§3.2.5.2.3). Absent for
   * Fetch hosts, which hide the header.
   */
  readonly framing?: Framing
}

/**
 * Reads a header field by name, in any case: what the engine asks of a request's headers.
 * A Fetch `Headers` is one.
 * @example
 *   import type { HeaderLookup } from 'msw-bits'
 *
 *   const headers: HeaderLookup = new Headers({ 'BITS-Packet-Type': 'Ping' })
 *   await bits.exchange({ method: 'BITS_POST', url, headers, body: null })
 */
export interface HeaderLookup {
  /** The field's value (repeats joined with `, `), or `null` when absent. */
  get(name: string): string | null
}

/**
 * A request as the engine reads it once it has arrived: its headers by name, its body, and its
 * signal, made only when something waits.
 */
export interface Arrival {
  readonly headers: HeaderLookup
  readonly body: AsyncIterable<Uint8Array> | null
  signal(): AbortSignal
}

/**
 * Header lookup by lower-case name, built once per request, repeats joined with `, ` as Fetch
 * does.
 * @example
 *   WireHeaders.fromFlat(['Host', 'a', 'X', '1']).get('host') // 'a'
 */
export class WireHeaders implements HeaderLookup {
  private readonly fields = new Map<string, string>()

  constructor(pairs: Iterable<readonly [name: string, value: string]> = []) {
    for (const [name, value] of pairs) this.add(name, value)
  }

  /** From a flat list, `[name, value, name, value, …]` (node's `rawHeaders`). */
  static fromFlat(headers: readonly string[]): WireHeaders {
    const fields = new WireHeaders()
    for (let i = 1; i < headers.length; i += 2) fields.add(headers[i - 1] ?? '', headers[i] ?? '')
    return fields
  }

  private add(name: string, value: string): void {
    const key = name.toLowerCase()
    const before = this.fields.get(key)
    this.fields.set(key, before === undefined ? value : `${before}, ${value}`)
  }

  /** The field's value, or `null` when absent; `name` in any case. */
  get(name: string): string | null {
    return this.fields.get(name.toLowerCase()) ?? null
  }
}

/** A signal that never aborts: for a request whose host gave none. */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal

/**
 * The wire facts of a Fetch `Request`: its headers as pairs, its body stream as chunks.
 * @example
 *   import { fromFetchRequest } from 'msw-bits'
 *
 *   await bits.exchange(fromFetchRequest(new Request('https://bits.example.test/uploads/a.bin')))
 */
export function fromFetchRequest(request: Request): WireRequest {
  return {
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    body: request.body && chunksOf(request.body, request.signal),
    signal: request.signal,
  }
}

/**
 * A stream's chunks, read with a reader (browsers' streams are not all async-iterable); leaving
 * the loop early cancels the stream. A stream the client stops feeding never ends by itself, so
 * the abort cancels the read, and a body that ends after the abort is a client gone, not a body.
 */
async function* chunksOf(
  stream: ReadableStream<Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader()
  const cancel = new ReadCanceller(reader, signal)
  signal.addEventListener('abort', cancel, ONCE)
  let finished = false
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) {
        finished = true
        if (signal.aborted) throw signal.reason
        return
      }
      yield value
    }
  } finally {
    signal.removeEventListener('abort', cancel)
    if (!finished) reader.cancel().catch(ignore)
  }
}

const ONCE = { once: true } as const
const ignore = () => {}

/**
 * Cancels a body's read when the client goes away: an `abort` listener as an object, so reading
 * a body allocates no closure.
 */
class ReadCanceller {
  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly signal: AbortSignal,
  ) {}

  handleEvent(): void {
    this.reader.cancel(this.signal.reason).catch(ignore)
  }
}
