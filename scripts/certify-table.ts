// Prints the certify catalogue as the README's Markdown table, each row linking its source:
//   npx tsx scripts/certify-table.ts
import { CATALOGUE } from '../src/node/certify/catalogue.js'
import { specUrl } from '../src/node/certify/report/spec-link.js'
import { SCENARIO_GROUPS } from '../src/node/certify/report-types.js'

const rows = CATALOGUE.map((s) => {
  const url = specUrl(s.section)
  const source = url ? `[${s.section}](${url})` : s.section
  const group = SCENARIO_GROUPS[s.id.split('.')[0] ?? ''] ?? ''
  return `| ${s.id} | ${group} | ${s.title} | ${s.expect} | ${source} |`
})
console.log(
  ['| id | group | scenario | expect | checks |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  ),
)
