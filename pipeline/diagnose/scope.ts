/**
 * Which part of the preregistration a simulated study runs: every confirmatory hypothesis (the
 * diagnosis proper), or only the primary family (H1, H2 with their Holm set) for the power curve
 * and the minimum detectable effect, where only H1's decision is needed.
 */
import type { Preregistration } from '../prereg/types.ts';

export type AnalysisScope = 'confirmatory' | 'primary';

/**
 * The preregistration restricted to a scope: its hypotheses, and the correction sets that still
 * have a member (a set keeps its full membership list; absent members are skipped by
 * applyCorrections, as R's p.adjust skips NA, so H1 and H2 are adjusted exactly as in a full run).
 *
 * @example
 * scopedPreregistration(prereg, 'primary').hypotheses.map((h) => h.id); // ['H1', 'H2']
 */
export function scopedPreregistration(prereg: Preregistration, scope: AnalysisScope): Preregistration {
  const hypotheses = prereg.hypotheses.filter((h) => h.status === 'confirmatory' && (scope === 'confirmatory' || h.family === 'primary'));
  const kept = new Set(hypotheses.map((h) => h.id));
  const corrections = prereg.corrections.filter((set) => set.hypotheses.some((id) => kept.has(id)));
  return { ...prereg, hypotheses, corrections };
}
