/**
 * Alignment of a conversation with the norms of empathic communication (STUDY.md, "Measures"):
 * the mean of the prescriptive scores and of `reflect − score` for the proscriptive ones, so that
 * higher is always closer to the norm. With the 1–5 scale, `reflect` is 6 (preregistration
 * `scoring.alignment_reflect`).
 */
import { DIMENSIONS } from '../study.ts';
import type { DimensionScores } from './types.ts';

/**
 * Alignment from the six dimension scores; `null` when any of them is missing (a partial mean
 * would compare conversations on different sets of dimensions).
 *
 * @example
 * alignmentOf({ validating_emotions: 4, encouraging_elaboration: 3, demonstrating_understanding: 5,
 *   advice_giving: 2, self_oriented: 1, dismissing_emotions: 1 }, 6); // (4+3+5+4+5+5)/6 = 4.333…
 */
export function alignmentOf(scores: DimensionScores, reflect: number): number | null {
  let sum = 0;
  for (const spec of DIMENSIONS) {
    const score = scores[spec.name];
    if (score === null) return null;
    sum += spec.kind === 'prescriptive' ? score : reflect - score;
  }
  return sum / DIMENSIONS.length;
}
