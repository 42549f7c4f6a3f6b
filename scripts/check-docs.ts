// `npm run lint` runs this: the documentation a user reads in their editor and beside the package.
// 1. Every export of every package entry (package-entries.ts: the `exports` subpaths), found by the
//    TypeScript compiler, has a docstring with an `@example`. Fails under 100%. A new export needs
//    one: write it as a user would (`from 'msw-bits'`, never a relative path).
// 2. Those examples type-check against the built package (dist/: run `npm run build` first), each
//    as a file of its own in .examples-check/, given the few names EXAMPLE_GLOBALS declares.
// 3. Every relative link and picture in README.md names a file the packed tarball ships
//    (`npm pack --dry-run`): the package has no confirmed repository URL to link to instead.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { PACKAGE_ENTRIES } from '../package-entries.js'

const ROOT = new URL('..', import.meta.url).pathname

/** Each exported symbol once (aliases resolved), with the subpaths and names it is exported as. */
function publicSymbols(): Map<ts.Symbol, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
      },
    },
  )
  const entries = Object.entries(PACKAGE_ENTRIES)
  const program = ts.createProgram(
    entries.map(([, entry]) => join(ROOT, entry.source)),
    config?.options ?? {},
  )
  const checker = program.getTypeChecker()
  const symbols = new Map<ts.Symbol, string[]>()
  for (const [subpath, entry] of entries) {
    const file = program.getSourceFile(join(ROOT, entry.source))
    const module = file && checker.getSymbolAtLocation(file)
    if (!module) throw new Error(`Failed to read the exports of ${entry.source}: no module.`)
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      const names = symbols.get(symbol) ?? []
      names.push(
        `${subpath === '.' ? 'msw-bits' : `msw-bits/${subpath.slice(2)}`} ${exported.name}`,
      )
      symbols.set(symbol, names)
    }
  }
  return symbols
}

/** The code of each `@example` of the symbol, its comment's indent removed. */
const examplesOf = (symbol: ts.Symbol): string[] =>
  (symbol.declarations ?? []).flatMap((declaration) =>
    ts
      .getJSDocTags(declaration)
      .filter((tag) => tag.tagName.text === 'example')
      .map((tag) => {
        const lines = (ts.getTextOfJSDocComment(tag.comment) ?? '').split('\n')
        const indents = lines
          .filter((line) => line.trim())
          .map((line) => /^ */.exec(line)![0].length)
        const indent = Math.min(...indents)
        return lines.map((line) => line.slice(indent)).join('\n')
      }),
  )

const where = (symbol: ts.Symbol) => {
  const declaration = symbol.declarations?.[0]
  if (!declaration) return '?'
  const file = declaration.getSourceFile()
  const { line } = file.getLineAndCharacterOfPosition(declaration.getStart())
  return `${relative(ROOT, file.fileName)}:${line + 1}`
}

function checkExamples(): boolean {
  const symbols = [...publicSymbols()]
  const missing = symbols.filter(([symbol]) => examplesOf(symbol).length === 0)
  const documented = symbols.length - missing.length
  const percent = ((100 * documented) / symbols.length).toFixed(1)
  console.log(
    `check-docs: ${documented} of ${symbols.length} exports have an @example (${percent}%)`,
  )
  for (const [symbol, names] of missing)
    console.error(`  no @example: ${names.join(', ')} (${where(symbol)})`)
  return missing.length === 0 && typeCheckExamples(symbols)
}

const EXAMPLES_DIR = join(ROOT, '.examples-check')

/**
 * What examples may use without declaring it: the server a test made, a loopback server, the
 * user's uploader and a few of its values, a socket host's own writer, the test framework's globals.
 */
/** The user's own uploader package, as the describeBitsConformance example imports it. */
const EXAMPLE_MODULES = `declare module 'my-uploader' {
  export function uploadFile(url: string, bytes: Uint8Array, options?: { signal?: AbortSignal }): Promise<void>
}
`

const EXAMPLE_GLOBALS = `import type { BitsServer, TimelineData, UploadSink, WireRequest } from 'msw-bits'
import type { CertifyClient, CertifyReport, RunningBitsServer } from 'msw-bits/node'
declare global {
  const bits: BitsServer
  const srv: RunningBitsServer
  const myUploader: CertifyClient & {
    upload(url: string, bytes: Uint8Array, options?: { signal?: AbortSignal }): Promise<void>
  }
  const url: string
  const bytes: Uint8Array
  const dump: Uint8Array
  const request: WireRequest
  const pairs: [string, string][]
  const response: Response
  const container: HTMLElement
  const socket: import('node:net').Socket
  function writeResponse(socket: import('node:net').Socket, response: Response): Promise<void>
  function countingSink(): UploadSink
  const describe: typeof import('vitest').describe
  const it: typeof import('vitest').it
  const expect: typeof import('vitest').expect
  const beforeAll: typeof import('vitest').beforeAll
  const afterEach: typeof import('vitest').afterEach
}
`

function typeCheckExamples(symbols: [ts.Symbol, string[]][]): boolean {
  rmSync(EXAMPLES_DIR, { recursive: true, force: true })
  mkdirSync(EXAMPLES_DIR)
  writeFileSync(join(EXAMPLES_DIR, 'globals.d.ts'), EXAMPLE_GLOBALS)
  writeFileSync(join(EXAMPLES_DIR, 'modules.d.ts'), EXAMPLE_MODULES)
  writeFileSync(
    join(EXAMPLES_DIR, 'tsconfig.json'),
    JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'] }),
  )
  let count = 0
  for (const [symbol, names] of symbols) {
    for (const code of examplesOf(symbol)) {
      const file = join(EXAMPLES_DIR, `example-${String(++count).padStart(3, '0')}.ts`)
      writeFileSync(file, `// ${names[0]} (${where(symbol)})\n${code}\nexport {}\n`)
    }
  }
  try {
    execFileSync('npx', ['tsc', '-p', join(EXAMPLES_DIR, 'tsconfig.json'), '--noEmit'], {
      cwd: ROOT,
      stdio: 'inherit',
    })
  } catch {
    console.error(
      `  Failed to type-check the @examples: each file above names its export. Fix the example.`,
    )
    return false
  }
  console.log(`check-docs: ${count} @examples type-check against dist/`)
  return true
}

function packedFiles(): string[] {
  const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  return (JSON.parse(json) as [{ files: { path: string }[] }])[0].files.map((file) => file.path)
}

function checkReadmeLinks(): boolean {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/^```[\s\S]*?^```$/gm, '')
  const targets = [...readme.matchAll(/\]\(([^)\s]+)\)|\bsrc="([^"]+)"/g)].map(
    (match) => (match[1] ?? match[2])!,
  )
  const local = targets.filter((target) => !/^([a-z]+:|#)/i.test(target))
  // Without a repository in package.json, a link to one is a guess (github.com/msw-bits/msw-bits was).
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  const guessed = pkg.repository
    ? []
    : targets.filter((target) => /^https?:\/\/[^/]+\/[^/]+\/msw-bits\b/.test(target))
  for (const target of guessed) {
    console.error(
      `  Failed to link ${target}: package.json names no repository. Confirm the repository in package.json, or name the file without a link.`,
    )
  }
  const shipped = packedFiles()
  const unshipped = local
    .map((target) =>
      target
        .replace(/[#?].*$/, '')
        .replace(/^\.\//, '')
        .replace(/\/$/, ''),
    )
    .filter((path) => !shipped.some((file) => file === path || file.startsWith(`${path}/`)))
  console.log(
    `check-docs: ${local.length - unshipped.length} of ${local.length} README links to files the tarball ships`,
  )
  for (const path of unshipped) {
    console.error(
      `  Failed to link ${path}: the tarball does not ship it. Add it to package.json "files", or name it without a link.`,
    )
  }
  return unshipped.length === 0 && guessed.length === 0
}

const examples = checkExamples()
const links = checkReadmeLinks()
if (!examples || !links) process.exit(1)
