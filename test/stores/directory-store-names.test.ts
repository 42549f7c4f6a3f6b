// Create-Session asks the store about the name (issue 21, create-session.ts:21-25): a name the
// directory store cannot hold is malformed, a file already on its disk is taken. In process
// through MSW, so `npm run mutate` sees it (test/node's loopback suites are outside its config).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BITS_PROTOCOL_GUID } from '../../src/index.js'
import { directoryStore } from '../../src/node/index.js'
import { useBitsServer } from '../support/msw.js'
import { bitsPost } from '../support/packets.js'

const { start } = useBitsServer()
let root = ''
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'msw-bits-names-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const createSession = async (path: string) => {
  const answer = await bitsPost({
    type: 'Create-Session',
    path,
    headers: { 'BITS-Supported-Protocols': BITS_PROTOCOL_GUID },
  })
  return {
    status: answer.status,
    error: answer.headers.get('BITS-Error-Code'),
    session: answer.headers.get('BITS-Session-Id') !== null,
  }
}

describe('Create-Session with a directory store', () => {
  it('answers 400 E_INVALIDARG, no session, for a name the file system cannot hold', async () => {
    const bits = start({ store: directoryStore({ dir: root }) })
    // One path segment over 255 bytes: no file system under the root can name it.
    expect(await createSession(`${'x'.repeat(256)}.bin`)).toEqual({
      status: 400,
      error: '0x80070057',
      session: false,
    })
    expect(bits.sessions.size).toBe(0)
  })

  it('answers 403 E_ACCESSDENIED for a file already on disk when overwrites are off', async () => {
    writeFileSync(join(root, 'taken.txt'), 'before')
    const bits = start({ store: directoryStore({ dir: root }), allowOverwrites: false })
    // The server has no upload of that name: only the store knows the file is there.
    expect(bits.uploads.has('taken.txt')).toBe(false)
    expect(await createSession('taken.txt')).toEqual({
      status: 403,
      error: '0x80070005',
      session: false,
    })
    expect(await createSession('free.txt')).toMatchObject({ status: 200, session: true })
    expect(readFileSync(join(root, 'taken.txt'), 'utf8')).toBe('before')
  })

  it('opens a session over a file on disk when overwrites are on', async () => {
    writeFileSync(join(root, 'taken.txt'), 'before')
    start({ store: directoryStore({ dir: root }) })
    expect(await createSession('taken.txt')).toMatchObject({ status: 200, session: true })
  })
})
