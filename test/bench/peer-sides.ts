/**
 * The servers the peer benchmark (test/bench/peer.ts) drives, each behind one interface: the
 * loopback server and the node:http floor in child processes (test/bench/peer-server.ts), and an
 * external BITS server given by URL (BENCH_PEER_URL), such as fkadibs BITSServer run by hand.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { Agent } from 'undici'
import type { PeerServerAnswer, PeerServerAsk } from './peer-server.js'

/** The upload's name under each server's URL; the floor and the loopback server key it alike. */
export const UPLOAD_NAME = 'bench.bin'

/** One server as the benchmark's client sees it. */
export interface PeerSide {
  /** Shown in the table and the progress lines. */
  name: string
  /** Where every packet goes (upload, Ping, burst). */
  url: string
  /** `POST` for the node:http floor (Node's server refuses `BITS_POST`), `BITS_POST` otherwise. */
  method: 'BITS_POST' | 'POST'
  /** One keep-alive connection, for the uploads and the Pings. */
  dispatcher: Agent
  /**
   * Whether the 1,000-connection burst measures it: fkadibs BITSServer serves one connection at a
   * time and holds the kept-alive one open, so a burst would only wait on it.
   */
  burst: boolean
  /** Forgets the previous round's uploads and journal (untimed). */
  reset(): Promise<void>
  /** The server process's CPU time so far (user + system), ms; `null` when unknown. */
  cpuMs(): Promise<number | null>
  /** The stored upload's SHA-256 (hex); `null` when the server cannot be asked. */
  sha256(name: string): Promise<string | null | undefined>
  close(): Promise<void>
}

const CHILD = fileURLToPath(new URL('./peer-server.ts', import.meta.url))

const keptAlive = () => new Agent({ connections: 1, pipelining: 1 })

/** Starts `peer-server.ts` in a child process (same loader flags, so tsx carries over). */
export async function spawnSide(kind: 'bits' | 'floor'): Promise<PeerSide> {
  const child = spawn(process.execPath, [...process.execArgv, CHILD, kind], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const pending = new Map<number, (answer: PeerServerAnswer) => void>()
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) =>
      reject(new Error(`Failed to start the ${kind} server: exit ${code}.`)),
    )
    child.on('message', (message: PeerServerAnswer | { url: string }) => {
      if ('url' in message) return resolve(message.url)
      pending.get(message.id)?.(message)
      pending.delete(message.id)
    })
  })
  let next = 0
  const ask = (request: PeerServerAsk) =>
    new Promise<PeerServerAnswer>((resolve) => {
      const id = next++
      pending.set(id, resolve)
      child.send({ ...request, id })
    })
  const dispatcher = keptAlive()
  return {
    name: kind === 'bits' ? 'msw-bits loopback (digest)' : 'node:http POST + SHA-256',
    url: `${url}/${UPLOAD_NAME}`,
    method: kind === 'bits' ? 'BITS_POST' : 'POST',
    dispatcher,
    burst: true,
    reset: async () => void (await ask({ op: 'reset' })),
    cpuMs: async () => (await ask({ op: 'cpu' })).cpuMs ?? null,
    sha256: async (name) => (await ask({ op: 'sha256', name })).sha256,
    close: () => closeChild(child, dispatcher),
  }
}

async function closeChild(child: ChildProcess, dispatcher: Agent): Promise<void> {
  await dispatcher.close()
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.disconnect()
  await exited
}

/** Clock ticks per second of /proc/PID/stat's times: 100 on Linux x86-64 and arm64. */
const CLOCK_TICKS = 100

/** User + system CPU time of process `pid`, ms, from Linux's /proc/PID/stat. */
async function procCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'latin1')
  // The command name, in parentheses, may hold spaces: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
}

/**
 * A BITS server someone started by hand at `url` (the upload URL, used as is); with `pid`, its
 * CPU time is read from /proc (Linux).
 */
export function externalSide(url: string, pid: number | null): PeerSide {
  const dispatcher = keptAlive()
  return {
    name: 'the BENCH_PEER_URL server',
    url,
    method: 'BITS_POST',
    dispatcher,
    burst: false,
    reset: async () => {},
    cpuMs: async () => (pid === null ? null : procCpuMs(pid)),
    sha256: async () => null,
    close: () => dispatcher.close(),
  }
}
