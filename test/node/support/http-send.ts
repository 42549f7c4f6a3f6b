import { request } from 'node:http'

/** An answer as `node:http` read it: lower-case header names. */
export interface Sent {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * One request with headers `fetch` may not set (`Host`, `Origin`, `Sec-Fetch-Site`), as a
 * browser on another site or a DNS-rebinding page sends them.
 */
export function send(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Sent> {
  const url = new URL(path, base)
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? 'GET', headers: init.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(init.body)
  })
}
