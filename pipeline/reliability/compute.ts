/**
 * computeReliability: the judge's reliability on rated conversations, as the companion paper
 * computed it (STUDY.md, "The measurement's own validity"), driven by the preregistration's
 * `reliability` section. Pure: tables and spec in, document out.
 */
import { DIMENSION_NAMES } from '../study.ts';
import { BadInputError, type Problem } from '../errors.ts';
import type { StudyTables } from '../ingest/tables.ts';
import type { ReliabilitySpec } from '../prereg/types.ts';
import { raterScores } from './raters.ts';
import { kappaRows, spearmanRows } from './agreement.ts';
import { expertAlpha } from './alpha.ts';
import type { ReliabilityDoc } from './types.ts';

/** Every rater or group named in the spec must exist in the ratings; all missing ones are listed. */
function checkRaters(known: Set<string>, spec: ReliabilitySpec): void {
  const problems: Problem[] = [];
  const groups = new Set(spec.rater_groups.map((g) => g.name));
  const need = (name: string, where: string) => {
    if (!known.has(name) && !groups.has(name)) problems.push({ file: 'ratings', line: null, column: 'rater', message: `no ratings by ${where} named in the preregistration`, value: name });
  };
  for (const g of spec.rater_groups) for (const m of g.members) need(m, `member of group ${g.name}`);
  for (const [a, b] of spec.kappa_pairs) {
    need(a, 'a kappa pair rater');
    need(b, 'a kappa pair rater');
  }
  for (const r of spec.alpha_raters) need(r, 'an alpha rater');
  const seen = new Set<string>();
  const unique = problems.filter((p) => (seen.has(p.value!) ? false : (seen.add(p.value!), true)));
  if (unique.length > 0) throw new BadInputError(unique);
}

/**
 * Kappa and Spearman for each preregistered pair × dimension, Krippendorff's alpha among the
 * alpha raters per dimension with bootstrap CIs, and the mean alpha.
 *
 * @example
 * const doc = computeReliability(await readStudyExport(pilotDir, warnings), prereg.reliability);
 * doc.alpha_mean; // 0.5349… on the pilot
 */
export function computeReliability(tables: StudyTables, spec: ReliabilitySpec): ReliabilityDoc {
  const scores = raterScores(tables.ratings, spec.rater_groups);
  checkRaters(new Set(scores.raters), spec);
  const alpha = expertAlpha(scores, spec);
  const alphas = DIMENSION_NAMES.map((d) => alpha[d].value).filter((v): v is number => v !== null);
  return {
    schema: 'lend-an-ear-reliability/1',
    study: { name: tables.meta.name, synthetic: tables.meta.synthetic, source: tables.meta.source },
    method: {
      tag: spec.tag,
      rater_groups: spec.rater_groups,
      kappa_weights: spec.kappa_weights,
      kappa_scale: spec.kappa_scale,
      kappa_categories: `scores × ${spec.kappa_scale}, rounded half to even; categories are the union of values either rater used; weights by category index (statsmodels)`,
      kappa_p: 'two-sided normal p of z = kappa / sqrt(var_kappa), the asymptotic non-null variance (as the companion paper); p_null_variance uses var_kappa0',
      alpha_raters: spec.alpha_raters,
      alpha_metric: spec.alpha_metric,
      bootstrap_replicates: spec.bootstrap_replicates,
      bootstrap_seed: spec.bootstrap_seed,
      confidence_level: spec.confidence_level,
    },
    conversations: scores.conversations.length,
    raters: scores.raters,
    kappa: kappaRows(scores, spec),
    spearman: spearmanRows(scores, spec),
    alpha,
    alpha_mean: alphas.length === 0 ? null : alphas.reduce((s, v) => s + v, 0) / alphas.length,
  };
}
