/** One hostile request: its bytes (latin1) and what HTTP requires of the answer. */
export interface MalformedCase {
  name: string
  bytes: string
  /** The status the server answers before it closes the connection. */
  status: 400 | 501
}

const HOST = 'Host: 127.0.0.1\r\n'
const PING = `BITS-Packet-Type: Ping\r\n`
const target = '/uploads/hostile.bin'
const line = `BITS_POST ${target} HTTP/1.1\r\n`

/**
 * Malformed HTTP/1.1 that every server must refuse without serving it, and after which it must
 * close the connection (the framing is lost): RFC 9112 §2.2, §3, §5, §6.1, §6.3, §7.1.
 */
export const MALFORMED: readonly MalformedCase[] = [
  {
    name: 'request line with an extra word',
    bytes: `BITS_POST ${target} HTTP/1.1 x\r\n${HOST}\r\n`,
    status: 400,
  },
  {
    name: 'request line without a version',
    bytes: `BITS_POST ${target}\r\n${HOST}\r\n`,
    status: 400,
  },
  {
    name: 'space inside the method',
    bytes: `BITS POST ${target} HTTP/1.1\r\n${HOST}\r\n`,
    status: 400,
  },
  {
    name: 'raw non-ASCII byte in the target',
    bytes: `BITS_POST /uploads/\xff.bin HTTP/1.1\r\n${HOST}${PING}Content-Length: 0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'header line without a colon',
    bytes: `${line}${HOST}BITS-Packet-Type Ping\r\nContent-Length: 0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'space before the colon',
    bytes: `${line}${HOST}${PING}Content-Length : 0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'obs-fold continuation line',
    bytes: `${line}${HOST}${PING}X-Note: a\r\n  folded\r\nContent-Length: 0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'NUL in a header value',
    bytes: `${line}${HOST}${PING}X-Note: a\x00b\r\nContent-Length: 0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'bare CR in a header line',
    bytes: `${line}${HOST}${PING}X-Note: a\rb\r\nContent-Length: 0\r\n\r\n`,
    status: 400,
  },
  // Node's 'ascii' decoding clears the high bit: this would read as Content-Length.
  {
    name: 'non-UTF-8 byte in a header name (Content-Lengt\\xE8)',
    bytes: `${line}${HOST}${PING}Content-Lengt\xe8: 5\r\nContent-Length: 0\r\n\r\nhello`,
    status: 400,
  },
  {
    name: 'invalid UTF-8 in a header name',
    bytes: `${line}${HOST}${PING}X-\xc3\x28: 1\r\nContent-Length: 0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'headers over maxRequestBytes (16 KiB)',
    bytes: `${line}${HOST}${PING}X-Big: ${'a'.repeat(20_000)}\r\nContent-Length: 0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'many small headers over maxRequestBytes',
    bytes: `${line}${HOST}${PING}${'X-A: 1\r\n'.repeat(3000)}Content-Length: 0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'two Host headers',
    bytes: `${line}${HOST}Host: evil.example\r\n${PING}Content-Length: 0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'conflicting duplicate Content-Length',
    bytes: `${line}${HOST}${PING}Content-Length: 0\r\nContent-Length: 5\r\n\r\nhello`,
    status: 400,
  },
  {
    name: 'conflicting Content-Length list',
    bytes: `${line}${HOST}${PING}Content-Length: 0, 5\r\n\r\nhello`,
    status: 400,
  },
  {
    name: 'Content-Length with a sign',
    bytes: `${line}${HOST}${PING}Content-Length: +0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'Content-Length in hex',
    bytes: `${line}${HOST}${PING}Content-Length: 0x0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'negative Content-Length',
    bytes: `${line}${HOST}${PING}Content-Length: -1\r\n\r\n`,
    status: 400,
  },
  {
    name: 'Content-Length with Transfer-Encoding (smuggling)',
    bytes: `${line}${HOST}${PING}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${line}${HOST}${PING}Content-Length: 0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'Transfer-Encoding with another coding first',
    bytes: `${line}${HOST}${PING}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`,
    status: 501,
  },
  {
    name: 'chunked not the final coding',
    bytes: `${line}${HOST}${PING}Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'chunked applied twice',
    bytes: `${line}${HOST}${PING}Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'Transfer-Encoding in HTTP/1.0',
    bytes: `BITS_POST ${target} HTTP/1.0\r\n${HOST}${PING}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'chunk size not hex (would end the body early)',
    bytes: `${line}${HOST}${PING}Transfer-Encoding: chunked\r\n\r\nzz\r\n${line}${HOST}${PING}Content-Length: 0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'negative chunk size',
    bytes: `${line}${HOST}${PING}Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n`,
    status: 400,
  },
  {
    name: 'chunk size beyond 2^48',
    bytes: `${line}${HOST}${PING}Transfer-Encoding: chunked\r\n\r\n1${'0'.repeat(16)}\r\n`,
    status: 400,
  },
  {
    name: 'chunk data longer than its size',
    bytes: `${line}${HOST}${PING}Transfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n`,
    status: 400,
  },
]
