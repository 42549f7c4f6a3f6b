// Writes fixtures/fault-plan.schema.json from the zod definition of plans (`npm run schema`).
import { writeFileSync } from 'node:fs'
import { faultPlanJsonSchema } from '../src/faults/index.js'

const target = new URL('../fixtures/fault-plan.schema.json', import.meta.url)
const schema = { ...faultPlanJsonSchema(), title: 'msw-bits fault plan' }
writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`)
console.log(`wrote ${target.pathname}`)
