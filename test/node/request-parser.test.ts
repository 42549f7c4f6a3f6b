import { HTTPParser } from 'http-parser-js'
import { describe, expect, it } from 'vitest'
import { createRequestParser, type RequestHead } from '../../src/node/http/request-parser.js'

/** Parses `bytes` (in the given pieces) and returns what the parser reported. */
function parse(...pieces: string[]) {
  const heads: RequestHead[] = []
  const bodies: string[] = []
  let completed = 0
  const parser = createRequestParser({
    onHead: (head) => {
      heads.push(head)
      bodies.push('')
    },
    onBody: (chunk) => {
      bodies[bodies.length - 1] += chunk.toString('latin1')
    },
    onMessageComplete: () => {
      completed++
    },
  })
  let error: Error | null = null
  for (const piece of pieces) {
    const result = parser.execute(Buffer.from(piece, 'latin1'))
    if (result instanceof Error) error = result
  }
  return { heads, bodies, completed, error }
}

// Pins the one override of http-parser-js msw-bits makes (its request-line step). If an upgrade
// changes the state machine this relies on, these fail before any user sees a hang.
describe('the request-line override of http-parser-js', () => {
  it('still needs overriding: the stock parser rejects BITS_POST (drop the override when this fails)', () => {
    const stock = new HTTPParser(HTTPParser.REQUEST)
    const result = stock.execute(
      Buffer.from('BITS_POST /u/a HTTP/1.1\r\nContent-Length: 0\r\n\r\n'),
    )
    expect(result).toBeInstanceOf(Error)
  })

  it('takes BITS_POST and hands over headers, body and completion', () => {
    const { heads, bodies, completed, error } = parse(
      'BITS_POST /uploads/a.bin HTTP/1.1\r\nBITS-Packet-Type: Fragment\r\nContent-Length: 5\r\n\r\nhello',
    )
    expect(error).toBeNull()
    expect(heads[0]).toMatchObject({
      method: 'BITS_POST',
      url: '/uploads/a.bin',
      versionMajor: 1,
      versionMinor: 1,
      headers: ['BITS-Packet-Type', 'Fragment', 'Content-Length', '5'],
      shouldKeepAlive: true,
    })
    expect(bodies).toEqual(['hello'])
    expect(completed).toBe(1)
  })

  it('takes any RFC 9110 token as the method, case kept, and rejects what is not a token', () => {
    expect(parse('bits_post / HTTP/1.1\r\n\r\n').heads[0]?.method).toBe('bits_post')
    expect(parse("M!#$%&'*+-.^_`|~9 / HTTP/1.1\r\n\r\n").heads[0]?.method).toBe("M!#$%&'*+-.^_`|~9")
    expect(parse('BITS POST / HTTP/1.1\r\n\r\n').error).toBeInstanceOf(Error)
    expect(parse('BITS(POST) / HTTP/1.1\r\n\r\n').error).toBeInstanceOf(Error)
    expect(parse('GET / HTTP/x\r\n\r\n').error).toBeInstanceOf(Error)
  })

  it('parses pipelined requests split at any byte, a chunked body, and HTTP/1.0 without keep-alive', () => {
    const wire =
      'BITS_POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc' +
      'BITS_POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n1\r\nf\r\n0\r\n\r\n' +
      'GET /c HTTP/1.0\r\n\r\n'
    for (let cut = 1; cut < wire.length; cut += 7) {
      const { heads, bodies, completed, error } = parse(wire.slice(0, cut), wire.slice(cut))
      expect(error).toBeNull()
      expect(heads.map((head) => head.url)).toEqual(['/a', '/b', '/c'])
      expect(bodies).toEqual(['abc', 'def', ''])
      expect(completed).toBe(3)
      expect(heads[2]?.shouldKeepAlive).toBe(false)
    }
  })

  it('ignores an empty line before a request (RFC 9112 §2.2)', () => {
    expect(parse('\r\nBITS_POST /a HTTP/1.1\r\n\r\n').heads[0]?.method).toBe('BITS_POST')
  })
})
