import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The package's root, the nearest folder above this module with a package.json: this module is
 * `src/node/dashboard/…` in a checkout, a chunk of `dist/` once built (ESM or CommonJS), in a
 * checkout and in `node_modules/msw-bits` alike, and the root holds `dist/` and `fixtures/plans/`.
 */
export const ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)))
const BUILT = join(ROOT, 'dist')
/** The folder of the plans the package ships (`fixtures/plans/`). */
export const PLANS = join(ROOT, 'fixtures', 'plans')

/** One fixture plan, as `GET /__bits/plans` lists it. */
export interface FixturePlan {
  /** File name under `fixtures/plans/`, e.g. `fragment-503-burst.json`. */
  file: string
  /** The plan's `name`, or the file name when it has none. */
  name: string
  /** The plan's `description`, if any. */
  description: string | null
  /** The plan itself, ready for `PUT /__bits/faults`. */
  plan: unknown
}

/**
 * The fault plans shipped in `fixtures/plans/`, sorted by file name. A file that is not JSON is
 * left out rather than failing the list: the list is for picking, `PUT /__bits/faults` validates.
 */
export async function listFixturePlans(): Promise<FixturePlan[]> {
  const files = (await readdir(PLANS).catch(() => [] as string[]))
    .filter((file) => extname(file) === '.json')
    .sort()
  const plans = await Promise.all(files.map(readPlan))
  return plans.filter((plan) => plan !== null)
}

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir
    if (dirname(dir) === dir) return from
  }
}

async function readPlan(file: string): Promise<FixturePlan | null> {
  try {
    const plan: unknown = JSON.parse(await readFile(join(PLANS, file), 'utf8'))
    const fields = (typeof plan === 'object' && plan !== null ? plan : {}) as Record<
      string,
      unknown
    >
    return {
      file,
      name: typeof fields.name === 'string' ? fields.name : file,
      description: typeof fields.description === 'string' ? fields.description : null,
      plan,
    }
  } catch {
    return null
  }
}

/** What the dashboard page loads from `dist/`, by extension, with its `Content-Type`. */
const ASSET_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

/** A file of the package's build, with the `Content-Type` to serve it under. */
export interface BuiltAsset {
  body: Uint8Array
  type: string
}

/**
 * A built file of the package (`timeline/index.js`, `node/dashboard/browser/style.css`, …), for
 * the dashboard page to load as is: the browser half imports only relative modules, so no bundler
 * stands between the build and the page. `null` for anything but a `.js`, `.css` or `.svg` file
 * inside `dist/`.
 * @example
 *   await readBuiltAsset('node/dashboard/browser/style.css') // { body, type: 'text/css; charset=utf-8' }
 */
export async function readBuiltAsset(path: string): Promise<BuiltAsset | null> {
  const type = ASSET_TYPES[extname(path)]
  if (type === undefined || path.includes('\0')) return null
  const file = normalize(join(BUILT, path))
  if (!file.startsWith(`${BUILT}${sep}`)) return null
  const body = await readFile(file).catch(() => null)
  return body === null ? null : { body, type }
}
