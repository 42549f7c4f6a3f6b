import {
  BITS_POST,
  type ByteRange,
  Header,
  isBodiless,
  needsSession,
  type PacketType,
  parseContentRange,
  parsePacketType,
  rangeLength,
  type WireError,
  WireErrors,
} from '../protocol/index.js'

/** A `BITS_POST` request decoded once: what every packet module reads. @see [MC-BUP] §2.2.1 */
export interface Packet {
  type: PacketType
  /** `BITS-Session-Id`; present on every packet that needs one. */
  sessionId: string | null
  /** Remote name: the path under `baseUrl`, percent-decoded. */
  name: string
  /** `Content-Name`, if sent. */
  contentName: string | null
  /** Create-Session's `BITS-Supported-Protocols`. */
  supportedProtocols: string | null
  /** A Fragment's `Content-Range`. */
  range: ByteRange | null
  /** The body; empty for every packet but Fragment. */
  body: Uint8Array
}

/** How the server sees a request before it processes anything. */
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
  | { kind: 'reply' }
  /** Not a BITS packet at all: answer `status`. */
  | { kind: 'other'; status: number; error?: WireError }

/** Whether the request is a `BITS_POST`, directly or through OneDrive's method override. */
function methodOf(request: Request): 'bits' | 'wrong-case' | 'other' {
  const method =
    request.method === 'POST'
      ? (request.headers.get(Header.MethodOverride) ?? 'POST')
      : request.method
  // "The method token is case-sensitive" (RFC 9110 §9.1): `bits_post` is some other method.
  if (method === BITS_POST) return 'bits'
  return method.toUpperCase() === BITS_POST ? 'wrong-case' : 'other'
}

/**
 * Reads the envelope of a request: method, packet type, session id, range, body. Checks what can
 * be checked without a session, in the order of [MC-BUP] §3.2.5.2.3 (malformed → 400 first).
 *
 * @param name the remote name, already taken from the URL
 */
export async function readEnvelope(request: Request, name: string): Promise<Envelope> {
  const method = methodOf(request)
  if (method === 'wrong-case')
    return { kind: 'other', status: 501, error: WireErrors.MethodNotImplemented }
  if (method === 'other') {
    return request.method === 'GET' || request.method === 'HEAD'
      ? { kind: 'reply' }
      : { kind: 'other', status: 405 }
  }

  const body = new Uint8Array(await request.arrayBuffer())
  const rawType = request.headers.get(Header.PacketType)
  const type = parsePacketType(rawType)
  const sessionId = request.headers.get(Header.SessionId)?.trim() || null
  const malformed = (range: ByteRange | null = null): Envelope => ({
    kind: 'malformed',
    error: WireErrors.InvalidArgument,
    type,
    sessionId,
    range,
    bodyLength: body.byteLength,
  })

  // "Every request carries BITS-Packet-Type" (§2.2.1.2); an unknown one is malformed.
  if (type === null) return malformed()
  const declaredLength = parseLength(request.headers.get(Header.ContentLength))
  if (declaredLength === 'invalid') return malformed()
  // Create-Session, Ping, Close-Session and Cancel-Session carry Content-Length: 0 (§2.2.2–§2.2.10).
  if (isBodiless(type) && (body.byteLength > 0 || (declaredLength ?? 0) > 0)) return malformed()
  // BITS-Session-Id "MUST be present on all requests except Create-Session and Ping" (§2.2.1.2).
  if (needsSession(type) && sessionId === null) return malformed()

  let range: ByteRange | null = null
  if (type === 'Fragment') {
    range = parseContentRange(request.headers.get(Header.ContentRange))
    // Content-Length MUST equal the range's length (§2.2.6); Fetch hosts may hide the header
    // (browsers forbid setting it), so the body's own length is checked as well.
    if (range === null) return malformed()
    const length = rangeLength(range)
    if ((declaredLength !== null && declaredLength !== length) || body.byteLength !== length) {
      return malformed(range)
    }
    // "Content-Encoding: the only value supported is identity" (§2.2.6).
    const encoding = request.headers.get(Header.ContentEncoding)
    if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return malformed(range)
  }

  return {
    kind: 'packet',
    packet: {
      type,
      sessionId,
      name,
      contentName: request.headers.get(Header.ContentName),
      supportedProtocols: request.headers.get(Header.SupportedProtocols),
      range,
      body,
    },
  }
}

function parseLength(value: string | null): number | null | 'invalid' {
  if (value === null) return null
  return /^\s*\d+\s*$/.test(value) ? Number(value) : 'invalid'
}
