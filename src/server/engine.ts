import { FaultEngine, type FaultsApi } from '../faults/fault-engine.js'
import type { PacketChange } from '../faults/fault-subject.js'
import { Journal, type JournalEntry } from '../journal/index.js'
import { write } from '../journal/journal.js'
import { BITS_POST, Header, parseHex, WireErrors } from '../protocol/index.js'
import { type Envelope, readEnvelope } from './envelope.js'
import { type BitsServerOptions, type ResolvedOptions, resolveOptions } from './options.js'
import { PACKET_MODULES } from './packets/index.js'
import { type ServerContext, serverAck, sessionAck } from './server-context.js'
import { type SessionsView, SessionTable } from './session-table.js'
import { serveReply } from './upload-reply.js'
import { UploadRegistry, type UploadsView } from './uploads.js'

/** The emulated server without any host: a Fetch `Request` in, a Fetch `Response` out. */
export interface BitsEngine {
  /**
   * Answers one request as the BITS server would: a packet's Ack, a reply download, or 404/405/501
   * for what is not BITS. Never throws for bad input.
   */
  handle(request: Request): Promise<Response>
  /** Completed uploads by remote name. */
  readonly uploads: UploadsView
  /** Live sessions. */
  readonly sessions: SessionsView
  /** Every request and its answer. */
  readonly journal: Journal
  /** The fault plan: `use`, `add`, `clear`, `pending`. */
  readonly faults: FaultsApi
  /** Forgets sessions, uploads and the journal, as a new server. */
  reset(): void
  /** The options in force, defaults filled in. */
  readonly options: Readonly<ResolvedOptions>
}

/** Creates the engine; {@link createBitsServer} wraps it with MSW handlers. */
export function createBitsEngine(input: BitsServerOptions): BitsEngine {
  const options = resolveOptions(input)
  const sessions = new SessionTable(
    options.store,
    options.clock,
    options.sessionTimeout * 1000,
    options.seed,
  )
  const uploads = new UploadRegistry()
  const journal = new Journal(options.seed, options.seed, options.journalLimit)
  const server: ServerContext = { options, sessions, uploads }
  const faults = new FaultEngine({
    seed: options.seed,
    clock: options.clock,
    errorHeaders: options.errorHeaders,
    initial: options.faults,
    control: {
      expireSession: (id) => sessions.delete(id),
      restart: () => sessions.clear(),
    },
    onSeed: (seed) => {
      journal.seed = seed
    },
  })

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const entry = openEntry(request)
    journal[write].add(entry)
    const name = remoteName(url, options.base.pathname)
    const envelope: Envelope =
      name === null ? { kind: 'other', status: 404 } : await readEnvelope(request, name)
    describe(entry, envelope)
    journal[write].update(entry)
    const subject = {
      kind: entry.kind,
      packet: entry.packet,
      name: name ?? '',
      sessionId: entry.sessionId,
      sessionOrdinal: entry.sessionId === null ? undefined : sessions.ordinalOf(entry.sessionId),
      range: entry.range,
    }
    const response = await faults.run(
      subject,
      async (change) => answer(applyChange(envelope, change), request, url.origin),
      (fault) => {
        entry.fault = fault
      },
    )
    record(entry, response)
    journal[write].update(entry)
    return response
  }

  function answer(
    envelope: Envelope,
    request: Request,
    origin: string,
  ): Response | Promise<Response> {
    switch (envelope.kind) {
      case 'reply':
        return serveReply(request, server)
      case 'other': {
        if (envelope.error) return serverAck(server, { error: envelope.error })
        // Not BITS: 404 outside baseUrl, 405 for another method, which "MUST" name the allowed
        // ones in Allow (RFC 9110 §15.5.6).
        const headers: Record<string, string> = { [Header.ContentLength]: '0' }
        if (envelope.status === 405) headers.Allow = BITS_POST
        return new Response(null, { status: envelope.status, headers })
      }
      case 'malformed': {
        const { error, sessionId } = envelope
        return sessionId ? sessionAck(server, sessionId, { error }) : serverAck(server, { error })
      }
      case 'packet': {
        const { packet } = envelope
        // BITSUploadEnabled off: every packet is refused, but Ping "MUST" still get 200 (§3.2.5.2.5).
        if (!options.uploadEnabled && packet.type !== 'Ping') {
          return serverAck(server, { error: WireErrors.UploadsDisabled })
        }
        return PACKET_MODULES[packet.type](packet, server, origin)
      }
    }
  }

  function openEntry(request: Request): JournalEntry {
    return {
      seq: 0, // numbered by the journal, which goes on counting past dropped entries
      time: options.clock.now(),
      answeredAt: null,
      method: request.method,
      url: request.url,
      kind: 'other',
      packet: null,
      sessionId: null,
      range: null,
      bodyLength: 0,
      status: null,
      errorCode: null,
      errorContext: null,
      receivedRange: null,
      replyUrl: null,
      fault: null,
    }
  }

  function record(entry: JournalEntry, response: Response): void {
    entry.answeredAt = options.clock.now()
    if (response.type === 'error') return
    const headers = response.headers
    entry.status = response.status
    entry.sessionId ??= headers.get(Header.SessionId)
    entry.errorCode = parseHex(headers.get(Header.ErrorCode) ?? headers.get(Header.Error))
    entry.errorContext = parseHex(headers.get(Header.ErrorContext))
    const received = headers.get(Header.ReceivedContentRange)
    entry.receivedRange = received === null ? null : Number(received)
    entry.replyUrl = headers.get(Header.ReplyUrl)
  }

  return {
    handle,
    uploads,
    sessions,
    journal,
    faults,
    options,
    reset() {
      sessions.reset()
      uploads.clear()
      journal[write].clear()
      faults.reset()
    },
  }
}

function describe(entry: JournalEntry, envelope: Envelope): void {
  entry.kind = envelope.kind === 'malformed' ? 'packet' : envelope.kind
  if (envelope.kind === 'packet') {
    const { packet } = envelope
    entry.packet = packet.type
    entry.sessionId = packet.sessionId
    entry.range = packet.range
    entry.bodyLength = packet.body.byteLength
  } else if (envelope.kind === 'malformed') {
    entry.packet = envelope.type
    entry.sessionId = envelope.sessionId
    entry.range = envelope.range
    entry.bodyLength = envelope.bodyLength
  }
}

/** A fault rule's `acceptBytes`: the server sees only the first N bytes of the fragment. */
function applyChange(envelope: Envelope, change: PacketChange | undefined): Envelope {
  const accept = change?.acceptBytes
  if (accept === undefined || envelope.kind !== 'packet' || envelope.packet.range === null)
    return envelope
  const { packet } = envelope
  const range = packet.range!
  if (accept >= packet.body.byteLength) return envelope
  return {
    kind: 'packet',
    packet: {
      ...packet,
      range: { ...range, last: range.first + accept - 1 },
      body: packet.body.subarray(0, accept),
    },
  }
}

/** The path under the base path, percent-decoded; `null` when the URL is outside it or undecodable. */
function remoteName(url: URL, basePath: string): string | null {
  const path = url.pathname
  if (path !== basePath && !path.startsWith(`${basePath}/`)) return null
  try {
    return decodeURIComponent(path.slice(basePath.length + 1))
  } catch {
    return null
  }
}
