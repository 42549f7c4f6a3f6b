// Deliberately broken BITS clients, one per client rule: each speaks the protocol by hand with
// fetch and gets exactly one thing wrong. broken-clients.test.ts runs each against a real server.
import { BITS_PROTOCOL_GUID } from '../../../src/index.js'
import { bitsPost, openSession, sendFragment, sessionPacket } from '../../support/packets.js'

/** 200 bytes, uploaded as two 100-byte fragments by the clients that need a payload. */
export const DATA = new Uint8Array(200).map((_, i) => i)

const send = (sessionId: string, first: number, last: number) =>
  sendFragment(sessionId, DATA, first, last)

/** Resends Create-Session after 400 (no protocol in common): a 4xx answer is final. */
export async function resendsAfterFatal(): Promise<void> {
  const offer = { 'BITS-Supported-Protocols': '{00000000-0000-0000-0000-000000000000}' }
  await bitsPost({ type: 'Create-Session', headers: offer })
  await bitsPost({ type: 'Create-Session', headers: offer })
}

/** Uploads, gets 503 on Close-Session, and walks away without resending it. */
export async function givesUpOnClose5xx(): Promise<void> {
  const id = await openSession()
  await send(id, 0, 99)
  await send(id, 100, 199)
  await sessionPacket('Close-Session', id)
}

/** Gets BG_E_SESSION_NOT_FOUND on Close-Session and sends Close-Session on the same session again. */
export async function reusesLostSession(): Promise<void> {
  const id = await openSession()
  await send(id, 0, 99)
  await send(id, 100, 199)
  await sessionPacket('Close-Session', id)
  await sessionPacket('Close-Session', id)
}

/** Loses its session mid-upload, opens a new one, and goes on from where the old one stopped. */
export async function restartsFromOldOffset(): Promise<void> {
  const first = await openSession()
  await send(first, 0, 99)
  await send(first, 100, 199) // BG_E_SESSION_NOT_FOUND
  const second = await openSession()
  const resync = await send(second, 100, 199) // wrong: a new session starts at 0
  const next = Number(resync.headers.get('BITS-Received-Content-Range'))
  await send(second, next, 99)
  await send(second, 100, 199)
  await sessionPacket('Close-Session', second)
}

/** Skips ahead instead of sending from BITS-Received-Content-Range, then obeys the 416. */
export async function ignoresReceivedRange(): Promise<void> {
  const id = await openSession()
  await send(id, 0, 99)
  const resync = await send(id, 150, 199) // the server expects 100
  const next = Number(resync.headers.get('BITS-Received-Content-Range'))
  await send(id, next, 199)
  await sessionPacket('Close-Session', id)
}

/** Gets 413 and resends the same 150-byte fragment before finally shrinking it. */
export async function sameSizeAfter413(): Promise<void> {
  const id = await openSession()
  await send(id, 0, 149) // 413
  await send(id, 0, 149) // 413 again: not smaller
  await send(id, 0, 99)
  await send(id, 100, 199)
  await sessionPacket('Close-Session', id)
}

/** Sends Close-Session after the first of two fragments. */
export async function closesEarly(): Promise<void> {
  const id = await openSession()
  await send(id, 0, 99)
  await sessionPacket('Close-Session', id)
}

/** Ignores BITS-Reply-URL and closes the session, losing the reply. */
export async function closesBeforeReply(): Promise<void> {
  const id = await openSession()
  await send(id, 0, 99)
  await send(id, 100, 199)
  await sessionPacket('Close-Session', id)
}

/**
 * Checks that the reply exists with a HEAD of BITS-Reply-URL, which reads none of it, then closes:
 * the reply is lost all the same.
 */
export async function headsReplyThenCloses(): Promise<void> {
  const id = await openSession()
  await send(id, 0, 99)
  const last = await send(id, 100, 199)
  await fetch(new URL(last.headers.get('BITS-Reply-URL')!, last.url), { method: 'HEAD' })
  await sessionPacket('Close-Session', id)
}

/** Uploads every byte and walks away without Close-Session: the server never commits the file. */
export async function neverCloses(): Promise<void> {
  const id = await openSession()
  await send(id, 0, 99)
  await send(id, 100, 199)
}

/** Ignores BITS-Host-Id and keeps sending to the origin host. */
export async function ignoresHostId(): Promise<void> {
  const id = await openSession()
  await send(id, 0, 99)
  await send(id, 100, 199)
  await sessionPacket('Close-Session', id)
}

/**
 * Sends a second fragment 10 ms after the first, without waiting for the first's Ack (the server
 * answers that one a second late, so the overlap holds on a loaded machine). Both start at 0, so the offsets stay right.
 */
export async function doesNotWaitForAck(): Promise<void> {
  const id = await openSession()
  const small = DATA.subarray(0, 100)
  const slow = sendFragment(id, small, 0, 99)
  await new Promise((resolve) => setTimeout(resolve, 10))
  const fast = sendFragment(id, small, 0, 49)
  await Promise.all([slow, fast])
  await sessionPacket('Close-Session', id)
}

/** Changes the Content-Range total in the middle of the session, then cancels on the 400. */
export async function changesTotal(): Promise<void> {
  const id = await openSession()
  await send(id, 0, 99)
  await bitsPost({
    type: 'Fragment',
    sessionId: id,
    headers: { 'Content-Range': 'bytes 100-199/300' },
    body: DATA.subarray(100, 200),
  })
  await sessionPacket('Cancel-Session', id)
}

/** Cancels a session it had already closed. */
export async function sendsAfterClose(): Promise<void> {
  const id = await openSession()
  await send(id, 0, 99)
  await send(id, 100, 199)
  await sessionPacket('Close-Session', id)
  await sessionPacket('Cancel-Session', id)
}

/** Resends a failing fragment immediately, as often as it takes. */
export async function retriesWithoutPause(): Promise<void> {
  const id = await openSession()
  let response = await send(id, 0, 99)
  while (response.status >= 500) response = await send(id, 0, 99)
  await send(id, 100, 199)
  await sessionPacket('Close-Session', id)
}

const BASIC = `Basic ${btoa('uploader:secret')}`

/** Gets 401 with a Basic challenge on Create-Session and sends it again without credentials. */
export async function resendsWithoutCredentials(): Promise<void> {
  const offer = { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID }
  await bitsPost({ type: 'Create-Session', headers: offer })
  await bitsPost({ type: 'Create-Session', headers: offer })
}

/**
 * Follows BITS-Host-Id to another host, as it should, but sends its credentials there too
 * (every packet carries them, as a client that attaches them to all requests does).
 */
export async function sendsCredentialsToHostId(): Promise<void> {
  const auth = { Authorization: BASIC }
  const id = await openSession('file.bin', auth)
  const there = (path: string) => `https://${HOST_ID}/uploads/${path}`
  await bitsPost({ type: 'Ping', path: there('file.bin'), headers: auth })
  for (const [first, last] of [
    [0, 99],
    [100, 199],
  ] as const) {
    await bitsPost({
      type: 'Fragment',
      path: there('file.bin'),
      sessionId: id,
      headers: { ...auth, 'Content-Range': `bytes ${first}-${last}/200` },
      body: DATA.subarray(first, last + 1),
    })
  }
  await bitsPost({ type: 'Close-Session', path: there('file.bin'), sessionId: id, headers: auth })
}

/** The host id `sendsCredentialsToHostId` is run against. */
export const HOST_ID = 'bits-node-2.example.test'
