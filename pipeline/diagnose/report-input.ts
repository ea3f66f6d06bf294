/**
 * diagnosis.json for the report: read and check the file given to `run --diagnosis`, and reduce
 * it to the report's DiagnosisInput (pipeline/report/inputs.ts).
 */
import { BadInputError, readJsonInput } from '../errors.ts';
import type { DiagnosisInput } from '../report/inputs.ts';
import type { DiagnosisDoc } from './types.ts';

/**
 * The report's view of a diagnosis.
 *
 * @example
 * diagnosisReportInput(doc).power[0]; // { id: 'H1', effect: 0.986…, n_per_arm: 322.67, power: 1 }
 */
export function diagnosisReportInput(doc: DiagnosisDoc): DiagnosisInput {
  const perArm = Math.round((doc.settings.participants / 3) * 100) / 100;
  return {
    power: doc.hypotheses
      .filter((h) => h.power.value !== null)
      .map((h) => ({ id: h.id, effect: h.planted?.d ?? h.planted?.value ?? 0, n_per_arm: perArm, power: h.power.value as number })),
    simulations: doc.settings.sims,
    participants: doc.settings.participants,
    seed: doc.settings.seed,
    effect_coach_d: doc.settings.effect_coach_d,
    effect_video_d: doc.settings.effect_video_d,
    hypotheses: doc.hypotheses.map((h) => ({
      id: h.id,
      family: h.family,
      planted: h.planted?.value ?? null,
      mean_estimate: h.mean_estimate,
      bias: h.bias,
      coverage: h.coverage,
      power: h.power,
      type_i_error: h.null_set?.type_i_error ?? null,
    })),
    ...(doc.power_curve ? { power_curve: { hypothesis: doc.power_curve.hypothesis, sims_per_point: doc.power_curve.sims_per_point, points: doc.power_curve.points.map((p) => ({ d: p.d, power: p.power })) } } : {}),
    ...(doc.mde ? { mde: { hypothesis: doc.mde.hypothesis, target_power: doc.mde.target_power, d: doc.mde.d, power: doc.mde.power_at_mde } } : {}),
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
  if (!doc || doc.schema !== 'lend-an-ear-diagnosis/1') problems.push({ file, line: null, column: 'schema', message: 'not a diagnosis.json (schema lend-an-ear-diagnosis/1 expected)', value: String(doc?.schema) });
  else {
    if (!Array.isArray(doc.hypotheses)) problems.push({ file, line: null, column: 'hypotheses', message: 'missing the per-hypothesis list' });
    if (typeof doc.settings !== 'object' || doc.settings === null || typeof doc.settings.sims !== 'number') problems.push({ file, line: null, column: 'settings', message: 'missing settings.sims' });
  }
  if (problems.length > 0) throw new BadInputError(problems);
  return doc as DiagnosisDoc;
}
