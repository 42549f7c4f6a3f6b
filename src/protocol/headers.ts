/**
 * Header names of the BITS Upload Protocol, as the Win32 pages spell them.
 * HTTP header names are case-insensitive; these spellings are what msw-bits writes.
 *
 * @see [MC-BUP] §2.2.1 (BITS headers), W32: "BITS upload protocol"
 * @example
 *   import { BITS_POST, Header } from 'msw-bits'
 *
 *   const ack = await fetch('https://bits.example.test/uploads/crash.dmp', {
 *     method: BITS_POST,
 *     headers: { [Header.PacketType]: 'Ping' },
 *   })
 *   ack.headers.get(Header.PacketType) // 'Ack'
 */
export const Header = {
  PacketType: 'BITS-Packet-Type',
  SessionId: 'BITS-Session-Id',
  SupportedProtocols: 'BITS-Supported-Protocols',
  Protocol: 'BITS-Protocol',
  ReceivedContentRange: 'BITS-Received-Content-Range',
  ReplyUrl: 'BITS-Reply-URL',
  HostId: 'BITS-Host-Id',
  HostIdFallbackTimeout: 'BITS-Host-Id-Fallback-Timeout',
  /** The Win32 name of the error header; Windows Server 2003 IIS sent {@link Header.Error} instead. */
  ErrorCode: 'BITS-Error-Code',
  /** The spec's name of the error header. @see [MC-BUP] §2.2.1.2 */
  Error: 'BITS-Error',
  ErrorContext: 'BITS-Error-Context',
  ContentName: 'Content-Name',
  ContentRange: 'Content-Range',
  ContentLength: 'Content-Length',
  ContentEncoding: 'Content-Encoding',
  AcceptEncoding: 'Accept-Encoding',
  /** The client's credentials (`Basic <base64>`). @see RFC 9110 §11.6.2, RFC 7617 §2 */
  Authorization: 'Authorization',
  /** The challenge of a 401: `Basic realm="…"`. @see RFC 9110 §11.6.1, RFC 7617 §2 */
  WwwAuthenticate: 'WWW-Authenticate',
  /** OneDrive's dialect: plain `POST` carrying the real method here. */
  MethodOverride: 'X-Http-Method-Override',
  /** OneDrive: the id of the item a Close-Session committed. */
  ResourceId: 'X-Resource-Id',
} as const

/**
 * The request method of every BITS packet; case-sensitive per RFC 9110 §9.1.
 * @see [MC-BUP] §2.2.1
 * @example
 *   import { BITS_POST } from 'msw-bits'
 *
 *   await fetch(url, { method: BITS_POST, headers: { 'BITS-Packet-Type': 'Ping' } })
 */
export const BITS_POST = 'BITS_POST'
