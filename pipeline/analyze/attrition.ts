/**
 * Attrition after allocation (exclusions E2, E3 act after treatment began, so the analysed set is
 * per protocol): a test of differential attrition by arm, and an exploratory sensitivity analysis
 * of the arm contrasts on the outcome round, both labelled exploratory (they are not in the
 * preregistration; no decision rests on them).
 *
 * - Differential attrition: Fisher's exact test on the arm × (analysed, lost) table from the
 *   CONSORT flow (R: `fisher.test(cbind(analysed, lost))`).
 * - Lee (2009) bounds (stats/lee-bounds.ts) on the difference in mean outcome-round alignment among
 *   the always-observed, under monotonicity; and worst/best-case bounds (stats/worst-case-bounds.ts)
 *   on the difference over everyone allocated, the missing outcomes imputed at the ends of the
 *   1–5 scale.
 *
 * Both bound a difference of means at the outcome round, not the ANCOVA's baseline-adjusted
 * difference: adjustment for round 1 needs round 1 of the lost participants and a model for them.
 * Under random allocation both contrasts have the same target when nobody is lost; the observed
 * difference of means is shown beside the bounds for comparison with the per-protocol estimate.
 *
 * "Observed" is an analysed participant with the outcome at the outcome round; "allocated" comes
 * from the CONSORT flow, so the lost participants (who have no analysed outcome) and analysed
 * participants without the outcome both count as missing.
 */
import { ARMS, RATING_SCALE, type Arm, type Round } from '../study.ts';
import type { Consort } from '../ingest/tables.ts';
import type { HypothesisSpec, Outcome, Preregistration } from '../prereg/types.ts';
import type { ScoredParticipant } from '../score/types.ts';
import { fisherExactRx2 } from '../stats/fisher-exact.ts';
import { leeBounds, type LeeBoundsResult } from '../stats/lee-bounds.ts';
import { worstCaseBounds, type WorstCaseBounds } from '../stats/worst-case-bounds.ts';
import { outcomeAt } from './outcomes.ts';

export interface DifferentialAttrition {
  status: 'exploratory';
  method: 'fisher_exact';
  /** Per arm, from the CONSORT flow: allocated, lost after allocation, analysed. */
  by_arm: Record<Arm, { allocated: number; lost: number; analysed: number }>;
  /** Two-sided p of independence of arm and being lost; null when not computable. */
  p: number | null;
  note: string | null;
}

export interface ContrastBounds {
  /** The preregistered hypothesis whose contrast is bounded (e.g. H1). */
  hypothesis: string;
  status: 'exploratory';
  contrast: string;
  outcome: Outcome;
  round: Round;
  /** Per arm of the contrast: allocated (CONSORT) and observed (analysed with the outcome). */
  allocated: { treatment: number; reference: number };
  observed: { treatment: number; reference: number };
  /** Lee (2009) bounds among the always-observed; null when an arm has no observed outcome. */
  lee: LeeBoundsResult | null;
  /** Missing outcomes imputed at the scale's ends; over everyone allocated. */
  worst_case: (WorstCaseBounds & { scale_min: number; scale_max: number }) | null;
  note: string | null;
}

export interface AttritionAnalysis {
  differential_attrition: DifferentialAttrition;
  bounds: ContrastBounds[];
}

/**
 * Fisher's exact test of arm × lost from the CONSORT flow; `lost` = allocated − analysed.
 *
 * @example
 * differentialAttritionTest(consort).p; // 0.894126… on the bundled study (lost 19, 21, 22)
 */
export function differentialAttritionTest(consort: Consort): DifferentialAttrition {
  const byArm = Object.fromEntries(
    ARMS.map((arm) => {
      const entry = consort.by_arm[arm];
      return [arm, { allocated: entry.allocated, lost: entry.allocated - entry.analysed, analysed: entry.analysed }];
    }),
  ) as DifferentialAttrition['by_arm'];
  const result: DifferentialAttrition = { status: 'exploratory', method: 'fisher_exact', by_arm: byArm, p: null, note: null };
  const rows = ARMS.filter((arm) => byArm[arm].allocated > 0);
  if (rows.length < 2) {
    result.note = `fewer than two arms have allocated participants (${rows.length}): nothing to compare`;
    return result;
  }
  result.p = fisherExactRx2(rows.map((arm) => [byArm[arm].analysed, byArm[arm].lost] as [number, number])).p;
  if (rows.every((arm) => byArm[arm].lost === 0)) result.note = 'nobody was lost after allocation: p is 1';
  return result;
}

/** The observed outcomes of one arm at `round`. */
function observedOutcomes(participants: readonly ScoredParticipant[], arm: Arm, outcome: Outcome, round: Round): number[] {
  const values: number[] = [];
  for (const p of participants) {
    if (p.arm !== arm) continue;
    const value = outcomeAt(p, outcome, round);
    if (value !== null) values.push(value);
  }
  return values;
}

/**
 * Lee and worst/best-case bounds on treatment − reference in mean `outcome` at `round`, from the
 * analysed participants (their observed outcomes) and the CONSORT flow (allocated per arm). A plain
 * function for callers outside the analysis (the design diagnosis).
 *
 * @example
 * const b = attritionBounds(scored.participants, consort, { treatment: 'coach', reference: 'control' }, 'alignment', 3);
 * [b.lee?.lower, b.lee?.upper]; // bounds on the coach − control difference among the always-observed
 */
export function attritionBounds(
  participants: readonly ScoredParticipant[],
  consort: Consort,
  contrast: { treatment: Arm; reference: Arm },
  outcome: Outcome,
  round: Round,
  hypothesis = '',
): ContrastBounds {
  const treated = observedOutcomes(participants, contrast.treatment, outcome, round);
  const reference = observedOutcomes(participants, contrast.reference, outcome, round);
  const allocated = { treatment: consort.by_arm[contrast.treatment].allocated, reference: consort.by_arm[contrast.reference].allocated };
  const result: ContrastBounds = {
    hypothesis,
    status: 'exploratory',
    contrast: `${contrast.treatment} - ${contrast.reference}`,
    outcome,
    round,
    allocated,
    observed: { treatment: treated.length, reference: reference.length },
    lee: null,
    worst_case: null,
    note: null,
  };
  if (allocated.treatment < treated.length || allocated.reference < reference.length) {
    result.note = 'more participants observed than the CONSORT flow allocated: the bounds are not computed';
    return result;
  }
  if (allocated.treatment === 0 || allocated.reference === 0) {
    result.note = 'an arm of the contrast has no allocated participant';
    return result;
  }
  const arms = { treated: { observed: treated, allocated: allocated.treatment }, reference: { observed: reference, allocated: allocated.reference } };
  result.worst_case = { ...worstCaseBounds(arms.treated, arms.reference, RATING_SCALE), scale_min: RATING_SCALE.min, scale_max: RATING_SCALE.max };
  if (treated.length === 0 || reference.length === 0) {
    result.note = `no observed round-${round} ${outcome} in ${treated.length === 0 ? contrast.treatment : contrast.reference}: Lee bounds need outcomes in both arms`;
    return result;
  }
  result.lee = leeBounds(arms.treated, arms.reference);
  return result;
}

/** The preregistered arm contrasts on alignment by ANCOVA (H1–H3), whose estimates the bounds put in perspective. */
function boundedHypotheses(hypotheses: readonly HypothesisSpec[]): HypothesisSpec[] {
  return hypotheses.filter((h) => h.method === 'ancova_ols_hc3' && h.outcome === 'alignment' && h.contrast !== null);
}

/**
 * The attrition section of results.json: the differential-attrition test and the bounds of each
 * preregistered ANCOVA contrast on alignment, at the preregistered outcome round.
 *
 * @example
 * attritionAnalysis(scored.participants, consort, prereg).bounds.map((b) => b.hypothesis); // ['H1', 'H2', 'H3']
 */
export function attritionAnalysis(participants: readonly ScoredParticipant[], consort: Consort, prereg: Pick<Preregistration, 'hypotheses' | 'scoring'>): AttritionAnalysis {
  return {
    differential_attrition: differentialAttritionTest(consort),
    bounds: boundedHypotheses(prereg.hypotheses).map((h) => {
      const contrast = h.contrast as NonNullable<HypothesisSpec['contrast']>;
      return attritionBounds(participants, consort, contrast, 'alignment', prereg.scoring.outcome_round, h.id);
    }),
  };
}
