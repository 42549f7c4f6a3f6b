/** Statuses whose `Response` may not carry a body (Fetch standard, "null body status"). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

/**
 * A `fetch`-shaped function over the environment's `XMLHttpRequest`, so the reference client
 * (which speaks `fetch`) can upload through XHR as browser BITS clients written for XHR do.
 * Headers, body, method and abort pass through; `XMLHttpRequest` drops forbidden headers such as
 * `Content-Length` itself, as a browser does.
 *
 * @example
 *   await uploadBits({ url, data, fetch: xhrFetch })
 */
export const xhrFetch: typeof fetch = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    const url = input instanceof Request ? input.url : String(input)
    xhr.open(init.method ?? 'GET', url)
    xhr.responseType = 'arraybuffer'
    new Headers(init.headers).forEach((value, name) => {
      xhr.setRequestHeader(name, value)
    })
    init.signal?.addEventListener('abort', () => xhr.abort())
    xhr.onload = () => {
      const headers = new Headers()
      for (const line of xhr.getAllResponseHeaders().trim().split(/\r?\n/)) {
        const colon = line.indexOf(':')
        if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim())
      }
      const body = NULL_BODY_STATUSES.has(xhr.status) ? null : (xhr.response as ArrayBuffer)
      resolve(new Response(body, { status: xhr.status, headers }))
    }
    xhr.onerror = () => reject(new TypeError(`XMLHttpRequest to ${url} failed`))
    xhr.onabort = () => reject(new DOMException('The request was aborted', 'AbortError'))
    xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null)
  })
