// `npm run check:readme`: the README's TypeScript blocks as a user copies them. Each ```ts block is
// written to a file and type-checked; the blocks that are tests (they call `it(`) run under
// vitest. A block that imports `../src/uploader.js` ("your BITS client") gets the reference client
// there. Blocks written for the browser example (`./mocks/bits`, `./uploader`, Storybook) are
// checked inside examples/browser with its tsconfig, when it is installed (CI installs it first).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = new URL('..', import.meta.url).pathname
const NODE_DIR = join(ROOT, '.readme-check')
const BROWSER_DIR = join(ROOT, 'examples/browser/src/readme-check')
const BROWSER_ONLY = /from '(\.\/mocks\/bits|\.\/uploader|@storybook\/[^']+|msw\/browser)'/

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match, index) => ({
  name: `block-${String(index + 1).padStart(2, '0')}`,
  line: readme.slice(0, match.index).split('\n').length,
  code: match[1]!,
}))

const run = (command: string, args: string[], cwd = ROOT) =>
  execFileSync(command, args, { cwd, stdio: 'inherit' })

rmSync(NODE_DIR, { recursive: true, force: true })
rmSync(BROWSER_DIR, { recursive: true, force: true })
mkdirSync(join(NODE_DIR, 'test'), { recursive: true })
mkdirSync(join(NODE_DIR, 'src'), { recursive: true })
try {
  // "Your BITS client" of the examples: the reference client, behind the README's signature.
  writeFileSync(
    join(NODE_DIR, 'src/uploader.ts'),
    `import { uploadBits } from '../../test/support/bits-client.js'
export async function uploadCrashDump(url: string, data: Uint8Array): Promise<void> {
  await uploadBits({ url, data, fragmentSize: 16_384, retryDelayMs: 1 })
}
`,
  )
  const browser = blocks.filter((block) => BROWSER_ONLY.test(block.code))
  const node = blocks.filter((block) => !browser.includes(block))
  for (const block of node) {
    const file = /\bit\(/.test(block.code) ? `${block.name}.test.ts` : `${block.name}.ts`
    writeFileSync(join(NODE_DIR, 'test', file), `// README.md line ${block.line}\n${block.code}`)
  }
  writeFileSync(
    join(NODE_DIR, 'tsconfig.json'),
    JSON.stringify({ extends: '../tsconfig.json', include: ['**/*.ts'] }),
  )
  console.log(`check-readme: type-checking ${node.length} blocks (Node)`)
  run('npx', ['tsc', '-p', join(NODE_DIR, 'tsconfig.json'), '--noEmit'])
  console.log('check-readme: running the blocks that are tests')
  const config = join(NODE_DIR, 'vitest.config.mjs')
  writeFileSync(config, "export default { test: { include: ['test/**/*.test.ts'] } }\n")
  run('npx', ['vitest', 'run', '--root', NODE_DIR, '--config', config])

  if (existsSync(join(ROOT, 'examples/browser/node_modules'))) {
    mkdirSync(BROWSER_DIR, { recursive: true })
    for (const block of browser) {
      // Placed beside the example's own modules, which the blocks import as `./mocks/bits`.
      const code = block.code.replaceAll("from './", "from '../")
      writeFileSync(
        join(BROWSER_DIR, `${block.name}.ts`),
        `// README.md line ${block.line}\n${code}`,
      )
    }
    console.log(`check-readme: type-checking ${browser.length} blocks in examples/browser`)
    run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], join(ROOT, 'examples/browser'))
  } else {
    console.log(
      `check-readme: examples/browser not installed: ${browser.length} blocks not checked`,
    )
  }
} finally {
  rmSync(NODE_DIR, { recursive: true, force: true })
  rmSync(BROWSER_DIR, { recursive: true, force: true })
}
