/**
 * `fetch` over XMLHttpRequest, for clients (and tests) that upload with XHR. The service worker
 * answers XHR as it answers fetch; `uploadEvents` counts the `xhr.upload` progress events seen
 * (through a service worker Chromium fires none: see the README's Limitations).
 */
export const xhrStats = { uploadEvents: 0 }

// The browser refuses to let a page set these; fetch drops them silently, XHR logs an error.
const FORBIDDEN = new Set(['content-length', 'host', 'connection'])

export function xhrFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(init.method ?? 'GET', String(input))
    xhr.responseType = 'arraybuffer'
    for (const [name, value] of new Headers(init.headers)) {
      if (!FORBIDDEN.has(name)) xhr.setRequestHeader(name, value)
    }
    xhr.upload.onprogress = () => {
      xhrStats.uploadEvents++
    }
    xhr.onload = () => {
      const headers = new Headers()
      for (const line of xhr.getAllResponseHeaders().trim().split(/\r?\n/)) {
        const colon = line.indexOf(':')
        if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim())
      }
      // A Response cannot carry 1xx or 204/304 with a body; BITS Acks are 2xx-5xx with none.
      const body = xhr.status === 204 || xhr.status === 304 ? null : xhr.response
      resolve(new Response(body, { status: xhr.status, headers }))
    }
    xhr.onerror = () => reject(new TypeError('Failed to fetch (XHR network error)'))
    xhr.onabort = () => reject(new DOMException('The request was aborted.', 'AbortError'))
    init.signal?.addEventListener('abort', () => xhr.abort())
    xhr.send((init.body as XMLHttpRequestBodyInit | null | undefined) ?? null)
  })
}
