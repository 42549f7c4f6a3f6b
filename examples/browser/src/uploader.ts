// A framework-free uploader: pick a file, upload it with BITS, see what happened.
import { type BitsServer, checkClientRules } from 'msw-bits'
// Your BITS client goes here. This example uses msw-bits' own reference client, which follows
// the protocol's client rules: resend on 5xx, start over on BG_E_SESSION_NOT_FOUND, resync on 416.
import { uploadBits } from '../../../test/support/bits-client.js'
import { xhrFetch } from './xhr-fetch.js'

export interface UploaderOptions {
  /** The emulated server the upload goes to (its `baseUrl` + the file's name). */
  server: BitsServer
  /** `fetch` (default) or `xhr`. */
  transport?: 'fetch' | 'xhr'
  /** Bytes per Fragment, default 32 KiB. */
  fragmentSize?: number
  /** Wait this long (ms) between resends, default 10. */
  retryDelayMs?: number
}

/** What the uploader shows after an upload, also set as `data-*` on its element for tests. */
export interface UploadOutcome {
  status: 'done' | 'failed'
  name: string
  size: number
  /** SHA-256 of the file, computed in the page (Web Crypto). */
  clientSha256: string
  /** SHA-256 of what the server committed at Close-Session; `null` when nothing was. */
  serverSha256: string | null
  sessions: number
  /** Every answer the client got, in order: the status, or `network-error` when none came. */
  seen: (number | 'network-error')[]
  violations: string[]
  error: string | null
}

/** A sample "crash dump" for the upload-a-sample button: 200 KB, the same bytes every time. */
export function sampleFile(size = 200_000): File {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff
  return new File([bytes], 'sample.dmp', { type: 'application/octet-stream' })
}

/**
 * Creates the uploader element. Progress comes from the server's journal, not from XHR's upload
 * events, which never fire through a service worker.
 */
export function createUploader(options: UploaderOptions): HTMLElement {
  const { server } = options
  const root = document.createElement('div')
  root.className = 'uploader'
  root.innerHTML = `
    <label>File <input type="file" data-testid="file"></label>
    <button type="button" data-testid="upload">Upload</button>
    <button type="button" data-testid="sample">Upload a sample</button>
    <progress data-testid="progress" max="1" value="0"></progress>
    <output data-testid="status">idle</output>
    <pre data-testid="result"></pre>`
  const input = root.querySelector('input')!
  const progress = root.querySelector('progress')!
  const status = root.querySelector('output')!
  const result = root.querySelector('pre')!

  async function upload(file: File): Promise<void> {
    status.value = 'uploading'
    root.dataset.status = 'uploading'
    progress.value = 0
    const url = `${server.options.base.href.replace(/\/$/, '')}/${encodeURIComponent(file.name)}`
    const stop = server.journal.subscribe((event) => {
      if (event.type !== 'completed') return
      const { receivedRange, range } = event.entry
      if (receivedRange !== null && range !== null) progress.value = receivedRange / range.total
    })
    const data = new Uint8Array(await file.arrayBuffer())
    const outcome: UploadOutcome = {
      status: 'done',
      name: file.name,
      size: data.byteLength,
      clientSha256: await sha256(data),
      serverSha256: null,
      sessions: 0,
      seen: [],
      violations: [],
      error: null,
    }
    try {
      const { sessionIds } = await uploadBits({
        url,
        data,
        fragmentSize: options.fragmentSize ?? 32 * 1024,
        retryDelayMs: options.retryDelayMs ?? 10,
        fetch: async (input, init) => {
          const send = options.transport === 'xhr' ? xhrFetch : fetch
          try {
            const response = await send(input, init)
            outcome.seen.push(response.status)
            return response
          } catch (error) {
            outcome.seen.push('network-error')
            throw error
          }
        },
      })
      outcome.sessions = sessionIds.length
    } catch (error) {
      outcome.status = 'failed'
      outcome.error = String(error)
    } finally {
      stop()
    }
    outcome.serverSha256 = server.uploads.get(file.name)?.sha256 ?? null
    outcome.violations = checkClientRules(server).map((violation) => violation.rule)
    status.value = outcome.status
    result.textContent = JSON.stringify(outcome, null, 2)
    root.dataset.status = outcome.status
    root.dispatchEvent(new CustomEvent('upload-done', { detail: outcome, bubbles: true }))
  }

  root.querySelector('[data-testid=upload]')!.addEventListener('click', () => {
    const file = input.files?.[0]
    if (file) void upload(file)
  })
  root.querySelector('[data-testid=sample]')!.addEventListener('click', () => {
    void upload(sampleFile())
  })
  return root
}

async function sha256(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource))
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
