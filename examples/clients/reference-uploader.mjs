#!/usr/bin/env node
// A reference BITS upload client: Node only, no dependencies, every client rule of the BITS Upload
// Protocol followed (bits-protocol.md §4), and nothing clever besides. It passes every scenario of
// `msw-bits certify`:
//   npx msw-bits certify -- node examples/clients/reference-uploader.mjs {url} {file}
// usage: node reference-uploader.mjs URL FILE   (exit 0 uploaded, 1 gave up, 2 bad usage)
// node:http, not fetch: fetch sends no Content-Length on a bodiless BITS_POST (§2.2.1 wants one)
// and cannot time out a response that never comes without aborting a body that is merely slow.
import { readFile } from 'node:fs/promises'
import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The protocol GUID of BITS 1.5 upload, the only one defined. @see [MC-BUP] §1.7.1 */
const BITS_PROTOCOL_GUID = '{7df0354d-249b-430f-820d-3d2a9bef4931}'
/** BG_E_SESSION_NOT_FOUND. @see [MC-BUP] §3.2.5.2.3 */
const SESSION_NOT_FOUND = 0x8020001f
/** BG_E_TOO_LARGE: the upload exceeds the server's maximum size, a final answer. */
const TOO_LARGE = 0x80200020
/** BG_ERROR_CONTEXT_REMOTE_APPLICATION. @see W32: "Handling Server Application Errors" */
const CONTEXT_REMOTE_APPLICATION = 0x7

/** What this client does where clients may differ; every rule-bearing choice is a policy below. */
export const DEFAULTS = Object.freeze({
  /** Bytes per fragment. */
  fragmentSize: 1024 * 1024,
  /** Never shrink below this after 413: Windows' 5 KB floor ([MC-BUP] §<10>). */
  minFragmentSize: 5 * 1024,
  /** Resends of one packet after transient failures, and session restarts, before giving up. */
  maxRetries: 8,
  /** First back-off in ms, doubled after each failure up to 16×. */
  retryDelayMs: 50,
  /** Idle time in ms (no byte either way) after which a request counts as unanswered. */
  requestTimeoutMs: 2000,
})

/**
 * The client rules of bits-protocol.md §4 as decisions, one each. `upload`'s `policy` may replace
 * any of them: the tests build deliberately broken clients that way, one wrong decision apiece.
 */
export const RULES = Object.freeze({
  /** Rules 4–6: what an answer means. */
  classify,
  /** Rule 2: the next fragment starts at BITS-Received-Content-Range (on 200 and 416). */
  nextOffset: (received, sentLast) => (received === undefined ? sentLast + 1 : Number(received)),
  /** Rule 3: after 413, a smaller fragment (half, not below the floor). */
  shrink: (sent, floor) => Math.max(floor, Math.floor(sent / 2)),
  /** Rule 1: follow BITS-Host-Id. */
  useHostId: true,
  /** Rule 7: download BITS-Reply-URL before Close-Session. */
  downloadReply: true,
  /** Answer a Basic challenge with the job's credentials. */
  answerChallenge: true,
})

/** The upload failed for good. */
export class UploadError extends Error {}

/** Thrown inside the client when the server lost the session: start over. */
class SessionLost extends Error {}

/**
 * How an answer is treated (bits-protocol.md §4): `ok`, `transient` (resend after a back-off),
 * `fatal` (give up) or `restart` (Create-Session again, from byte 0).
 */
export function classify(packet, answer) {
  const { status, errorCode, errorContext } = answer
  if ((status >= 200 && status < 300) || packet.accept?.includes(status)) return 'ok'
  // Rule 4: BG_E_SESSION_NOT_FOUND on any packet but Cancel-Session means start over.
  if (errorCode === SESSION_NOT_FOUND && packet.type !== 'Cancel-Session') return 'restart'
  // Rule 5: Close-Session and Cancel-Session are resent on 500–599 only.
  const endsSession = packet.type === 'Close-Session' || packet.type === 'Cancel-Session'
  if (endsSession && (status < 500 || status > 599)) return 'fatal'
  // Rule 6: errors of the server application (context 0x7), W32 "Handling Server Application Errors".
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

/**
 * Uploads `data` to `url` as one BITS job; resolves when Close-Session is acknowledged.
 * `policy` overrides a {@link DEFAULTS} value or one of the {@link RULES}; `policy.signal` aborts.
 * @throws {UploadError} on a fatal answer, or when a packet keeps failing
 */
export async function upload(url, data, policy = {}) {
  const job = createJob(url, data, policy)
  try {
    for (let restarts = 0; ; restarts++) {
      try {
        return await runSession(job)
      } catch (error) {
        if (!(error instanceof SessionLost)) throw error
        if (restarts >= job.maxRetries)
          throw new UploadError(
            `Failed to upload ${url}: the server lost the session ${restarts + 1} times.`,
          )
      }
    }
  } finally {
    job.agent.destroy()
  }
}

function createJob(url, data, policy) {
  const target = new URL(url)
  const credentials = target.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`
    : null
  target.username = ''
  target.password = ''
  const Agent = target.protocol === 'https:' ? HttpsAgent : HttpAgent
  return {
    ...DEFAULTS,
    ...RULES,
    ...policy,
    url: target.href,
    data,
    credentials,
    // Origins that challenged once get the credentials on every later request (as Windows does).
    authenticated: new Set(),
    agent: new Agent({ keepAlive: true, maxSockets: 1 }),
    signal: policy.signal,
  }
}

/** One session: Create-Session, follow BITS-Host-Id, Fragments, the reply, Close-Session. */
async function runSession(job) {
  const created = await send(job, {
    type: 'Create-Session',
    url: job.url,
    headers: { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID },
  })
  const sessionId = created.headers['bits-session-id']
  if (!sessionId)
    throw new UploadError('Failed to create a session: the Ack has no BITS-Session-Id.')
  const url = await followHostId(job, created)
  const replyUrl = await sendFragments(job, url, sessionId)
  // Rule 7: download the reply before Close-Session, or it is lost (§3.1.5, §4.2).
  if (replyUrl && job.downloadReply)
    await send(job, { type: 'GET reply', url: new URL(replyUrl, url).href })
  await send(job, { type: 'Close-Session', url, headers: { 'BITS-Session-Id': sessionId } })
}

/**
 * Rule 1: after `BITS-Host-Id`, Ping that host and send everything there; while it cannot be
 * reached, keep trying until `BITS-Host-Id-Fallback-Timeout` seconds have passed since the first
 * failure, then use the original host (no header: never fall back). @see [MC-BUP] §3.1.2.3
 */
async function followHostId(job, created) {
  const hostId = created.headers['bits-host-id']
  if (!hostId || !job.useHostId) return job.url
  const there = new URL(job.url)
  there.host = hostId
  const fallback = created.headers['bits-host-id-fallback-timeout']
  const deadline = fallback === undefined ? Number.POSITIVE_INFINITY : Number(fallback) * 1000
  let firstFailure
  for (let failures = 1; ; failures++) {
    const answer = await exchange(job, { type: 'Ping', url: there.href }).catch(() => null)
    if (answer && answer.status < 300) return there.href
    if (answer && answer.status < 500) throw fatal('Ping', answer)
    firstFailure ??= Date.now()
    if (Date.now() - firstFailure >= deadline) return job.url
    if (fallback === undefined && failures > job.maxRetries) throw fatal('Ping', answer)
    await pause(job, failures)
  }
}

/**
 * Rule 2 and 3: fragments in order; after every Ack (200 or 416) the next starts at
 * `BITS-Received-Content-Range`; on 413 the fragment halves, not below the floor.
 * @returns the last fragment's `BITS-Reply-URL`, if any
 */
async function sendFragments(job, url, sessionId) {
  const total = job.data.byteLength
  let offset = 0
  let size = job.fragmentSize
  let stalls = 0
  while (offset < total) {
    const last = Math.min(offset + size, total) - 1
    const ack = await send(job, {
      type: 'Fragment',
      url,
      headers: {
        'BITS-Session-Id': sessionId,
        'Content-Range': `bytes ${offset}-${last}/${total}`,
      },
      body: job.data.subarray(offset, last + 1),
      accept: [413, 416],
    })
    if (ack.status === 413) {
      const sent = last - offset + 1
      if (sent <= job.minFragmentSize) throw fatal('Fragment', ack)
      size = job.shrink(sent, job.minFragmentSize)
      if (size >= sent && ++stalls > job.maxRetries) throw fatal('Fragment', ack)
      continue
    }
    const received = ack.headers['bits-received-content-range']
    const next = job.nextOffset(received, last)
    if (!Number.isSafeInteger(next) || next < 0 || next > total)
      throw new UploadError(
        `Failed to send Fragment: bad BITS-Received-Content-Range "${received}".`,
      )
    // An Ack that does not move forward is a transient failure.
    stalls = next > offset ? 0 : stalls + 1
    if (stalls > job.maxRetries) throw fatal('Fragment', ack)
    if (stalls > 0) await pause(job, stalls)
    offset = next
    if (offset === total && ack.status !== 416) return ack.headers['bits-reply-url']
  }
  return undefined
}

/** Sends one packet until its answer is usable, backing off between transient failures. */
async function send(job, packet) {
  for (let failures = 1; ; failures++) {
    const answer = await exchange(job, packet).catch((error) => {
      if (job.signal?.aborted) throw error
      return null
    })
    const reauth = answer?.status === 401 && challenged(job, packet, answer)
    if (reauth) {
      // The first Basic challenge from an origin is answered at once with the credentials.
      const origin = new URL(packet.url).origin
      if (!job.authenticated.has(origin)) {
        job.authenticated.add(origin)
        failures--
        continue
      }
    }
    // A challenge to a request that carried the credentials: send them again after a back-off.
    const verdict = answer === null || reauth ? 'transient' : job.classify(packet, answer)
    if (verdict === 'ok') return answer
    if (verdict === 'restart') throw new SessionLost(packet.type)
    if (verdict === 'fatal' || failures > job.maxRetries) throw fatal(packet.type, answer)
    await pause(job, failures)
  }
}

/** Whether a 401 is a Basic challenge this job can answer: credentials for that origin. */
function challenged(job, packet, answer) {
  return (
    job.answerChallenge &&
    job.credentials !== null &&
    /^basic\b/i.test(answer.headers['www-authenticate'] ?? '') &&
    new URL(packet.url).origin === new URL(job.url).origin
  )
}

/** One HTTP exchange; resolves with the answer, rejects when none came (reset, garbage, timeout). */
function exchange(job, packet) {
  const isReply = packet.type === 'GET reply'
  const headers = {
    ...(isReply ? {} : { 'BITS-Packet-Type': packet.type }),
    ...packet.headers,
    // §2.2.1: every packet carries Content-Length, 0 for all but Fragment.
    'Content-Length': String(packet.body?.byteLength ?? 0),
  }
  if (job.credentials && job.authenticated.has(new URL(packet.url).origin))
    headers.Authorization = job.credentials
  const send = packet.url.startsWith('https:') ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = send(packet.url, {
      method: isReply ? 'GET' : 'BITS_POST',
      headers,
      agent: job.agent,
      signal: job.signal,
    })
    req.setTimeout(job.requestTimeoutMs, () => req.destroy(new Error('no answer in time')))
    req.on('error', reject)
    req.on('response', (res) => {
      res.on('data', () => {})
      res.on('error', reject)
      res.on('end', () => resolve(answerOf(res)))
    })
    req.end(packet.body)
  })
}

function answerOf(res) {
  const hex = (value) => (value === undefined ? null : Number.parseInt(value, 16))
  return {
    status: res.statusCode,
    headers: res.headers,
    errorCode: hex(res.headers['bits-error-code'] ?? res.headers['bits-error']),
    errorContext: hex(res.headers['bits-error-context']),
  }
}

/** Exponential back-off after the n-th consecutive failure. */
function pause(job, failures) {
  const ms = job.retryDelayMs * Math.min(16, 2 ** (failures - 1))
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function fatal(packet, answer) {
  const what = answer
    ? `${answer.status}${answer.errorCode === null ? '' : ` 0x${(answer.errorCode >>> 0).toString(16).toUpperCase()}`}`
    : 'no answer'
  return new UploadError(`Failed to send ${packet}: the server answered ${what}. Giving up.`)
}

async function main([url, file, ...rest]) {
  if (!url || !file || rest.length > 0) {
    console.error('usage: node reference-uploader.mjs URL FILE')
    return 2
  }
  const data = await readFile(file)
  try {
    await upload(url, data)
    console.log(`uploaded ${basename(file)}: ${data.byteLength} bytes`)
    return 0
  } catch (error) {
    console.error(error instanceof UploadError ? error.message : error)
    return 1
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.exitCode = await main(process.argv.slice(2))
