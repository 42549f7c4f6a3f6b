// Every fixture plan, unchanged, against the loopback server with the reference client over real
// TCP: the upload arrives intact, every rule fires, and the journal reads as it does in-process.
import { describe, expect, it } from 'vitest'
import { checkClientRules, type JournalEntry } from '../../src/index.js'
import { startBitsServer } from '../../src/node/index.js'
import { createBitsEngine } from '../../src/server/engine.js'
import { uploadBits } from '../support/bits-client.js'
import { payload, sha256Hex } from '../support/payloads.js'
import { PLAN_FILES, plan } from '../support/plans.js'

const noWait = async () => {}
const data = payload('crash-report.log')
const reply = (upload: { sha256: string }) => `sha256=${upload.sha256}`

/** What a journal entry says, host aside: packet, status, error, the rule that acted. */
const gist = (entry: JournalEntry) =>
  `${entry.packet ?? entry.kind} ${entry.status} ${entry.errorCode ?? ''} ${entry.fault?.rule ?? ''}`.trim()

describe('fixture plans against the loopback server (reference client over TCP)', () => {
  it.each(PLAN_FILES)('%s', async (file) => {
    const options = { faults: plan(file), reply }
    const srv = await startBitsServer({ port: 0, ...options })
    try {
      const url = `${srv.url}/plan.bin`
      await uploadBits({ url, data, fragmentSize: 16_384, sleep: noWait })
      expect(srv.bits.uploads.get('plan.bin')?.sha256).toBe(sha256Hex(data))
      expect(srv.bits.faults.pending()).toEqual([])

      // The same plan in-process (bits.handle as the client's fetch) gives the same journal.
      const local = createBitsEngine({ baseUrl: srv.url, ...options })
      await uploadBits({
        url,
        data,
        fragmentSize: 16_384,
        sleep: noWait,
        fetch: async (input, init) => {
          const response = await local.handle(new Request(input, init))
          // A network error reaches a fetch caller as a rejection, as MSW renders it.
          if (response.type === 'error') throw new TypeError('Failed to fetch')
          return response
        },
      })
      expect(srv.bits.journal.entries.map(gist)).toEqual(local.journal.entries.map(gist))
      expect(checkClientRules(srv.bits)).toEqual(checkClientRules(local))
    } finally {
      await srv.close()
    }
  })
})
