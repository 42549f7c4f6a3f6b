// The types as a consumer sees them (TypeScript's nodenext resolution, ESM): the main entry, a JSON
// plan typed by validatePlan, and the vitest matchers registered by `msw-bits/vitest`.
import { createBitsServer, type FaultPlan, validatePlan } from 'msw-bits'
import plan from 'msw-bits/fixtures/plans/close-session-5xx-burst.json' with { type: 'json' }
import { expect } from 'vitest'
import 'msw-bits/vitest'

const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads' })
const typed: FaultPlan = validatePlan(plan)
bits.faults.use(typed)
expect(bits).toFollowBitsClientRules()
