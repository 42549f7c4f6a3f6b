import { BitsUsageError } from '../../shared/usage-error.js'

/** A JSON response with an explicit Content-Length, as every control route answers. */
export function json(value: unknown, status = 200): Response {
  const body = Buffer.from(`${JSON.stringify(value, replacer, 2)}\n`)
  return new Response(body, {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(body.byteLength),
    },
  })
}

/** Plain text with an explicit Content-Length. */
export function text(
  value: string,
  contentType = 'text/plain; charset=utf-8',
  status = 200,
): Response {
  const body = Buffer.from(value)
  return new Response(body, {
    status,
    headers: { 'Content-Type': contentType, 'Content-Length': String(body.byteLength) },
  })
}

/** `{ "error": …, "code": … }` with `status`. */
export function problem(status: number, error: string, code?: string): Response {
  return json(code === undefined ? { error } : { error, code }, status)
}

/**
 * The most body the control API reads, in bytes: a plan or a rule is a few KiB, and a larger body
 * must not grow the server's memory (a 300 MiB `PUT /__bits/faults` took RSS to 1 GB).
 */
export const MAX_CONTROL_BODY_BYTES = 1024 * 1024

/**
 * The request's body as JSON, or the answer: 400 when it is not JSON, 413 when it is larger than
 * {@link MAX_CONTROL_BODY_BYTES} (known from `Content-Length` before a byte is read, or counted as
 * it streams). Control routes never throw for bad input.
 */
export async function readJson(request: Request): Promise<{ value: unknown } | Response> {
  const body = await readText(request, MAX_CONTROL_BODY_BYTES)
  if (body === null)
    return problem(
      413,
      `Failed to read the request body: it is larger than ${MAX_CONTROL_BODY_BYTES} bytes. Send a smaller plan.`,
      'BODY_TOO_LARGE',
    )
  try {
    return { value: JSON.parse(body) }
  } catch (error) {
    return problem(
      400,
      `Failed to read the request body as JSON: ${(error as Error).message}.`,
      'INVALID_JSON',
    )
  }
}

/** The body as UTF-8 text, or `null` as soon as it is known to exceed `limit` bytes. */
async function readText(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) {
    await request.body?.cancel()
    return null
  }
  if (request.body === null) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength
    if (size > limit) {
      await reader.cancel()
      return null
    }
    chunks.push(read.value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Runs a call that may throw a usage error (a bad plan) and answers 400 naming the field. */
export function usage(call: () => unknown): Response | null {
  try {
    call()
    return null
  } catch (error) {
    if (error instanceof BitsUsageError) return problem(400, error.message, error.code)
    throw error
  }
}

/** Bytes are never put in JSON; `Infinity` (a rule's `"always"`) is written as the plan says it. */
function replacer(key: string, value: unknown): unknown {
  if (key === 'bytes' && value instanceof Uint8Array) return undefined
  if (value === Number.POSITIVE_INFINITY) return 'always'
  return value
}
