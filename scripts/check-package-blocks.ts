// Writes the README's matcher block into a fresh consumer project, as a user copies it, for
// scripts/check-package-runners.sh:
//   npx tsx scripts/check-package-blocks.ts vitest|jest DIR
// vitest gets the block as it stands; jest gets it with the two changes "In jest" asks for (the
// types from `msw-bits/jest`, the globals from `@jest/globals`) and the README's ESM and CommonJS
// jest configs, plus a CommonJS test that `require`s msw-bits. "Your BITS client" is the
// reference client (test/support/bits-client.ts), behind the README's signature.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = new URL('..', import.meta.url).pathname
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The first fenced block of `lang` after `marker` in the README; throws when there is none. */
function blockAfter(marker: string, lang: string): string {
  const start = readme.indexOf(marker)
  const fence = `\n\`\`\`${lang}\n`
  const open = readme.indexOf(fence, start)
  if (start < 0 || open < 0)
    throw new Error(`Failed to find a ${lang} block after "${marker}" in README.md.`)
  const body = open + fence.length
  return readme.slice(body, readme.indexOf('\n```\n', body) + 1)
}

/** `text` with `from` replaced by `to`; throws when the README no longer has `from`. */
function swap(text: string, from: string, to: string): string {
  if (!text.includes(from))
    throw new Error(`Failed to adapt the matcher block for jest: it has no "${from}".`)
  return text.replace(from, to)
}

const [runner, dir] = process.argv.slice(2)
if ((runner !== 'vitest' && runner !== 'jest') || dir === undefined) {
  throw new Error('Failed to write the blocks: usage: check-package-blocks.ts vitest|jest DIR.')
}
mkdirSync(join(dir, 'test'), { recursive: true })
mkdirSync(join(dir, 'src'), { recursive: true })
copyFileSync(join(ROOT, 'test/support/bits-client.ts'), join(dir, 'src/bits-client.ts'))
writeFileSync(
  join(dir, 'src/uploader.ts'),
  `import { uploadBits } from './bits-client.js'
export async function uploadCrashDump(url: string, data: Uint8Array): Promise<void> {
  await uploadBits({ url, data, fragmentSize: 16_384, retryDelayMs: 1 })
}
`,
)
writeFileSync(
  join(dir, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      resolveJsonModule: true,
      types: ['node'],
    },
    include: ['src', 'test'],
  }),
)

const block = blockAfter('## Asserting client behaviour', 'ts')
if (runner === 'vitest') {
  writeFileSync(join(dir, 'test/matchers.test.ts'), block)
} else {
  const forJest = swap(
    swap(block, "import 'msw-bits/vitest'", "import type {} from 'msw-bits/jest'"),
    "from 'vitest'",
    "from '@jest/globals'",
  )
  writeFileSync(join(dir, 'test/matchers.test.ts'), forJest)
  writeFileSync(join(dir, 'jest.config.js'), blockAfter('**ESM**', 'js'))
  writeFileSync(join(dir, 'jest.commonjs.config.cjs'), blockAfter('**CommonJS**', 'js'))
  copyFileSync(join(ROOT, 'test/package/runners/ping.test.cjs'), join(dir, 'test/ping.test.cjs'))
  copyFileSync(
    join(ROOT, 'test/package/runners/jest.plain.config.cjs'),
    join(dir, 'jest.plain.config.cjs'),
  )
}
