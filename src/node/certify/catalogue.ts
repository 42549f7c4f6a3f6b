// The certify catalogue: numbered scenarios in groups, as Autobahn|Testsuite numbers its cases.
// Data only. Fragment faults match by `offset` (the fragment holding that byte), never by count,
// so a scenario means the same for a client sending 64 KiB fragments and one sending 8 MiB.
import type { FaultRule } from '../../faults/index.js'
import type { Scenario } from './report-types.js'

const KiB = 1024
const MiB = 1024 * KiB

const notFound = { status: 500, error: 'BG_E_SESSION_NOT_FOUND', context: 'remote-file' } as const
const lostAck = { timing: 'after', effect: 'network-error' } as const

/** A recover scenario on a `size`-byte payload named after its id. */
function recover(
  id: string,
  title: string,
  section: string,
  spec: string,
  rules: FaultRule[],
  size = 64 * KiB,
  extra: Partial<Scenario> = {},
): Scenario {
  return base(id, title, section, spec, rules, size, 'recover', extra)
}

/** A give-up scenario: the client must stop, exit non-zero, and resend nothing forbidden. */
function giveUp(
  id: string,
  title: string,
  section: string,
  spec: string,
  rules: FaultRule[],
  extra: Partial<Scenario> = {},
): Scenario {
  return base(id, title, section, spec, rules, 16 * KiB, 'give-up', extra)
}

function base(
  id: string,
  title: string,
  section: string,
  spec: string,
  rules: FaultRule[],
  size: number,
  expect: Scenario['expect'],
  extra: Partial<Scenario>,
): Scenario {
  const seed = id.split('.').reduce((sum, part) => sum * 100 + Number(part), 0)
  const name = `scenario-${id.replace('.', '-')}.bin`
  return {
    id,
    title,
    section,
    spec,
    plan: { rules },
    payload: { size, seed, name },
    expect,
    ...extra,
  }
}

const SPEC = {
  fragment:
    'The client sends fragments in order; after each Ack the next fragment starts at BITS-Received-Content-Range.',
  resync:
    'A 416 is a normal resync, not a failure: the client resumes from BITS-Received-Content-Range.',
  transient:
    'A 5xx answer is transient: the client resends the packet after a back-off (Close-Session and Cancel-Session only on 500–599).',
  restart:
    'On BG_E_SESSION_NOT_FOUND for any packet but Cancel-Session the client starts over with Create-Session and re-uploads from byte 0.',
  fatal: 'A 4xx answer with context 0x5 is fatal: the client stops and never resends the packet.',
  application:
    'Context 0x7: 3xx transient except 300–305 and 307; 4xx fatal except 408 and 409; 5xx transient except 501 and 505.',
  lostAck:
    'The server processed the packet but its Ack was lost: the client resends it and resumes from the Ack it then gets.',
  transport:
    'A request without an answer (reset, cut, garbage, silence) is a transient failure: the client reconnects and resends.',
} as const

const CLEAN = '[MC-BUP] §4.1'
const FRAGMENT = '[MC-BUP] §3.2.5.2.6'
const CLIENT = '[MC-BUP] §3.1.5'
const APPLICATION = 'W32: Handling Server Application Errors'

const clean: Scenario[] = [
  recover(
    '1.1',
    'Empty file (0 B)',
    '[MC-BUP] §2.2.6',
    'A Content-Range cannot describe 0 bytes: an empty file is Create-Session then Close-Session.',
    [],
    0,
  ),
  recover('1.2', 'One byte', CLEAN, SPEC.fragment, [], 1),
  recover('1.3', 'One fragment (4 KiB)', CLEAN, SPEC.fragment, [], 4 * KiB),
  recover('1.4', 'Many fragments (3 MiB + 17 B)', CLEAN, SPEC.fragment, [], 3 * MiB + 17),
  recover('1.5', 'A 64 MiB file', CLEAN, SPEC.fragment, [], 64 * MiB, { timeoutSeconds: 120 }),
]

const resync: Scenario[] = [
  recover('2.1', '416 with BITS-Received-Content-Range', FRAGMENT, SPEC.resync, [
    {
      packet: 'Fragment',
      offset: 0,
      acceptBytes: 1000,
      timing: 'after',
      respond: { status: 416, headers: { 'BITS-Received-Content-Range': '1000' } },
    },
  ]),
  recover('2.2', 'Short Ack: the server keeps 1000 bytes', FRAGMENT, SPEC.fragment, [
    { packet: 'Fragment', offset: 0, acceptBytes: 1000 },
  ]),
  recover(
    '2.3',
    'Overlap: a 416 rewinds into bytes the server has',
    FRAGMENT,
    'A fragment overlapping bytes already received: the server writes only the new part and answers 200.',
    [
      {
        packet: 'Fragment',
        offset: 'last',
        timing: 'after',
        respond: { status: 416, headers: { 'BITS-Received-Content-Range': '0' } },
      },
    ],
  ),
  recover(
    '2.4',
    'Short Ack of the last fragment',
    FRAGMENT,
    SPEC.fragment,
    [{ packet: 'Fragment', offset: 'last', acceptBytes: 10 }],
    200 * KiB,
  ),
]

const bursts: Scenario[] = [
  recover('3.1', 'Create-Session 503 ×3', CLIENT, SPEC.transient, [
    { packet: 'Create-Session', times: 3, respond: { status: 503 } },
  ]),
  recover('3.2', 'Fragment 503 ×3', CLIENT, SPEC.transient, [
    { packet: 'Fragment', offset: 0, times: 3, respond: { status: 503 } },
  ]),
  recover('3.3', 'Close-Session 503 ×2', '[MC-BUP] §3.1.5.1.5', SPEC.transient, [
    { packet: 'Close-Session', times: 2, respond: { status: 503 } },
  ]),
  recover('3.4', 'Create-Session 502 from a proxy ×2', CLIENT, SPEC.transient, [
    { packet: 'Create-Session', times: 2, respond: { status: 502, from: 'intermediary' } },
  ]),
  recover('3.5', 'Fragment 503 from a load balancer ×2', CLIENT, SPEC.transient, [
    {
      packet: 'Fragment',
      offset: 'last',
      times: 2,
      respond: { status: 503, from: 'intermediary' },
    },
  ]),
  recover('3.6', 'Close-Session 504 from a proxy ×2', '[MC-BUP] §3.1.5.1.5', SPEC.transient, [
    { packet: 'Close-Session', times: 2, respond: { status: 504, from: 'intermediary' } },
  ]),
  recover('3.7', 'Fragment 500 E_DISK_FULL (0x5)', CLIENT, SPEC.transient, [
    {
      packet: 'Fragment',
      offset: 0,
      respond: { status: 500, error: 'E_DISK_FULL', context: 'remote-file' },
    },
  ]),
]

const lostSessions: Scenario[] = [
  recover(
    '4.1',
    'BG_E_SESSION_NOT_FOUND on a Fragment',
    CLIENT,
    SPEC.restart,
    [{ packet: 'Fragment', offset: 'last', respond: notFound }],
    200 * KiB,
  ),
  recover('4.2', 'BG_E_SESSION_NOT_FOUND on Close-Session', CLIENT, SPEC.restart, [
    { packet: 'Close-Session', respond: notFound },
  ]),
  recover(
    '4.3',
    'Session expired mid-upload',
    '[MC-BUP] §3.2.7',
    SPEC.restart,
    [{ packet: 'Fragment', offset: 'last', effect: 'expire-session' }],
    200 * KiB,
  ),
  recover('4.4', 'Server restart before Close-Session', '[MC-BUP] §3.2.7', SPEC.restart, [
    { packet: 'Close-Session', effect: 'restart' },
  ]),
]

const contexts: Scenario[] = [
  giveUp('5.1', 'Create-Session 403 E_ACCESSDENIED (0x5)', '[MC-BUP] §3.2.5.2.3', SPEC.fatal, [
    {
      packet: 'Create-Session',
      respond: { status: 403, error: 'E_ACCESSDENIED', context: 'remote-file' },
    },
  ]),
  giveUp('5.2', 'Fragment 400 E_INVALIDARG (0x5)', FRAGMENT, SPEC.fatal, [
    {
      packet: 'Fragment',
      offset: 0,
      respond: { status: 400, error: 'E_INVALIDARG', context: 'remote-file' },
    },
  ]),
  giveUp(
    '5.3',
    'Close-Session 404 (0x5)',
    '[MC-BUP] §3.1.5.1.5',
    'Close-Session is resent on 500–599 only, never on 100–499.',
    [
      {
        packet: 'Close-Session',
        respond: { status: 404, error: 'BG_E_HTTP_ERROR_404', context: 'remote-file' },
      },
    ],
  ),
  recover('5.4', 'Fragment 503 from the application (0x7)', APPLICATION, SPEC.application, [
    { packet: 'Fragment', offset: 'last', respond: { status: 503, context: 'remote-application' } },
  ]),
  recover('5.5', 'Fragment 409 from the application (0x7)', APPLICATION, SPEC.application, [
    { packet: 'Fragment', offset: 'last', respond: { status: 409, context: 'remote-application' } },
  ]),
  recover('5.6', 'Fragment 408 from the application (0x7)', APPLICATION, SPEC.application, [
    { packet: 'Fragment', offset: 0, respond: { status: 408, context: 'remote-application' } },
  ]),
  giveUp('5.7', 'Fragment 404 from the application (0x7)', APPLICATION, SPEC.application, [
    { packet: 'Fragment', offset: 0, respond: { status: 404, context: 'remote-application' } },
  ]),
  giveUp('5.8', 'Fragment 501 from the application (0x7)', APPLICATION, SPEC.application, [
    { packet: 'Fragment', offset: 0, respond: { status: 501, context: 'remote-application' } },
  ]),
  giveUp('5.9', 'Fragment 307 from the application (0x7)', APPLICATION, SPEC.application, [
    { packet: 'Fragment', offset: 0, respond: { status: 307, context: 'remote-application' } },
  ]),
]

const lostAcks: Scenario[] = [
  recover('6.1', 'Lost Ack of Create-Session', CLIENT, SPEC.lostAck, [
    { packet: 'Create-Session', ...lostAck },
  ]),
  recover(
    '6.2',
    'Lost Ack of the first fragment',
    FRAGMENT,
    SPEC.lostAck,
    [{ packet: 'Fragment', offset: 0, ...lostAck }],
    200 * KiB,
  ),
  recover(
    '6.3',
    'Lost Ack of the last fragment',
    FRAGMENT,
    SPEC.lostAck,
    [{ packet: 'Fragment', offset: 'last', ...lostAck }],
    200 * KiB,
  ),
  recover('6.4', 'Fragment processed, then 503', FRAGMENT, SPEC.lostAck, [
    { packet: 'Fragment', offset: 'last', timing: 'after', respond: { status: 503 } },
  ]),
  recover('6.5', 'Lost Ack of Close-Session', '[MC-BUP] §3.2.5.2.7', SPEC.lostAck, [
    { packet: 'Close-Session', ...lostAck },
  ]),
]

const transport: Scenario[] = [
  recover('7.1', 'Connection reset on a Fragment', CLIENT, SPEC.transport, [
    { packet: 'Fragment', offset: 0, effect: 'reset' },
  ]),
  recover('7.2', 'Reset after 1000 body bytes', CLIENT, SPEC.transport, [
    { packet: 'Fragment', offset: 0, effect: 'reset', afterBytes: 1000 },
  ]),
  recover('7.3', 'Truncated Ack', CLIENT, SPEC.transport, [
    { packet: 'Fragment', offset: 'last', effect: 'truncate' },
  ]),
  recover('7.4', 'Garbage instead of an Ack', CLIENT, SPEC.transport, [
    { packet: 'Fragment', offset: 'last', effect: 'garbage' },
  ]),
  recover(
    '7.5',
    'No answer (hang) on a Fragment',
    CLIENT,
    'A request that never gets an answer must time out; the client resends it on a new connection.',
    [{ packet: 'Fragment', offset: 0, effect: 'hang' }],
  ),
  recover(
    '7.6',
    'Body stalled after 4 KiB',
    CLIENT,
    'A request that never gets an answer must time out; the client resends it on a new connection.',
    [{ packet: 'Fragment', offset: 0, effect: 'stall', afterBytes: 4 * KiB }],
  ),
  recover(
    '7.7',
    'Slow link (256 KiB/s)',
    CLIENT,
    'A slow upload still progresses: the client must not give up on a server that reads slowly.',
    [{ packet: 'Fragment', offset: 0, effect: 'bandwidth', bytesPerSecond: 256 * KiB }],
    256 * KiB,
  ),
  recover('7.8', 'Slow close after Create-Session', CLIENT, SPEC.transport, [
    { packet: 'Create-Session', effect: 'slow-close', durationMs: 500 },
  ]),
  recover('7.9', 'Connection reset on Close-Session', '[MC-BUP] §3.1.5.1.5', SPEC.transport, [
    { packet: 'Close-Session', effect: 'reset' },
  ]),
]

const limits: Scenario[] = [
  recover(
    '8.1',
    '413 from maxFragmentSize (16 KiB)',
    FRAGMENT,
    'A fragment larger than the server accepts gets 413: the client resends smaller fragments.',
    [],
    48 * KiB,
    { server: { maxFragmentSize: 16 * KiB } },
  ),
  giveUp(
    '8.2',
    'BG_E_TOO_LARGE (BITSMaximumUploadSize 1 KiB)',
    FRAGMENT,
    'An upload larger than the maximum upload size gets 500 BG_E_TOO_LARGE (0x5): fatal.',
    [],
    { server: { maxUploadSize: KiB } },
  ),
  giveUp(
    '8.3',
    'Overwrites off: 403 on an existing name',
    '[MC-BUP] §3.2.5.2.4',
    'The destination exists and may not be overwritten: 403 E_ACCESSDENIED, fatal.',
    [],
    { server: { allowOverwrites: false, preexisting: true } },
  ),
  giveUp(
    '8.4',
    'Uploads disabled: 501',
    'W32: BITS IIS Extension Properties',
    'BITSUploadEnabled false: every packet gets 501 E_ACCESSDENIED, fatal.',
    [],
    { server: { uploadEnabled: false } },
  ),
]

const AUTH = { username: 'uploader', password: 's3cret', realm: 'certify' }

const others: Scenario[] = [
  recover(
    '9.1',
    'Basic challenge on Create-Session',
    'W32: BITS Authentication',
    'After a 401 with a Basic challenge the client resends with its credentials.',
    [],
    16 * KiB,
    { server: { auth: AUTH } },
  ),
  recover(
    '9.2',
    'Challenged again mid-upload',
    'W32: BITS Authentication',
    'After a 401 with a Basic challenge the client resends with its credentials.',
    [{ packet: 'Fragment', offset: 'last', effect: 'reauthenticate' }],
    16 * KiB,
    { server: { auth: AUTH } },
  ),
  recover(
    '10.1',
    'Upload-reply: download before Close-Session',
    '[MC-BUP] §3.2.5.2.6',
    'The client downloads BITS-Reply-URL before Close-Session, or the reply is lost.',
    [],
    16 * KiB,
    { server: { reply: { body: 'receipt 42' } } },
  ),
  recover(
    '10.2',
    'Reply download 503 once',
    '[MC-BUP] §3.2.5.2.6',
    'The client downloads BITS-Reply-URL before Close-Session, or the reply is lost.',
    [{ packet: 'Reply-Download', respond: { status: 503 } }],
    16 * KiB,
    { server: { reply: { body: 'receipt 43' } } },
  ),
  recover(
    '10.3',
    'Reply download reset',
    '[MC-BUP] §3.2.5.2.6',
    'The client downloads BITS-Reply-URL before Close-Session, or the reply is lost.',
    [{ packet: 'Reply-Download', effect: 'network-error' }],
    16 * KiB,
    { server: { reply: { body: 'receipt 44' } } },
  ),
  recover(
    '11.1',
    'BITS-Host-Id: send to that host',
    '[MC-BUP] §2.2.3.2',
    'After BITS-Host-Id the client Pings that host and sends every later packet of the session there.',
    [],
    16 * KiB,
    { server: { hostId: '{alias}' } },
  ),
  recover(
    '11.2',
    'BITS-Host-Id unreachable: fall back after 1 s',
    '[MC-BUP] §3.1.2.3',
    'While the host id fails, the client may fall back to the origin only after BITS-Host-Id-Fallback-Timeout seconds.',
    [{ packet: 'Ping', times: 'always', respond: { status: 503, from: 'intermediary' } }],
    16 * KiB,
    { server: { hostId: '{alias}', hostIdFallbackTimeout: 1 } },
  ),
  recover(
    '12.1',
    'OneDrive: Create-Session 201',
    'OneDrive API: Upload large files with BITS',
    'OneDrive answers Create-Session with 201 Created: a success like 200.',
    [],
    16 * KiB,
    { server: { dialect: 'onedrive' } },
  ),
  recover(
    '12.2',
    'OneDrive: Fragment 503',
    'OneDrive API: Upload large files with BITS',
    SPEC.transient,
    [{ packet: 'Fragment', offset: 0, respond: { status: 503 } }],
    16 * KiB,
    { server: { dialect: 'onedrive' } },
  ),
]

/**
 * Every scenario of `msw-bits certify`, in id order: 1.x clean uploads, 2.x resync, 3.x 5xx
 * bursts, 4.x lost sessions, 5.x error contexts, 6.x lost Acks, 7.x transport, 8.x IIS limits,
 * 9.x authentication, 10.x upload-reply, 11.x Host-Id, 12.x the OneDrive dialect.
 * @example
 *   import { CATALOGUE } from 'msw-bits/node'
 *
 *   CATALOGUE.filter((s) => s.expect === 'give-up').map((s) => s.id) // ['5.1', '5.2', …]
 * @see [MC-BUP] §3.1.5 (what the client does), DESIGN.md "Certify"
 */
export const CATALOGUE: readonly Scenario[] = Object.freeze([
  ...clean,
  ...resync,
  ...bursts,
  ...lostSessions,
  ...contexts,
  ...lostAcks,
  ...transport,
  ...limits,
  ...others,
])
