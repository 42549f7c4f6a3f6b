const { upload } = require('./upload.cjs')

upload({ msw: require('msw/node'), bits: require('msw-bits') }).then(
  (size) => console.log(`CommonJS: uploaded ${size} bytes through msw-bits`),
  (error) => {
    console.error(error)
    process.exitCode = 1
  },
)
