import { readdirSync, readFileSync } from 'node:fs'
import type { FaultPlan } from '../../src/index.js'

const PLANS = new URL('../../fixtures/plans/', import.meta.url)

/** Every fixture plan's file name. */
export const PLAN_FILES = readdirSync(PLANS).filter((file) => file.endsWith('.json'))

/** A fixture plan under fixtures/plans, parsed (not validated: that is the server's job). */
export function plan(file: string): FaultPlan {
  return JSON.parse(readFileSync(new URL(file, PLANS), 'utf8')) as FaultPlan
}
