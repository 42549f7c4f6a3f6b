import { closest, distance } from 'fastest-levenshtein'

/**
 * ` Did you mean "maxFragmentSize"?` when one of `candidates` is a likely typo of `word` (at most
 * a third of its letters edited, case ignored), or `''`: the remedy part of a usage message.
 * @example
 *   didYouMean('Fragmnet', ['Ping', 'Fragment']) // ' Did you mean "Fragment"?'
 */
export function didYouMean(word: string, candidates: readonly string[]): string {
  if (word === '' || candidates.includes(word)) return ''
  const lower = candidates.map((candidate) => candidate.toLowerCase())
  const best = closest(word.toLowerCase(), lower)
  const edits = distance(word.toLowerCase(), best)
  if (edits > Math.max(1, Math.floor(word.length / 3))) return ''
  return ` Did you mean "${candidates[lower.indexOf(best)]}"?`
}
