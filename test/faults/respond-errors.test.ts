// Every way a plan may write respond.error and respond.context, as the client reads them in the
// Ack (issue 21: compile-rule.ts's toHResult and toContext).
import { describe, expect, it } from 'vitest'
import type { FaultRule } from '../../src/index.js'
import { useBitsServer } from '../support/msw.js'
import { bitsPost } from '../support/packets.js'

const { start } = useBitsServer()

type Respond = NonNullable<FaultRule['respond']>

const CASES: [Respond, string | null, string | null][] = [
  // A bare status: no BITS error headers, the client derives BG_E_HTTP_ERROR_<status>.
  [{ status: 503 }, null, null],
  // An error without a context is the server's own: REMOTE_FILE (0x5).
  [{ status: 500, error: 'E_FAIL' }, '0x80004005', '0x5'],
  [{ status: 500, error: 'BG_E_HTTP_ERROR_503' }, '0x801901F7', '0x5'],
  [{ status: 500, error: '0x80070112' }, '0x80070112', '0x5'],
  [{ status: 500, error: 0x8020001f }, '0x8020001F', '0x5'],
  // A signed 32-bit HRESULT, as C# and PowerShell print it.
  [{ status: 500, error: -2145386465 }, '0x8020001F', '0x5'],
  // A context without an error: BG_E_HTTP_ERROR_<status> from that party.
  [{ status: 503, context: 'remote-application' }, '0x801901F7', '0x7'],
  [{ status: 500, error: 'E_FAIL', context: 7 }, '0x80004005', '0x7'],
  [{ status: 500, error: 'E_FAIL', context: '0x6' }, '0x80004005', '0x6'],
  [{ status: 500, error: 'E_FAIL', context: 'general-transport' }, '0x80004005', '0x6'],
]

describe('respond.error and respond.context on the wire', () => {
  it.each(CASES)(
    '%j → BITS-Error-Code %s, BITS-Error-Context %s',
    async (respond, code, context) => {
      start({ faults: { rules: [{ packet: 'Ping', respond }] } })
      const answer = await bitsPost({ type: 'Ping' })
      expect([
        answer.status,
        answer.headers.get('BITS-Error-Code'),
        answer.headers.get('BITS-Error-Context'),
      ]).toEqual([respond.status, code, context])
    },
  )
})
