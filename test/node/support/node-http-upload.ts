import { Agent, request } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { expect } from 'vitest'
import type { RunningBitsServer } from '../../../src/node/index.js'
import { generateBytes, sha256Hex } from '../../support/payloads.js'
import { type Send, uploadWith } from './upload-with.js'

/**
 * A node:http {@link Send} over `agent` (keep-alive when the agent is); node:https for an https
 * URL, trusting `ca` when given.
 */
export function nodeHttpSend(agent?: Agent, ca?: string): Send {
  return (url, headers, body) =>
    new Promise((resolve, reject) => {
      const send = url.startsWith('https:') ? httpsRequest : request
      const req = send(url, { method: 'BITS_POST', headers, agent, ca }, (res) => {
        res.resume()
        res.on('end', () => {
          const lower: Record<string, string> = {}
          for (const [name, value] of Object.entries(res.headers)) lower[name] = String(value)
          resolve({ status: res.statusCode!, headers: lower })
        })
      })
      req.on('error', reject)
      req.end(body ?? undefined)
    })
}

let uploads = 0

/**
 * A fresh node:http client (its own keep-alive agent) uploads `size` bytes in 16 KiB fragments;
 * asserts the server kept them byte for byte.
 */
export async function expectCleanUpload(srv: RunningBitsServer, size = 96 * 1024): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const data = generateBytes(size, ++uploads)
  const name = `clean/upload-${uploads}.bin`
  try {
    await uploadWith(nodeHttpSend(agent), `${srv.url}/${name}`, data, 16 * 1024)
  } finally {
    agent.destroy()
  }
  expect(srv.bits.uploads.get(name)).toMatchObject({
    size: data.byteLength,
    sha256: sha256Hex(data),
  })
}
