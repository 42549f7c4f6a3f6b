import type { BodyPace } from '../faults/index.js'
import {
  BITS_POST,
  type ByteRange,
  exceedsSafeSize,
  Header,
  isBodiless,
  type PacketType,
  parseContentRange,
  parsePacketType,
  rangeLength,
  type WireError,
  WireErrors,
} from '../protocol/index.js'
import type { Clock } from '../shared/clock.js'
import { type Body, type BodyReading, readBody } from './read-body.js'
import type { Arrival, HeaderLookup } from './wire-request.js'

/** What every decoded packet carries. */
interface PacketBase {
  /** Remote name: the path under `baseUrl`, percent-decoded. */
  name: string
  /** `Content-Name`, if sent. */
  contentName: string | null
}

/**
 * A `BITS_POST` request decoded once: what every packet module reads, by packet type, so each
 * module sees only the fields its packet has. @see [MC-BUP] §2.2.1
 */
export type Packet =
  | (PacketBase & {
      type: 'Create-Session'
      /** `BITS-Session-Id`, if sent (Create-Session needs none). */
      sessionId: string | null
      /** `BITS-Supported-Protocols`. @see [MC-BUP] §2.2.2 */
      supportedProtocols: string | null
    })
  | (PacketBase & { type: 'Ping'; sessionId: string | null })
  | (PacketBase & {
      type: 'Fragment'
      sessionId: string
      /** `Content-Range`, in bytes. @see [MC-BUP] §2.2.6 */
      range: ByteRange
      /** Exactly `rangeLength(range)` bytes. */
      body: Body
    })
  | (PacketBase & { type: 'Close-Session'; sessionId: string })
  | (PacketBase & { type: 'Cancel-Session'; sessionId: string })

/** The packet of one type. */
export type PacketOf<T extends PacketType> = Extract<Packet, { type: T }>

/**
 * What a request's method and headers say, before any byte of its body is read: all a fault rule
 * matches on, so a rule can act on the body itself (a stall, a cut).
 */
export type Head =
  | {
      kind: 'packet'
      /** `BITS-Packet-Type`; `null` when missing or unknown (malformed). */
      type: PacketType | null
      sessionId: string | null
      /** A Fragment's `Content-Range`, when it parses. */
      range: ByteRange | null
    }
  /** A GET or HEAD: maybe a reply download. */
  | { kind: 'reply' }
  /** Not a BITS packet at all: answer `status`, a plain HTTP answer with no BITS headers. */
  | { kind: 'other'; status: number }

/** The head of a `BITS_POST`. */
export type PacketHead = Extract<Head, { kind: 'packet' }>

/** How the server sees a request once its body is read, before it processes anything. */
export type Envelope =
  | { kind: 'packet'; packet: Packet }
  /** A valid-looking BITS request that is malformed: answer `error`. */
  | {
      kind: 'malformed'
      error: WireError
      type: PacketType | null
      sessionId: string | null
      range: ByteRange | null
      bodyLength: number
    }
  /**
   * The body did not arrive whole: the client went away (`gone`: nothing to answer), or a fault
   * rule stopped reading it (`cut`: its reset follows). Nothing of it is processed.
   */
  | {
      kind: 'unread'
      end: 'gone' | 'cut'
      type: PacketType | null
      sessionId: string | null
      range: ByteRange | null
      bodyLength: number
    }
  | Exclude<Head, PacketHead>

/** Whether the request is a `BITS_POST`, directly or through OneDrive's method override. */
function methodOf(requestMethod: string, headers: HeaderLookup): 'bits' | 'wrong-case' | 'other' {
  const method =
    requestMethod === 'POST' ? (headers.get(Header.MethodOverride) ?? 'POST') : requestMethod
  // "The method token is case-sensitive" (RFC 9110 §9.1): `bits_post` is some other method.
  if (method === BITS_POST) return 'bits'
  return method.toUpperCase() === BITS_POST ? 'wrong-case' : 'other'
}

/**
 * Reads what the method and headers say, without touching the body: the one place that decides
 * whether a request is a BITS packet and which.
 * @see [MC-BUP] §2.2.1
 */
export function readHead(requestMethod: string, headers: HeaderLookup): Head {
  const method = methodOf(requestMethod, headers)
  // An unknown method is the web server's business, before BITS sees the request: IIS answers a
  // plain 501, no Ack (RFC 9110 §15.6.2).
  if (method === 'wrong-case') return { kind: 'other', status: 501 }
  if (method === 'other') {
    return requestMethod === 'GET' || requestMethod === 'HEAD'
      ? { kind: 'reply' }
      : { kind: 'other', status: 405 }
  }
  const type = parsePacketType(headers.get(Header.PacketType))
  const sessionId = headers.get(Header.SessionId)?.trim() || null
  const range = type === 'Fragment' ? parseContentRange(headers.get(Header.ContentRange)) : null
  return { kind: 'packet', type, sessionId, range }
}

/**
 * Reads a packet's body, paced by a fault rule if one slows or cuts it, and checks what can be
 * checked without a session, in the order of [MC-BUP] §3.2.5.2.3 (malformed → 400 first).
 *
 * @param name the remote name, already taken from the URL
 * @param pace how a fault rule reads the body; `null`: as fast as it comes
 * @param clock where a paced read waits
 */
export async function readEnvelope(
  request: Arrival,
  head: PacketHead,
  name: string,
  pace: BodyPace | null,
  clock: Clock,
): Promise<Envelope> {
  const reading = await readBody(request.body, () => request.signal(), pace, clock)
  return checkEnvelope(request.headers, head, name, reading)
}

/**
 * Checks a packet whose body was read, in the order of [MC-BUP] §3.2.5.2.3 (malformed → 400
 * first): what can be checked without a session.
 */
export function checkEnvelope(
  headers: HeaderLookup,
  head: PacketHead,
  name: string,
  { body, end }: BodyReading,
): Envelope {
  const { type, sessionId } = head
  if (end !== 'done') {
    return { kind: 'unread', end, type, sessionId, range: head.range, bodyLength: body.byteLength }
  }

  // "Every request carries BITS-Packet-Type" (§2.2.1.2); an unknown one is malformed.
  if (type === null) return malformed(head, body)
  const declaredLength = parseLength(headers.get(Header.ContentLength))
  if (declaredLength === 'invalid') return malformed(head, body)
  // Create-Session, Ping, Close-Session and Cancel-Session carry Content-Length: 0 (§2.2.2–§2.2.10).
  if (isBodiless(type) && (body.byteLength > 0 || (declaredLength ?? 0) > 0))
    return malformed(head, body)
  const contentName = headers.get(Header.ContentName)
  if (type === 'Create-Session') {
    const supportedProtocols = headers.get(Header.SupportedProtocols)
    return { kind: 'packet', packet: { type, sessionId, supportedProtocols, name, contentName } }
  }
  if (type === 'Ping') return { kind: 'packet', packet: { type, sessionId, name, contentName } }
  // BITS-Session-Id "MUST be present on all requests except Create-Session and Ping" (§2.2.1.2).
  if (sessionId === null) return malformed(head, body)
  if (type !== 'Fragment') {
    return { kind: 'packet', packet: { type, sessionId, name, contentName } }
  }

  const { range } = head
  if (range === null) {
    return exceedsSafeSize(headers.get(Header.ContentRange))
      ? malformed(head, body, null, WireErrors.TooLarge)
      : malformed(head, body)
  }
  // Content-Length MUST equal the range's length (§2.2.6); Fetch hosts may hide the header
  // (browsers forbid setting it), so the body's own length is checked as well.
  const length = rangeLength(range)
  if ((declaredLength !== null && declaredLength !== length) || body.byteLength !== length) {
    return malformed(head, body, range)
  }
  // "Content-Encoding: the only value supported is identity" (§2.2.6).
  const encoding = headers.get(Header.ContentEncoding)
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity')
    return malformed(head, body, range)
  return { kind: 'packet', packet: { type, sessionId, range, body, name, contentName } }
}

/** A malformed packet's envelope: answer `error`. */
function malformed(
  { type, sessionId }: PacketHead,
  body: Body,
  range: ByteRange | null = null,
  error: WireError = WireErrors.InvalidArgument,
): Envelope {
  return { kind: 'malformed', error, type, sessionId, range, bodyLength: body.byteLength }
}

function parseLength(value: string | null): number | null | 'invalid' {
  if (value === null) return null
  return /^\s*\d+\s*$/.test(value) ? Number(value) : 'invalid'
}
