// Debian's Chromium driven by playwright-core, and the built examples served on 127.0.0.1.
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type BrowserContext, chromium } from 'playwright-core'
import sirv from 'sirv'

/** Debian's package puts it here; test tools' own browser downloads cannot reach their hosts. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * The example project whose build output the tests open, made by `npm run test:browser` first.
 * `MSW_BITS_EXAMPLE=<dir>` points them at a copy (e.g. one installed with another MSW major).
 */
export const EXAMPLE = process.env.MSW_BITS_EXAMPLE
  ? pathToFileURL(`${process.env.MSW_BITS_EXAMPLE.replace(/\/$/, '')}/`)
  : new URL('../../examples/browser/', import.meta.url)

export interface Chromium {
  context: BrowserContext
  close(): Promise<void>
}

/**
 * Chromium with a fresh profile of its own, removed on close.
 * @param args more command-line flags (`--host-resolver-rules=MAP evil.test 127.0.0.1`)
 */
export async function launchChromium(args: readonly string[] = []): Promise<Chromium> {
  const profile = await mkdtemp(join(tmpdir(), 'msw-bits-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...FLAGS, ...args],
    viewport: { width: 1000, height: 800 },
    deviceScaleFactor: 1,
  })
  return {
    context,
    async close() {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

export interface StaticSite {
  /** `http://127.0.0.1:<port>` */
  origin: string
  close(): Promise<void>
}

/** Serves a built site on 127.0.0.1 at a free port. */
export async function serve(directory: URL): Promise<StaticSite> {
  const files = sirv(directory.pathname, { dev: true, etag: false })
  const server: Server = createServer((request, response) =>
    files(request, response, () => {
      response.statusCode = 404
      response.end()
    }),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
