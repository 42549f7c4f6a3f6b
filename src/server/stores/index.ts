import { digestStore } from './digest-store.js'
import { memoryStore } from './memory-store.js'
import type { UploadStore } from './upload-store.js'

/** Stores selectable by name in `createBitsServer({ store })`. */
export const STORES = { memory: memoryStore, digest: digestStore } as const satisfies Record<
  string,
  UploadStore
>

/** A store name for the `store` option. */
export type StoreName = keyof typeof STORES

export type { Upload, UploadContent, UploadSink, UploadStore } from './upload-store.js'
