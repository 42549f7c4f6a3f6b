import * as msw from 'msw/node'
import * as bits from 'msw-bits'
import upload from './upload.cjs'

console.log(`ESM: uploaded ${await upload.upload({ msw, bits })} bytes through msw-bits`)
