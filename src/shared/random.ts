// SimpleFaker: faker's seeded generator without locale data. The build bundles it (tsup
// noExternal), tree-shaken, so neither Node nor a browser bundle loads the package's locales.
import { SimpleFaker } from '@faker-js/faker'

/** A seeded source of every random choice msw-bits makes, so a run can be replayed exactly. */
export interface Random {
  /** A float in [0, 1). */
  float(): number
  /** `length` random bytes. */
  bytes(length: number): Uint8Array
}

/** A generator on faker's seeded Mersenne Twister: the same seed gives the same sequence. */
export function seededRandom(seed: number): Random {
  const faker = new SimpleFaker()
  faker.seed(seed)
  return {
    float: () => faker.number.float({ min: 0, max: 1 }),
    bytes: (length) => Uint8Array.from({ length }, () => faker.number.int({ min: 0, max: 255 })),
  }
}
