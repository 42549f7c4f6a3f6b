import { createServer } from 'node:net'
import type { FaultPlan } from '../../faults/index.js'
import { BITS_PROTOCOL_GUID } from '../../protocol/index.js'
import type { RunningBitsServer } from '../serve-engine.js'
import { startBitsServer } from '../start-bits-server.js'
import type { Scenario, ScenarioServerOptions } from './report-types.js'

/** A loopback server set up for one scenario, and the `{url}` its client gets. */
export interface ScenarioServer {
  server: RunningBitsServer
  /** The upload URL, remote name included (credentials in it when the scenario has `auth`). */
  url: string
  /** Journal entries up to this seq were the runner's own set-up (a pre-existing upload). */
  setupSeqs: number
}

/**
 * Starts a fresh loopback server (store `digest`) with the scenario's options; when
 * `preexisting`, uploads the payload's name once, then puts the scenario's plan in force.
 * @see W32: "BITS IIS Extension Properties"
 */
export async function startScenarioServer(scenario: Scenario): Promise<ScenarioServer> {
  const options = scenario.server ?? {}
  const port = options.hostId === undefined ? 0 : await freePort()
  const server = await startBitsServer({
    port,
    store: 'digest',
    seed: scenario.payload.seed,
    ...serverOptions(options, port),
  })
  let setupSeqs = 0
  if (options.preexisting) {
    await uploadOnce(`${server.url}/${scenario.payload.name}`)
    setupSeqs = server.bits.journal.entries.length
  }
  server.bits.faults.use(scenario.plan as FaultPlan)
  const url = new URL(`${server.url}/${encodeURIComponent(scenario.payload.name)}`)
  if (options.auth) {
    url.username = encodeURIComponent(options.auth.username)
    url.password = encodeURIComponent(options.auth.password)
  }
  return { server, url: url.href, setupSeqs }
}

function serverOptions(options: ScenarioServerOptions, port: number) {
  const { preexisting: _, reply, hostId, ...rest } = options
  const body = reply?.body
  return {
    ...rest,
    ...(hostId === undefined ? {} : { hostId: hostId.replaceAll('{alias}', `localhost:${port}`) }),
    ...(body === undefined ? {} : { reply: () => body }),
  }
}

/**
 * A free TCP port on 127.0.0.1, for the scenarios whose `BITS-Host-Id` names the server's own
 * port under another host name (the engine takes its host id before it listens).
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Create-Session, one Fragment, Close-Session: a tiny upload, so the name exists. */
async function uploadOnce(url: string): Promise<void> {
  const post = (type: string, headers: Record<string, string> = {}, body?: Uint8Array) =>
    fetch(url, {
      method: 'BITS_POST',
      headers: { 'BITS-Packet-Type': type, ...headers },
      body: body as BodyInit | undefined,
    })
  const created = await post('Create-Session', { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID })
  const sessionId = created.headers.get('BITS-Session-Id') ?? ''
  await post(
    'Fragment',
    { 'BITS-Session-Id': sessionId, 'Content-Range': 'bytes 0-0/1' },
    new Uint8Array(1),
  )
  await post('Close-Session', { 'BITS-Session-Id': sessionId })
}
