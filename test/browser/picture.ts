import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'
import { expect } from 'vitest'

/**
 * Compares a screenshot with the committed picture at `picture`, writing it first when it is
 * missing or `UPDATE_SCREENSHOTS` is set.
 */
export async function expectMatchesPicture(shot: Buffer, picture: URL): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS || !existsSync(picture)) {
    await writeFile(picture, shot)
    console.warn(`wrote ${picture.pathname}`)
  }
  const expected = PNG.sync.read(await readFile(picture))
  const actual = PNG.sync.read(shot)
  expect([actual.width, actual.height]).toEqual([expected.width, expected.height])
  const diff = pixelmatch(actual.data, expected.data, undefined, actual.width, actual.height, {
    threshold: 0.1,
  })
  // Font hinting may move a few pixels between machines; a changed layout moves thousands.
  expect(diff / (actual.width * actual.height)).toBeLessThan(0.005)
}
