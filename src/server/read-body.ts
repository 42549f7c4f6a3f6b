import type { BodyPace } from '../faults/index.js'
import { type Clock, sleepUnlessAborted, untilAborted } from '../shared/clock.js'
import type { StagedAppend } from './stores/index.js'

/**
 * A request body as the chunks the host's stream delivered, never joined into one buffer: the
 * store takes them one by one.
 */
export interface Body {
  /** Bytes in all chunks. */
  readonly byteLength: number
  readonly chunks: readonly Uint8Array[]
  /**
   * Set when the bytes went into the session's sink as they arrived ({@link streamBody}): then
   * `chunks` is empty, and the Fragment commits the stage instead of appending.
   */
  readonly staged?: StagedAppend
}

const NO_CHUNKS: readonly Uint8Array[] = Object.freeze([])
const EMPTY_BODY: Body = Object.freeze({ byteLength: 0, chunks: NO_CHUNKS })

/** The bytes of `body` from `start` (inclusive) to `end` (exclusive), as views: nothing is copied. */
export function sliceBody(body: Body, start: number, end = body.byteLength): Body {
  if (start <= 0 && end >= body.byteLength) return body
  const chunks: Uint8Array[] = []
  let offset = 0
  for (const chunk of body.chunks) {
    const from = Math.max(start - offset, 0)
    const to = Math.min(end - offset, chunk.byteLength)
    if (from < to)
      chunks.push(from === 0 && to === chunk.byteLength ? chunk : chunk.subarray(from, to))
    offset += chunk.byteLength
  }
  return { byteLength: Math.max(Math.min(end, body.byteLength) - Math.max(start, 0), 0), chunks }
}

/** A body as read: what arrived, and how the reading ended. */
export interface BodyReading {
  body: Body
  /**
   * `done`: the body ended; `gone`: the client went away mid-body (the body failed, or the signal
   * aborted a paced wait); `cut`: a fault rule stopped the reading (a reset follows).
   */
  end: 'done' | 'gone' | 'cut'
}

/**
 * Reads a request body chunk by chunk as the host delivers it, and nothing at all for a request
 * without a body. A fault rule's `pace` slows the reading or cuts it short; its waits run on
 * `clock` and end when `signal` aborts (read only when a pace waits).
 */
export async function readBody(
  source: AsyncIterable<Uint8Array> | null,
  signal: () => AbortSignal,
  pace: BodyPace | null,
  clock: Clock,
): Promise<BodyReading> {
  if (source === null) {
    // No body to read slowly, but a stall still holds the request (Ping, Close-Session).
    const step = pace ? await pacer(pace, clock, signal()).next(0) : 'go'
    return { body: EMPTY_BODY, end: step === 'go' ? 'done' : step }
  }
  const chunks: Uint8Array[] = []
  const body = { byteLength: 0, chunks }
  const iterator = source[Symbol.asyncIterator]()
  const paced = pace && pacer(pace, clock, signal())
  try {
    let step = paced ? await paced.next(0) : 'go'
    while (step === 'go') {
      const { done, value } = await iterator.next()
      if (done) return { body, end: 'done' }
      if (!paced) {
        chunks.push(value)
        body.byteLength += value.byteLength
        continue
      }
      // A paced body is taken in slices, so a stall or a cut falls on the exact byte.
      for (let rest = value; rest.byteLength > 0 && step === 'go'; ) {
        const slice = rest.subarray(0, paced.room(body.byteLength))
        chunks.push(slice)
        body.byteLength += slice.byteLength
        rest = rest.subarray(slice.byteLength)
        step = await paced.next(body.byteLength)
      }
    }
    // Nobody reads the rest: the host drains it or closes.
    iterator.return?.()?.catch(ignore)
    return { body, end: step }
  } catch {
    return { body, end: 'gone' }
  }
}

const ignore = () => {}

/**
 * Reads a Fragment's body straight into a sink's stage as it arrives, holding none of it (no
 * chunk kept, none copied). Only the first `length` bytes (the range's) go in; the count goes on,
 * so a body longer or shorter than its range is refused once read, and the stage aborted.
 */
export async function streamBody(
  source: AsyncIterable<Uint8Array> | null,
  staged: StagedAppend,
  length: number,
): Promise<BodyReading> {
  let byteLength = 0
  const reading = (end: BodyReading['end']) => ({
    body: { byteLength, chunks: NO_CHUNKS, staged },
    end,
  })
  if (source === null) return reading('done')
  try {
    for await (const chunk of source) {
      const room = length - byteLength
      if (room > 0) staged.append(room >= chunk.byteLength ? chunk : chunk.subarray(0, room))
      byteLength += chunk.byteLength
    }
    return reading('done')
  } catch {
    return reading('gone')
  }
}

/** How a {@link BodyPace} gates the reading of one body. */
interface Pacer {
  /** Having read `read` bytes: go on (after any wait), stop here (a cut), or the client is gone. */
  next(read: number): Promise<'go' | 'cut' | 'gone'>
  /** How many bytes may be taken at once, having read `read` (at least 1). */
  room(read: number): number
}

/** Slices per second of a bandwidth-limited body: the rate holds within 50 ms. */
const BANDWIDTH_SLICES_PER_SECOND = 20

function pacer(pace: BodyPace, clock: Clock, signal: AbortSignal): Pacer {
  const go = async (ms: number) =>
    ms <= 0 || (await sleepUnlessAborted(clock, ms, signal)) ? 'go' : 'gone'
  switch (pace.kind) {
    case 'cut':
      return {
        next: async (read) => (read >= pace.afterBytes ? 'cut' : 'go'),
        room: (read) => pace.afterBytes - read,
      }
    case 'stall': {
      let stalled = false
      return {
        next: async (read) => {
          if (stalled || read < pace.afterBytes) return 'go'
          stalled = true
          if (pace.durationMs !== null) return go(pace.durationMs)
          await untilAborted(signal)
          return 'gone'
        },
        room: (read) => (stalled ? Number.POSITIVE_INFINITY : pace.afterBytes - read),
      }
    }
    case 'bandwidth': {
      const start = clock.now()
      const slice = Math.max(Math.ceil(pace.bytesPerSecond / BANDWIDTH_SLICES_PER_SECOND), 1)
      return {
        // The next byte is due when the bytes read so far have taken their time at the rate.
        next: (read) => go(start + (read / pace.bytesPerSecond) * 1000 - clock.now()),
        room: () => slice,
      }
    }
  }
}
