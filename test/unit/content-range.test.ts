import { describe, expect, it } from 'vitest'
import {
  formatContentRange,
  parseContentRange,
  rangeLength,
} from '../../src/protocol/content-range.js'

describe('Content-Range: bytes <first>-<last>/<total> ([MC-BUP] §2.2.6)', () => {
  it.each([
    ['bytes 0-4891/4892', { first: 0, last: 4891, total: 4892 }],
    ['bytes 128-212/213', { first: 128, last: 212, total: 213 }],
    ['bytes 0-0/1', { first: 0, last: 0, total: 1 }],
    ['BYTES 5-9/10', { first: 5, last: 9, total: 10 }],
    ['  bytes   5-9/10  ', { first: 5, last: 9, total: 10 }],
    [
      'bytes 9007199254740990-9007199254740990/9007199254740991',
      {
        first: 9007199254740990,
        last: 9007199254740990,
        total: 9007199254740991,
      },
    ],
  ])('parses %j', (value, range) => {
    expect(parseContentRange(value)).toEqual(range)
  })

  it.each<[string | null, string?]>([
    [null],
    [''],
    ['bytes 0-9'],
    ['bytes 0-9/*'],
    ['bytes */10'],
    ['bytes=0-9/10'],
    ['bytes 9-0/10', 'last < first'],
    ['bytes 0-10/10', 'last >= total'],
    ['bytes -1-9/10'],
    ['bytes 0x0-0x9/10'],
    ['bytes 1.5-9/10'],
    ['items 0-9/10'],
    ['xbytes 0-9/10', 'text before the unit'],
    ['bytes 0-9/10, bytes 10-19/20'],
    ['bytes 0-99999999999999999999/100000000000000000000', 'beyond safe integers'],
  ])('rejects %j (400 E_INVALIDARG, §3.2.5.2.6)', (value) => {
    expect(parseContentRange(value)).toBeNull()
  })

  it('formats and measures a range', () => {
    const range = { first: 128, last: 212, total: 213 }
    expect(formatContentRange(range)).toBe('bytes 128-212/213')
    expect(rangeLength(range)).toBe(85)
    expect(parseContentRange(formatContentRange(range))).toEqual(range)
  })
})
