import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  resolve: {
    // msw-bits is linked from the repository (file:../..); one msw for the worker and its handlers.
    dedupe: ['msw'],
  },
  server: {
    // The uploader imports msw-bits' reference client from the repository's test/support.
    fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] },
  },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        timeline: fileURLToPath(new URL('timeline.html', import.meta.url)),
        'timeline-scale': fileURLToPath(new URL('timeline-scale.html', import.meta.url)),
      },
    },
  },
})
