/**
 * Multiplicity corrections within each preregistered correction set (Holm over {H1, H2}, BH over
 * the 18 H4, Holm over the 3 H5). Tests outside every set keep p_adjusted = p. A test of the set
 * that could not run (p null) is left out of the adjustment, as R's `p.adjust` leaves out NA.
 */
import type { CorrectionSpec } from '../prereg/types.ts';
import { benjaminiHochberg, bonferroni, holm } from '../stats/adjust.ts';
import type { TestResult } from './types.ts';

const ADJUSTERS: Record<CorrectionSpec['method'], (p: number[]) => number[]> = {
  holm,
  bh: benjaminiHochberg,
  bonferroni,
};

/**
 * Sets `p_adjusted` and `correction` on every result, in place: within each correction set the
 * adjusted p-values of the set's tests that ran; elsewhere p_adjusted = p.
 *
 * @example
 * applyCorrections(results, prereg.corrections);
 * results.find((r) => r.id === 'H1').p_adjusted; // Holm-adjusted over {H1, H2}
 */
export function applyCorrections(results: TestResult[], corrections: readonly CorrectionSpec[]): void {
  for (const r of results) {
    r.p_adjusted = r.p;
    r.correction = null;
  }
  const byId = new Map(results.map((r) => [r.id, r]));
  for (const set of corrections) {
    const members = set.hypotheses.flatMap((id) => {
      const r = byId.get(id);
      return r && r.p !== null ? [r] : [];
    });
    const adjusted = ADJUSTERS[set.method](members.map((r) => r.p as number));
    members.forEach((r, i) => {
      r.p_adjusted = adjusted[i];
      r.correction = set.method;
    });
    for (const id of set.hypotheses) {
      const r = byId.get(id);
      if (r && r.p === null) r.correction = set.method;
    }
  }
}
