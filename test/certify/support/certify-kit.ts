// What the certify tests share: the shipped reference uploader (examples/clients) as an in-process
// certify client, with some of its decisions replaced for a broken copy; `msw-bits certify` run
// from dist/ as a child process; a temporary directory for the reports a test file writes.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type { CertifyClient } from 'msw-bits/node'
import { afterAll, beforeAll } from 'vitest'

/** What the reference uploader's `classify` reads of an answer. */
export interface Answer {
  status: number
  errorCode: number | null
  errorContext: number | null
}
/** How the reference uploader takes an answer. */
export type Reaction = 'ok' | 'transient' | 'fatal' | 'restart'
/** A packet as the reference uploader's `classify` sees it. */
export interface SentPacket {
  type: string
}

interface ReferenceUploader {
  upload(url: string, data: Uint8Array, policy?: Record<string, unknown>): Promise<void>
  classify(packet: SentPacket, answer: Answer): Reaction
}

/** examples/clients/reference-uploader.mjs, as the package's examples ship it. */
export const reference = (await import(
  pathToFileURL(resolve('examples/clients/reference-uploader.mjs')).href
)) as ReferenceUploader

/**
 * The reference uploader as an in-process certify client; `policy` replaces some of its decisions
 * (`classify`, `nextOffset`, `downloadReply`, …) to make a broken copy.
 */
export const referenceClient = (policy: Record<string, unknown> = {}): CertifyClient =>
  // Named: certifyClient reports a client by its function's name.
  async function referenceUploader({ url, bytes, signal }) {
    await reference.upload(url, bytes, { ...policy, signal })
  }

/** A `classify` that gives up on Close-Session after a 5xx: breaks `resend-close-after-5xx`. */
export const giveUpOnClose5xx = (packet: SentPacket, answer: Answer): Reaction =>
  packet.type === 'Close-Session' && answer.status >= 500
    ? 'fatal'
    : reference.classify(packet, answer)

const run = promisify(execFile)
const MAIN = 'dist/node/cli/main.js'

/** How a `msw-bits certify` run ended. */
export interface CertifyRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs `msw-bits certify ARGS` from dist/; resolves with its exit code and output, never rejects. */
export function runCertify(args: readonly string[]): Promise<CertifyRun> {
  return run(process.execPath, [MAIN, 'certify', ...args], { maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: CertifyRun) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  )
}

/** A temporary directory for the test file's reports: made before its tests, removed after. */
export function reportDir(prefix: string): () => string {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix))
  })
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined))
  return () => dir
}
