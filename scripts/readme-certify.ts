// `npm run readme:certify`: the README's certify tables come from the code, not from pasting: the
// client rules with their level (src/oracle RULE_LEVELS) and the scenario catalogue, each row
// linking its spec section. Each table sits between `<!-- generated: NAME -->` and
// `<!-- end: NAME -->`. `--check` (in check:readme) fails when the README differs.
import { readFileSync, writeFileSync } from 'node:fs'
import { CATALOGUE } from '../src/node/certify/catalogue.js'
import { specUrl } from '../src/node/certify/report/spec-link.js'
import { CLIENT_RULES, RULE_LEVELS } from '../src/oracle/index.js'

const README = new URL('../README.md', import.meta.url)

/** Text in a table cell: a `|` would end the cell. */
const cell = (text: string) => text.replaceAll('|', '\\|')

/** A section as a Markdown link when it can be read online, else as text. */
function source(section: string): string {
  const url = specUrl(section)
  return url ? `[${cell(section).replace(/[[\]]/g, '\\$&')}](${url})` : cell(section)
}

/** A Markdown table, its columns padded as the formatter (biome) lays them out. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((_, i) =>
    Math.max(3, ...[head, ...rows].map((row) => [...row[i]!].length)),
  )
  const line = (cells: string[]) =>
    `| ${cells.map((text, i) => text + ' '.repeat(widths[i]! - [...text].length)).join(' | ')} |`
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

const TABLES: Record<string, () => string> = {
  'certify-rules': () =>
    table(
      ['level', 'verdict when broken', 'rules'],
      (['must', 'should'] as const).map((level) => [
        level === 'must' ? 'MUST' : 'SHOULD',
        level === 'must' ? '`fail`' : '`non-strict`',
        CLIENT_RULES.filter((rule) => RULE_LEVELS[rule.id] === level)
          .map((rule) => `\`${rule.id}\``)
          .join(', '),
      ]),
    ),
  'certify-scenarios': () =>
    table(
      ['id', 'scenario', 'the client must', 'checks'],
      CATALOGUE.map((scenario) => [
        scenario.id,
        cell(scenario.title),
        scenario.expect === 'recover' ? 'recover' : 'give up',
        source(scenario.section),
      ]),
    ),
}

const before = readFileSync(README, 'utf8')
let after = before
for (const [name, render] of Object.entries(TABLES)) {
  const pattern = new RegExp(
    `(<!-- generated: ${name} [^\\n]*-->\\n)[\\s\\S]*?(<!-- end: ${name} -->)`,
  )
  if (!pattern.test(after)) throw new Error(`Failed to find the "${name}" table in README.md.`)
  after = after.replace(pattern, (_, open: string, close: string) => `${open}${render()}\n${close}`)
}

if (process.argv.includes('--check')) {
  if (after !== before) {
    console.error(
      'README.md: the certify tables differ from the code. Run `npm run readme:certify`.',
    )
    process.exit(1)
  }
  console.log('readme-certify: the certify tables match the code')
} else {
  writeFileSync(README, after)
  console.log('readme-certify: README.md written')
}
