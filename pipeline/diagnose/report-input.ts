/**
 * diagnosis.json for the report: read and check the file given to `run --diagnosis`, and reduce
 * it to the report's DiagnosisInput (pipeline/report/inputs.ts).
 */
import { BadInputError, readJsonInput } from '../errors.ts';
import type { DiagnosisInput, McValue } from '../report/inputs.ts';
import type { McEstimate } from './monte-carlo.ts';
import { TRUTH_HOW } from './render-md.ts';
import type { DiagnosisDoc } from './types.ts';

const mc = (e: McEstimate): McValue => ({ value: e.value, mcse: e.mcse, n: e.n, ...(e.ci_low === undefined ? {} : { ci_low: e.ci_low, ci_high: e.ci_high }) });

/** The note that explains a hypothesis's row: its own (H7), its family's (H5, H6; H7's for its companions), or the arm comparisons' (H1–H4). */
function noteAbout(doc: DiagnosisDoc, id: string, contrast: boolean): string | null {
  const abouts = doc.notes.map((n) => n.about);
  const candidates = [id, id.split(/[.-]/)[0], ...(contrast ? ['H1–H4'] : [])];
  return candidates.find((c) => abouts.includes(c)) ?? null;
}

/**
 * The report's view of a diagnosis.
 *
 * @example
 * diagnosisReportInput(doc).power[0]; // { id: 'H1', effect: 0.971…, n_per_arm: 322.67, power: 1 }
 */
export function diagnosisReportInput(doc: DiagnosisDoc): DiagnosisInput {
  const perArm = Math.round((doc.settings.participants / 3) * 100) / 100;
  return {
    power: doc.hypotheses
      .filter((h) => h.planted.power.value !== null)
      .map((h) => {
        const truth = h.planted.targets[0]?.truth;
        return { id: h.id, effect: truth?.d ?? truth?.value ?? 0, n_per_arm: perArm, power: h.planted.power.value as number };
      }),
    simulations: doc.settings.sims,
    participants: doc.settings.participants,
    seed: doc.settings.seed,
    effect_coach_d: doc.settings.effect_coach_d,
    effect_video_d: doc.settings.effect_video_d,
    null_setting: doc.null_setting.description,
    hypotheses: [...doc.hypotheses, ...doc.exploratory].map((h) => ({
      id: h.id,
      family: h.family,
      mean_estimate: mc(h.planted.mean_estimate),
      power: mc(h.planted.power),
      targets: h.planted.targets.map((t) => ({ target: t.target, truth: t.truth.value, truth_se: t.truth.se, truth_how: TRUTH_HOW[t.truth.how], bias: mc(t.bias), coverage: mc(t.coverage) })),
      type_i_error: h.null ? mc(h.null.type_i_error) : null,
      null_text: h.null?.setting ?? null,
      note: noteAbout(doc, h.id, h.contrast !== null),
    })),
    family_wise: doc.family_wise_error.map((f) => ({ family: f.family, hypotheses: f.hypotheses.length, rate: mc(f.rate) })),
    ...(doc.attrition
      ? {
          attrition: {
            sims: doc.settings.attrition_sims,
            description: doc.attrition.description,
            rows: doc.attrition.contrasts.map((c) => ({
              id: c.id,
              contrast: c.contrast,
              truth_all: c.truth_all.value,
              truth_stayers: c.truth_always_observed?.value ?? null,
              mean_estimate: mc(c.mean_estimate),
              shift: mc(c.shift),
              coverage_all: mc(c.coverage_all),
              coverage_stayers: c.coverage_always_observed ? mc(c.coverage_always_observed) : null,
            })),
            bounds: doc.attrition.contrasts.map((c) => ({
              id: c.id,
              lee: [c.lee.lower.value, c.lee.upper.value] as [number | null, number | null],
              lee_covers_stayers: mc(c.lee.covers_always_observed),
              worst_case: [c.worst_case.lower.value, c.worst_case.upper.value] as [number | null, number | null],
              worst_case_covers_all: mc(c.worst_case.covers_all),
            })),
            differential_test: mc(doc.attrition.differential_test.power),
          },
        }
      : {}),
    ...(doc.power_curve ? { power_curve: { hypothesis: doc.power_curve.hypothesis, sims_per_point: doc.power_curve.sims, points: doc.power_curve.points.map((p) => ({ d: p.d, power: mc(p.power) })) } } : {}),
    ...(doc.mde
      ? { mde: { hypothesis: doc.mde.hypothesis, target_power: doc.mde.target_power, d: doc.mde.d, power: doc.mde.power_at_mde ? mc(doc.mde.power_at_mde) : null, interval: doc.mde.interval ? { low: doc.mde.interval.low, high: doc.mde.interval.high } : null } }
      : {}),
    notes: doc.notes.map((n) => ({ about: n.about, text: n.text })),
  };
}

/**
 * Reads diagnosis.json; a file that is not one is bad input (exit 2) naming the file and field.
 *
 * @example
 * readDiagnosis('reports/diagnosis/diagnosis.json').settings.sims; // 1000
 */
export function readDiagnosis(file: string): DiagnosisDoc {
  const doc = readJsonInput(file, 'the diagnosis') as Partial<DiagnosisDoc> | null;
  const problems = [];
  if (!doc || doc.schema !== 'lend-an-ear-diagnosis/2') problems.push({ file, line: null, column: 'schema', message: 'not a diagnosis.json of this version (schema lend-an-ear-diagnosis/2 expected; run diagnose again)', value: String(doc?.schema) });
  else {
    if (!Array.isArray(doc.hypotheses)) problems.push({ file, line: null, column: 'hypotheses', message: 'missing the per-hypothesis list' });
    if (typeof doc.settings !== 'object' || doc.settings === null || typeof doc.settings.sims !== 'number') problems.push({ file, line: null, column: 'settings', message: 'missing settings.sims' });
    if (!Array.isArray(doc.notes)) problems.push({ file, line: null, column: 'notes', message: 'missing the notes' });
    if (!Array.isArray(doc.exploratory)) problems.push({ file, line: null, column: 'exploratory', message: 'missing the exploratory analyses' });
  }
  if (problems.length > 0) throw new BadInputError(problems);
  return doc as DiagnosisDoc;
}
