import { digestStore } from './digest-store.js'
import { memoryStore } from './memory-store.js'
import type { UploadStore } from './upload-store.js'

/** Stores selectable by name in `createBitsServer({ store })`. */
export const STORES = { memory: memoryStore, digest: digestStore } as const satisfies Record<
  string,
  UploadStore
>

/**
 * A store name for the `store` option: `memory` keeps bytes, `digest` only size and SHA-256.
 * @example
 *   import { createBitsServer, type StoreName } from 'msw-bits'
 *
 *   const store: StoreName = 'digest' // a 4 GiB upload in O(1) memory
 *   const bits = createBitsServer({ baseUrl: 'https://bits.example.test/uploads', store })
 */
export type StoreName = keyof typeof STORES

export type {
  StagedAppend,
  Upload,
  UploadContent,
  UploadSink,
  UploadStore,
} from './upload-store.js'
