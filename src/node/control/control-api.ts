import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import type { FaultPlan, FaultRule } from '../../faults/index.js'
import { checkClientRules } from '../../oracle/index.js'
import type { BitsEngine } from '../../server/engine.js'
import { didYouMean } from '../../shared/did-you-mean.js'
import { listFixturePlans, readBuiltAsset } from '../dashboard/package-files.js'
import { ASSETS_PATH, dashboardHtml } from '../dashboard/page.js'
import { followJournal } from './journal-stream.js'
import { json, problem, readJson, text, usage } from './json.js'

/**
 * The reserved path prefix of the control API (as WireMock's `/__admin/`).
 * @example
 *   import { CONTROL_PREFIX, startBitsServer } from 'msw-bits/node'
 *
 *   const srv = await startBitsServer()
 *   const journal = await (await fetch(`http://127.0.0.1:${srv.port}${CONTROL_PREFIX}/journal`)).json()
 *   await srv.close()
 */
export const CONTROL_PREFIX = '/__bits'

/** Whether a request path belongs to the control API. */
export function isControlPath(pathname: string): boolean {
  return pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)
}

type Route = (request: Request, url: URL, rest: string) => Response | Promise<Response>

/** What the control API needs besides the engine. */
export interface ControlContext {
  bits: BitsEngine
  /** Aborted when the server closes, so live streams end. */
  closed: AbortSignal
}

/**
 * The control API, route by route (JSON in, JSON out). See the README's table.
 *
 * - `GET /__bits/health` → `{ "ok": true }`
 * - `GET /__bits/journal` → `{ seed, entries }`; `?format=text` the timeline; `?follow=1` NDJSON, live
 * - `GET /__bits/faults` → the plan; `PUT` replaces it (400 naming the bad field); `DELETE` clears it
 * - `POST /__bits/faults/rules` → adds one rule; `GET /__bits/faults/pending` → rules that never fired
 * - `GET /__bits/sessions`, `GET /__bits/uploads` → live sessions; completed uploads (no bytes)
 * - `GET /__bits/uploads/<name>` → the upload's bytes (memory and directory stores)
 * - `GET /__bits/violations` → `checkClientRules` on the journal
 * - `POST /__bits/reset` → as `bits.reset()`
 * - `GET /__bits/plans` → the fixture plans (`fixtures/plans/*.json`) to pick from
 * - `GET /__bits/` → the dashboard page, drawn in the browser from these routes
 * - anything else → 404 `{ error, code: "NOT_FOUND", routes }` listing them (`"GET /__bits/health"`, …)
 */
export function createControlApi({
  bits,
  closed,
}: ControlContext): (request: Request) => Promise<Response> {
  const routes: Record<string, Partial<Record<string, Route>>> = {
    '/': { GET: () => text(dashboardHtml(CONTROL_PREFIX), 'text/html; charset=utf-8') },
    '/plans': { GET: async () => json(await listFixturePlans()) },
    '/health': { GET: () => json({ ok: true }) },
    '/journal': {
      GET: (_request, url) => {
        if (url.searchParams.get('format') === 'text') return text(`${bits.journal.format()}\n`)
        if (isTrue(url.searchParams.get('follow'))) {
          return new Response(followJournal(bits.journal, closed), {
            headers: { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' },
          })
        }
        return json(bits.journal.toJSON())
      },
    },
    '/faults': {
      GET: () => json(bits.faults.plan),
      PUT: async (request) => {
        const body = await readJson(request)
        if (body instanceof Response) return body
        return usage(() => bits.faults.use(body.value as FaultPlan)) ?? json(bits.faults.plan)
      },
      DELETE: () => {
        bits.faults.clear()
        return json(bits.faults.plan)
      },
    },
    '/faults/rules': {
      POST: async (request) => {
        const body = await readJson(request)
        if (body instanceof Response) return body
        return usage(() => bits.faults.add(body.value as FaultRule)) ?? json(bits.faults.plan, 201)
      },
    },
    '/faults/pending': { GET: () => json(bits.faults.pending()) },
    '/sessions': { GET: () => json(bits.sessions.list()) },
    '/uploads': { GET: () => json(bits.uploads.list()) },
    '/violations': { GET: () => json(checkClientRules(bits)) },
    '/reset': {
      POST: () => {
        bits.reset()
        return json({ ok: true })
      },
    },
  }

  return async (request) => {
    const url = new URL(request.url)
    const path = url.pathname.slice(CONTROL_PREFIX.length) || '/'
    if (path.startsWith('/uploads/')) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return notAllowed(['GET', 'HEAD'])
      return download(bits, decodePath(path.slice('/uploads/'.length)))
    }
    if (path.startsWith(ASSETS_PATH) && request.method === 'GET')
      return asset(decodePath(path.slice(ASSETS_PATH.length)))
    const route = routes[path]
    if (!route) return noRoute(url.pathname, routes)
    const handler = route[request.method === 'HEAD' ? 'GET' : request.method]
    if (!handler) return notAllowed(Object.keys(route))
    return handler(request, url, path)
  }
}

function download(bits: BitsEngine, name: string | null): Response {
  const upload = name === null ? undefined : bits.uploads.get(name)
  if (!upload)
    return problem(404, `No completed upload named ${JSON.stringify(name)}.`, 'UPLOAD_NOT_FOUND')
  const headers = {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(upload.size),
    ETag: `"${upload.sha256}"`,
  }
  if (upload.bytes) return new Response(upload.bytes as Uint8Array<ArrayBuffer>, { headers })
  if (upload.path) {
    const stream = Readable.toWeb(createReadStream(upload.path)) as ReadableStream<Uint8Array>
    return new Response(stream, { headers })
  }
  return problem(
    404,
    `The ${bits.options.store.kind} store keeps no bytes of ${JSON.stringify(upload.name)} (size and SHA-256 only).`,
    'NO_BYTES',
  )
}

/** A built module or stylesheet the dashboard loads; 404 for anything else. */
async function asset(path: string | null): Promise<Response> {
  const file = path === null ? null : await readBuiltAsset(path)
  if (!file) return problem(404, `No dashboard asset ${JSON.stringify(path)}.`, 'NOT_FOUND')
  return new Response(file.body as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': file.type,
      'Content-Length': String(file.body.byteLength),
      'Cache-Control': 'no-cache',
    },
  })
}

/** The routes with a path parameter, which the table of fixed paths does not hold. */
const PARAMETER_ROUTES = ['GET /uploads/<name>', `GET ${ASSETS_PATH}<file>`] as const

/**
 * 404 for a path no route serves, with every route in `routes` (and a likely one for a typo), so
 * a script's author need not open the dashboard to find the right one.
 */
function noRoute(
  pathname: string,
  routes: Record<string, Partial<Record<string, Route>>>,
): Response {
  const listed = [
    ...Object.entries(routes).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${CONTROL_PREFIX}${path}`),
    ),
    ...PARAMETER_ROUTES.map((route) => route.replace(' ', ` ${CONTROL_PREFIX}`)),
  ]
  const paths = Object.keys(routes).map((path) => `${CONTROL_PREFIX}${path}`)
  const error = `Failed to find the control route ${pathname}: there is none.${didYouMean(pathname, paths)} The routes: ${listed.join(', ')}.`
  return json({ error, code: 'NOT_FOUND', routes: listed }, 404)
}

function notAllowed(methods: string[]): Response {
  const response = problem(
    405,
    `Method not allowed; use ${methods.join(', ')}.`,
    'METHOD_NOT_ALLOWED',
  )
  response.headers.set('Allow', methods.join(', '))
  return response
}

function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path)
  } catch {
    return null
  }
}

function isTrue(value: string | null): boolean {
  return value !== null && value !== '0' && value !== 'false'
}
