/**
 * A reference BITS upload client over `fetch`: small, sequential, and written to be read.
 *
 * It does what bits-protocol.md §4 says a conforming client does, and nothing clever besides, so
 * the msw-bits tests can upload real files through the emulated server, and authors of BITS
 * clients can see the protocol's client side in one page.
 *
 * @example
 *   const { sessionId } = await uploadBits({
 *     url: 'https://bits.example.test/uploads/crash.dmp',
 *     data: await readFile('crash.dmp'),
 *     fragmentSize: 64 * 1024,
 *   })
 * @see [MC-BUP] §3.1 (client details), §4.1 and §4.2 (the spec's example exchanges)
 */

/** The protocol GUID of BITS 1.5 upload, the only one defined. @see [MC-BUP] §1.7.1 */
const BITS_PROTOCOL_GUID = '{7df0354d-249b-430f-820d-3d2a9bef4931}'
/** BG_E_SESSION_NOT_FOUND: the server forgot the session. @see bitsmsg.h, [MC-BUP] §3.2.5.2.3 */
const SESSION_NOT_FOUND = 0x8020001f
/** BG_ERROR_CONTEXT_REMOTE_APPLICATION: the application behind the server failed. */
const CONTEXT_REMOTE_APPLICATION = 0x7
/** BG_E_TOO_LARGE: the upload exceeds the server's maximum size; resending cannot help. */
const TOO_LARGE = 0x80200020

export interface UploadOptions {
  /** The upload URL (baseUrl + remote name). */
  url: string
  /** The bytes to upload. */
  data: Uint8Array
  /** Bytes per fragment, default 65536. */
  fragmentSize?: number
  /** Never shrink below this after 413, default 5120 (Windows' 5 KB floor, [MC-BUP] §<10>). */
  minFragmentSize?: number
  /** Sent as `Content-Name` on Create-Session. */
  contentName?: string
  /** Transient failures tolerated per packet before giving up, default 8. */
  maxRetries?: number
  /** First backoff in ms, doubled each retry, capped at 8x; default 10. */
  retryDelayMs?: number
  /** Injectable clock for backoff; default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch
  /** Abort a request that gets no answer (a 'hang' fault) and treat it as transient; default none. */
  requestTimeoutMs?: number
  /**
   * Basic credentials, sent as Windows sends a job's credentials: only after a 401 challenge,
   * then on every request to that origin; a challenge to a request that carried them is answered
   * by sending them again (a transient failure). Default none: a 401 is fatal.
   */
  credentials?: { username: string; password: string }
  /** Send the credentials to a `BITS-Host-Id` host of another origin too. Default `false`. */
  credentialsToHostId?: boolean
}

export interface UploadResult {
  /** The session that finished. */
  sessionId: string
  /** Every session created, in order. */
  sessionIds: string[]
  /** The downloaded `BITS-Reply-URL` body, if any. */
  reply: Uint8Array | null
}

/** The upload failed for good: a fatal answer, or too many transient ones on one packet. */
export class BitsClientError extends Error {
  override readonly name = 'BitsClientError'
  constructor(
    message: string,
    /** HTTP status of the last answer; `null` when there was none (network error, timeout). */
    readonly status: number | null,
    /** `BITS-Error-Code` of the last answer, unsigned; `null` when absent. */
    readonly errorCode: number | null,
    /** `BITS-Error-Context` of the last answer; `null` when absent. */
    readonly errorContext: number | null,
    /** The packet that failed (`Fragment`, `Close-Session`, … or `GET reply`). */
    readonly packet: string,
  ) {
    super(message)
  }
}

/** Thrown inside the client when the server answers BG_E_SESSION_NOT_FOUND: start over. */
class SessionLost extends Error {}

interface Context
  extends Required<
    Omit<UploadOptions, 'contentName' | 'requestTimeoutMs' | 'credentials' | 'credentialsToHostId'>
  > {
  requestTimeoutMs: number | undefined
  /** `Authorization` to send, if the job has credentials. */
  authorization: string | null
  /** Origins that may get the credentials: the upload URL's, and any if `credentialsToHostId`. */
  mayAuthenticate: (origin: string) => boolean
  /** Origins that challenged once: they get the credentials on every request from then on. */
  authenticated: Set<string>
  /** Milliseconds spent in backoff so far (on the injected clock). */
  slept: number
}

interface Packet {
  /** `BITS-Packet-Type`, or `GET reply` for the reply download. */
  type: string
  url: string
  headers?: Record<string, string>
  body?: Uint8Array
  /** Non-2xx statuses the caller handles itself (Fragment: 413 and 416). */
  accept?: number[]
}

/**
 * Uploads `data` to `url` as one BITS upload job: Create-Session, Fragments, the reply (if the
 * server offers one), Close-Session. Restarts from byte 0 in a new session whenever the server
 * says BG_E_SESSION_NOT_FOUND ([MC-BUP] §3.1.5), at most `maxRetries` times.
 *
 * An empty `data` is Create-Session then Close-Session, as Windows uploads a 0-byte file: a
 * Content-Range cannot describe zero bytes (§2.2.6).
 * @throws {BitsClientError} on a fatal answer or when a packet fails `maxRetries` + 1 times.
 */
export async function uploadBits(options: UploadOptions): Promise<UploadResult> {
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
  const ctx: Context = {
    url: options.url,
    data: options.data,
    fragmentSize: options.fragmentSize ?? 65536,
    minFragmentSize: options.minFragmentSize ?? 5120,
    maxRetries: options.maxRetries ?? 8,
    retryDelayMs: options.retryDelayMs ?? 10,
    // Looked up per upload, so an MSW server started after import still intercepts it.
    fetch: options.fetch ?? globalThis.fetch,
    requestTimeoutMs: options.requestTimeoutMs,
    authorization: options.credentials
      ? `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${options.credentials.username}:${options.credentials.password}`)))}`
      : null,
    mayAuthenticate: (origin) =>
      options.credentialsToHostId === true || origin === new URL(options.url).origin,
    authenticated: new Set(),
    slept: 0,
    sleep: (ms) => {
      ctx.slept += ms
      return sleep(ms)
    },
  }
  const sessionIds: string[] = []
  for (let restarts = 0; ; restarts++) {
    try {
      const { sessionId, url } = await createSession(ctx, options.contentName)
      sessionIds.push(sessionId)
      const replyUrl = await sendFragments(ctx, url, sessionId)
      // Upload-reply: download the reply before Close-Session, or it is lost (§3.1.5, §4.2).
      const reply = replyUrl === null ? null : await downloadReply(ctx, new URL(replyUrl, url).href)
      await send(ctx, { type: 'Close-Session', url, headers: { 'BITS-Session-Id': sessionId } })
      return { sessionId, sessionIds, reply }
    } catch (error) {
      if (!(error instanceof SessionLost)) throw error
      if (restarts >= ctx.maxRetries) {
        throw new BitsClientError(
          `Failed to upload ${ctx.url}: the server lost the session ${restarts + 1} times.`,
          500,
          SESSION_NOT_FOUND,
          null,
          error.message,
        )
      }
    }
  }
}

/**
 * Create-Session, then follow `BITS-Host-Id`: Ping that host and send everything else there; if it
 * cannot be reached, wait out `BITS-Host-Id-Fallback-Timeout` seconds and use the original host
 * (absent: never fall back).
 * @see [MC-BUP] §2.2.2, §2.2.3, §3.1.5
 */
async function createSession(ctx: Context, contentName?: string) {
  const headers: Record<string, string> = { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID }
  if (contentName !== undefined) headers['Content-Name'] = contentName
  const ack = await send(ctx, { type: 'Create-Session', url: ctx.url, headers })
  const sessionId = ack.headers.get('BITS-Session-Id')
  if (!sessionId) throw clientError('Create-Session', ack, 'the Ack has no BITS-Session-Id')

  const hostId = ack.headers.get('BITS-Host-Id')
  if (!hostId) return { sessionId, url: ctx.url }
  const hostUrl = new URL(ctx.url)
  hostUrl.host = hostId
  const fallback = ack.headers.get('BITS-Host-Id-Fallback-Timeout')
  const sleptBefore = ctx.slept
  try {
    await send(ctx, { type: 'Ping', url: hostUrl.href })
    return { sessionId, url: hostUrl.href }
  } catch (error) {
    const unreachable = error instanceof BitsClientError && (error.status ?? 500) >= 500
    if (!unreachable || fallback === null) throw error
    // Wait until the fallback timeout has passed since the first attempt, then use the origin.
    await ctx.sleep(Math.max(0, Number(fallback) * 1000 - (ctx.slept - sleptBefore)))
    return { sessionId, url: ctx.url }
  }
}

/**
 * Sends the data in sequential fragments. After every Ack, 200 or 416, the next fragment starts
 * at `BITS-Received-Content-Range`; on 413 the fragment size halves (not below the floor).
 * @returns the `BITS-Reply-URL` of the last fragment's Ack, or `null`.
 * @see [MC-BUP] §2.2.6, §2.2.7, §3.1.5.1.4
 */
async function sendFragments(ctx: Context, url: string, sessionId: string) {
  const total = ctx.data.byteLength
  let offset = 0
  let size = ctx.fragmentSize
  let stalls = 0
  while (offset < total) {
    const last = Math.min(offset + size, total) - 1
    const ack = await send(ctx, {
      type: 'Fragment',
      url,
      headers: {
        'BITS-Session-Id': sessionId,
        'Content-Range': `bytes ${offset}-${last}/${total}`,
      },
      body: ctx.data.subarray(offset, last + 1),
      accept: [413, 416],
    })
    if (ack.status === 413) {
      // 413: retry smaller (W32 "Ack for Fragment"); Windows never goes below 5 KB (§<10>).
      const sent = last - offset + 1
      if (sent <= ctx.minFragmentSize) throw clientError('Fragment', ack, 'at the smallest size')
      size = Math.max(ctx.minFragmentSize, Math.floor(sent / 2))
      continue
    }
    const received = ack.headers.get('BITS-Received-Content-Range')
    const next = received === null ? last + 1 : Number(received)
    if (!Number.isSafeInteger(next) || next < 0 || next > total) {
      throw clientError('Fragment', ack, `bad BITS-Received-Content-Range "${received}"`)
    }
    // A 416 (or an Ack) that does not move forward counts as a transient failure.
    stalls = next > offset ? 0 : stalls + 1
    if (stalls > ctx.maxRetries)
      throw clientError('Fragment', ack, 'the server accepts no more bytes')
    if (stalls > 0) await ctx.sleep(backoff(ctx, stalls))
    offset = next
    if (offset === total && ack.status !== 416) return ack.headers.get('BITS-Reply-URL')
  }
  return null
}

/** GET the reply (a relative URL resolves against the upload URL), retrying 5xx and network errors. */
async function downloadReply(ctx: Context, url: string): Promise<Uint8Array> {
  const response = await send(ctx, { type: 'GET reply', url })
  return new Uint8Array(await response.arrayBuffer())
}

/**
 * Sends one packet until it gets an answer the caller can use, backing off between transient
 * failures (network error, timeout, or a status {@link classify} calls transient).
 */
async function send(ctx: Context, packet: Packet): Promise<Response> {
  for (let failures = 1; ; failures++) {
    const response = await request(ctx, packet).catch(() => null)
    if (response?.status === 401 && challenged(ctx, packet, response)) {
      // First challenge from this origin: answer it with the credentials at once.
      if (!ctx.authenticated.has(origin(packet.url))) {
        ctx.authenticated.add(origin(packet.url))
        failures--
        continue
      }
    }
    const verdict =
      response === null
        ? 'transient'
        : response.status === 401 && challenged(ctx, packet, response)
          ? 'transient'
          : classify(packet, response)
    if (verdict === 'ok') return response!
    if (verdict === 'restart') throw new SessionLost(packet.type)
    if (verdict === 'fatal') throw clientError(packet.type, response!, 'the server refused it')
    if (failures > ctx.maxRetries) {
      const reason = response === null ? 'no answer' : `status ${response.status}`
      throw clientError(packet.type, response, `${failures} transient failures, last: ${reason}`)
    }
    await ctx.sleep(backoff(ctx, failures))
  }
}

/** Whether a 401 is a Basic challenge this job can answer with its credentials. */
function challenged(ctx: Context, packet: Packet, response: Response): boolean {
  const challenge = response.headers.get('WWW-Authenticate') ?? ''
  return (
    ctx.authorization !== null &&
    /^basic\b/i.test(challenge) &&
    ctx.mayAuthenticate(origin(packet.url))
  )
}

function origin(url: string): string {
  return new URL(url).origin
}

/** One HTTP request: `BITS_POST` with an explicit Content-Length (0 without a body). */
async function request(ctx: Context, packet: Packet): Promise<Response> {
  const isReply = packet.type === 'GET reply'
  const credentials: Record<string, string> =
    ctx.authorization !== null && ctx.authenticated.has(origin(packet.url))
      ? { Authorization: ctx.authorization }
      : {}
  const headers: Record<string, string> = {
    ...(isReply ? {} : { 'BITS-Packet-Type': packet.type }),
    ...credentials,
    ...packet.headers,
    // Every request carries Content-Length, 0 for all but Fragment (§2.2.1).
    'Content-Length': String(packet.body?.byteLength ?? 0),
  }
  const abort = new AbortController()
  const timer =
    ctx.requestTimeoutMs === undefined
      ? undefined
      : setTimeout(() => abort.abort(), ctx.requestTimeoutMs)
  try {
    return await ctx.fetch(packet.url, {
      method: isReply ? 'GET' : 'BITS_POST',
      headers,
      body: packet.body as BodyInit | undefined,
      redirect: 'manual',
      signal: abort.signal,
    })
  } finally {
    clearTimeout(timer)
  }
}

/**
 * What an answer means for the client (bits-protocol.md §4):
 * - BG_E_SESSION_NOT_FOUND on any packet but Cancel-Session: start over (rule 4);
 * - Close-Session and Cancel-Session are resent on 500–599 only (rule 5);
 * - context 0x7 (server application): 3xx transient but 300–305/307, 4xx fatal but 408/409,
 *   5xx transient but 501/505 (rule 6);
 * - otherwise 5xx is transient (but 501, 505 and BG_E_TOO_LARGE) and the rest fatal.
 */
function classify(packet: Packet, response: Response): 'ok' | 'transient' | 'fatal' | 'restart' {
  const { status } = response
  if ((status >= 200 && status < 300) || packet.accept?.includes(status)) return 'ok'
  const { errorCode, errorContext } = errorHeaders(response)
  if (errorCode === SESSION_NOT_FOUND && packet.type !== 'Cancel-Session') return 'restart'
  const resendableOnlyOn5xx = packet.type === 'Close-Session' || packet.type === 'Cancel-Session'
  if (resendableOnlyOn5xx && (status < 500 || status > 599)) return 'fatal'
  if (errorContext === CONTEXT_REMOTE_APPLICATION) {
    if (status >= 300 && status < 400)
      return status <= 305 || status === 307 ? 'fatal' : 'transient'
    if (status >= 400 && status < 500)
      return status === 408 || status === 409 ? 'transient' : 'fatal'
    return status === 501 || status === 505 ? 'fatal' : 'transient'
  }
  // 501 (uploads disabled) and 505 will not change on a resend, nor will BG_E_TOO_LARGE.
  if (status === 501 || status === 505 || errorCode === TOO_LARGE) return 'fatal'
  return status >= 500 ? 'transient' : 'fatal'
}

function backoff(ctx: Context, failures: number): number {
  return ctx.retryDelayMs * Math.min(8, 2 ** (failures - 1))
}

function errorHeaders(response: Response) {
  const read = (value: string | null) => (value === null ? null : Number.parseInt(value, 16))
  return {
    errorCode: read(response.headers.get('BITS-Error-Code') ?? response.headers.get('BITS-Error')),
    errorContext: read(response.headers.get('BITS-Error-Context')),
  }
}

function clientError(packet: string, response: Response | null, reason: string): BitsClientError {
  const { errorCode, errorContext } = response
    ? errorHeaders(response)
    : { errorCode: null, errorContext: null }
  const status = response?.status ?? null
  return new BitsClientError(
    `Failed to send ${packet}: ${reason} (status ${status ?? 'none'}).`,
    status,
    errorCode,
    errorContext,
    packet,
  )
}
