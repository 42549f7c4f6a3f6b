export {
  type BitsLike,
  type BitsMatcherImplementations,
  type BitsMatchers,
  bitsMatchers,
  type PacketExpectation,
  type UploadExpectation,
} from './matchers.js'
