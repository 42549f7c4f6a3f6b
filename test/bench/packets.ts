/**
 * Per-packet cost: a stream of Pings and of small Fragments, answered by msw-bits and by a bare
 * handler returning a fixed Ack, through MSW (`setupServer` + `fetch`) and directly
 * (`bits.handle(request)` against a bare async function).
 */
import type { SetupServer } from 'msw/node'
import { type BitsServer, createBitsServer } from '../../src/index.js'
import {
  BARE_BASE_URL,
  BASE_URL,
  bareAckHandler,
  bareReading,
  bareReadingHandler,
  expectAck,
  fragmentInit,
  openSession,
  packetInit,
} from './lib/bits-requests.js'
import { interleave, type PairedSummary, type Sample } from './lib/measure.js'

export interface PacketBenchOptions {
  /** Packets per sample through MSW. */
  mswPackets: number
  /** Packets per sample with `bits.handle` called directly. */
  directPackets: number
  fragmentBytes: number
  warmup: number
  rounds: number
}

export interface PacketResult extends PairedSummary {
  via: 'msw' | 'direct'
  packet: 'Ping' | 'Fragment'
  /** `fixed-ack`: a bare handler answering a fixed Ack; `reading`: one that also reads the body. */
  baselineKind: 'fixed-ack' | 'reading'
}

type Send = (url: string, init: RequestInit) => Promise<Response>

const PATH = '/bench/packets.bin'

/**
 * A stream of `count` packets of one kind, sent one after another with `send` (profile-packets.ts
 * sends it too). Fragments need a session on the BITS server (`session`); a baseline gets the same
 * requests with a made-up id.
 */
export function stream(
  packet: PacketResult['packet'],
  count: number,
  fragment: Uint8Array,
  send: Send,
  session: boolean,
  url: string,
): { open: () => Promise<void>; run: () => Promise<number> } {
  let sessionId = '{8A5C2E31-7D0B-4F6A-9E14-3B2C1D0E9F87}'
  const total = count * fragment.byteLength
  const needsSession = session && packet === 'Fragment'
  return {
    async open() {
      if (needsSession) sessionId = await openSession(send, url)
    },
    async run() {
      for (let index = 0; index < count; index++) {
        const init =
          packet === 'Ping'
            ? packetInit('Ping')
            : fragmentInit(sessionId, index * fragment.byteLength, fragment, total)
        const response = await send(url, init)
        expectAck(response, packet)
        await response.arrayBuffer()
      }
      return count
    },
  }
}

interface Side {
  /** Untimed, before every sample: installs the side's handlers, resets the server. */
  prepare: () => void
  send: Send
  /** Whether this side is the BITS server (opens real sessions). */
  session: boolean
  /** Where its packets go: under `BASE_URL` for msw-bits, `BARE_BASE_URL` for a baseline. */
  url: string
}

/**
 * Wraps a stream as a sample: prepare and open (untimed), then the stream (timed). Sessions are
 * never closed: the next prepare's `bits.reset()` drops them with the journal.
 */
function sample(
  { prepare, send, session, url }: Side,
  packet: PacketResult['packet'],
  count: number,
  fragment: Uint8Array,
): Sample {
  const packets = stream(packet, count, fragment, send, session, url)
  return {
    async prepare() {
      prepare()
      await packets.open()
    },
    run: packets.run,
  }
}

export async function runPacketBench(
  server: SetupServer,
  options: PacketBenchOptions,
  log: (line: string) => void,
): Promise<PacketResult[]> {
  const fragment = new Uint8Array(options.fragmentBytes).fill(0x5a)
  const bareUrl = `${BARE_BASE_URL}${PATH}`
  const bitsUrl = `${BASE_URL}${PATH}`
  const results: PacketResult[] = []
  const bits: BitsServer = createBitsServer({ baseUrl: BASE_URL })
  const fetchSend: Send = (url, init) => fetch(url, init)
  const handleSend: Send = (url, init) => bits.handle(new Request(url, init))
  // The same Request is built on both sides; only what answers it differs.
  const bareSend: Send = (url, init) => bareReading(new Request(url, init))

  for (const packet of ['Ping', 'Fragment'] as const) {
    log(`packets: ${packet} through MSW (${options.mswPackets} per sample)…`)
    const bareMsw: Side = {
      prepare: () => server.resetHandlers(bareAckHandler(bareUrl)),
      send: fetchSend,
      session: false,
      url: bareUrl,
    }
    const bitsMsw: Side = {
      prepare: () => {
        bits.reset()
        server.resetHandlers(...bits.handlers)
      },
      send: fetchSend,
      session: true,
      url: bitsUrl,
    }
    const msw = await interleave(
      sample(bareMsw, packet, options.mswPackets, fragment),
      sample(bitsMsw, packet, options.mswPackets, fragment),
      options,
    )
    results.push({ ...msw, via: 'msw', packet, baselineKind: 'fixed-ack' })

    if (packet === 'Fragment') {
      // Reading a body through MSW costs by itself: the target's baseline reads it too.
      log('packets: Fragment through MSW against a body-reading handler…')
      const bareReading: Side = {
        ...bareMsw,
        prepare: () => server.resetHandlers(bareReadingHandler(bareUrl)),
      }
      const reading = await interleave(
        sample(bareReading, packet, options.mswPackets, fragment),
        sample(bitsMsw, packet, options.mswPackets, fragment),
        options,
      )
      results.push({ ...reading, via: 'msw', packet, baselineKind: 'reading' })
    }

    log(`packets: ${packet} with bits.handle directly (${options.directPackets} per sample)…`)
    const bareDirect: Side = {
      prepare: () => undefined,
      send: bareSend,
      session: false,
      url: bareUrl,
    }
    const bitsDirect: Side = {
      prepare: () => bits.reset(),
      send: handleSend,
      session: true,
      url: bitsUrl,
    }
    const direct = await interleave(
      sample(bareDirect, packet, options.directPackets, fragment),
      sample(bitsDirect, packet, options.directPackets, fragment),
      options,
    )
    results.push({ ...direct, via: 'direct', packet, baselineKind: 'reading' })
  }
  bits.reset()
  return results
}
