// `npm run lint` runs this: the documentation a user reads in their editor and beside the package.
// 1. Every export of every package entry (package-entries.ts: the `exports` subpaths), found by the
//    TypeScript compiler, has a docstring with an `@example`. Fails under 100%. A new export needs
//    one: write it as a user would (`from 'msw-bits'`, never a relative path).
// 2. Every relative link and picture in README.md names a file the packed tarball ships
//    (`npm pack --dry-run`): the package has no confirmed repository URL to link to instead.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
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

const hasExample = (symbol: ts.Symbol) =>
  (symbol.declarations ?? []).some((declaration) =>
    ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'example'),
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
  const missing = symbols.filter(([symbol]) => !hasExample(symbol))
  const documented = symbols.length - missing.length
  const percent = ((100 * documented) / symbols.length).toFixed(1)
  console.log(
    `check-docs: ${documented} of ${symbols.length} exports have an @example (${percent}%)`,
  )
  for (const [symbol, names] of missing)
    console.error(`  no @example: ${names.join(', ')} (${where(symbol)})`)
  return missing.length === 0
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
