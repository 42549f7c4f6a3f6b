// The catalogue as data: numbered, grouped, every plan valid, payloads deterministic.
import { validatePlan } from 'msw-bits'
import { CATALOGUE, SCENARIO_GROUPS } from 'msw-bits/node'
import { describe, expect, it } from 'vitest'

describe('the certify catalogue', () => {
  it('holds at least 40 scenarios with unique ids, in every group 1 to 12', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(40)
    const ids = CATALOGUE.map((s) => s.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^\d+\.\d+$/)
    const groups = new Set(ids.map((id) => id.split('.')[0]))
    expect([...groups]).toEqual(Object.keys(SCENARIO_GROUPS))
  })

  it.each(CATALOGUE.map((s) => [s.id, s] as const))(
    '%s has a valid plan, a source and a payload',
    (_, s) => {
      expect(() => validatePlan(s.plan, `scenario ${s.id}`)).not.toThrow()
      expect(s.section).toMatch(/^(\[MC-BUP\] §|W32: |OneDrive API: )/)
      expect(s.spec.length).toBeGreaterThan(20)
      expect(['recover', 'give-up']).toContain(s.expect)
      expect(Number.isInteger(s.payload.size) && s.payload.size >= 0).toBe(true)
      expect(s.payload.name).toMatch(/^[\w.-]+$/)
    },
  )

  it('has clean uploads of 0 B, 1 B and 64 MiB', () => {
    const sizes = CATALOGUE.filter((s) => s.id.startsWith('1.')).map((s) => s.payload.size)
    expect(sizes).toEqual(expect.arrayContaining([0, 1, 64 * 1024 * 1024]))
  })
})
