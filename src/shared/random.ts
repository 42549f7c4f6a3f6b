import type { Faker } from '@faker-js/faker'
// The base-locale entry loads in ~15 ms; the package root loads every locale (~200 ms).
import { faker as baseFaker } from '@faker-js/faker/locale/base'

/** A seeded source of every random choice msw-bits makes, so a run can be replayed exactly. */
export interface Random {
  /** A float in [0, 1). */
  float(): number
  /** `length` random bytes. */
  bytes(length: number): Uint8Array
}

const FakerClass = baseFaker.constructor as typeof Faker

/** A generator on faker's seeded Mersenne Twister: the same seed gives the same sequence. */
export function seededRandom(seed: number): Random {
  const faker = new FakerClass({ locale: baseFaker.rawDefinitions })
  faker.seed(seed)
  return {
    float: () => faker.number.float({ min: 0, max: 1 }),
    bytes: (length) => Uint8Array.from({ length }, () => faker.number.int({ min: 0, max: 255 })),
  }
}
