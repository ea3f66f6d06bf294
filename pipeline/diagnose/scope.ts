/**
 * Which part of the preregistration a simulated study runs: every confirmatory hypothesis (the
 * diagnosis proper); only the primary family (H1, H2 with their Holm set) for the power curve and
 * the minimum detectable effect, where only H1's decision is needed; or the arm contrasts on
 * alignment (H1–H3) for the attrition setting.
 */
import type { Preregistration } from '../prereg/types.ts';

/** A named part, or the ids of the hypotheses to run (tests, to keep a study cheap). */
export type AnalysisScope = 'confirmatory' | 'primary' | 'alignment_contrasts' | readonly string[];

/**
 * The preregistration restricted to a scope: its hypotheses, and the correction sets that still
 * have a member (a set keeps its full membership list; absent members are skipped by
 * applyCorrections, as R's p.adjust skips NA, so H1 and H2 are adjusted exactly as in a full run).
 *
 * @example
 * scopedPreregistration(prereg, 'primary').hypotheses.map((h) => h.id); // ['H1', 'H2']
 */
export function scopedPreregistration(prereg: Preregistration, scope: AnalysisScope): Preregistration {
  const inScope = (h: Preregistration['hypotheses'][number]): boolean =>
    typeof scope !== 'string' ? scope.includes(h.id) : scope === 'confirmatory' || (scope === 'primary' ? h.family === 'primary' : h.contrast !== null && h.outcome === 'alignment');
  const hypotheses = prereg.hypotheses.filter((h) => h.status === 'confirmatory' && inScope(h));
  const kept = new Set(hypotheses.map((h) => h.id));
  const corrections = prereg.corrections.filter((set) => set.hypotheses.some((id) => kept.has(id)));
  return { ...prereg, hypotheses, corrections };
}
