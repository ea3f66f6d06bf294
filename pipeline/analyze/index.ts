/**
 * The analyze stage: every hypothesis of the preregistration, run by the method it names, then the
 * corrections within each correction set, then the decisions (STUDY.md, docs/CONTRACT.md); then the
 * exploratory analyses added beside H7 (perception-items.ts) and the attrition section
 * (attrition.ts), neither preregistered. Adding a
 * hypothesis with a supported method to the preregistration adds it to the output with no code
 * change. Pure and deterministic: results come in the preregistration's order, no clock, no
 * randomness.
 */
import { ARMS, type Arm } from '../study.ts';
import type { Consort } from '../ingest/tables.ts';
import type { HypothesisSpec, MethodName, Preregistration } from '../prereg/types.ts';
import type { ScoredParticipant, ScoredStudy } from '../score/types.ts';
import { ancovaTest } from './ancova.ts';
import { attritionAnalysis } from './attrition.ts';
import type { MethodContext } from './context.ts';
import { applyCorrections } from './corrections.ts';
import { traitCorrelationTest } from './correlation.ts';
import { decide } from './decisions.ts';
import { selfVersusJudgedTest } from './mcnemar.ts';
import { mixedModelTests } from './mixed.ts';
import { perceptionTest } from './perception.ts';
import { perceptionItemAnalyses } from './perception-items.ts';
import { ancovaByScenario } from './scenario.ts';
import type { ResultsDoc, TestResult } from './types.ts';
import { changeScoreWelchTest } from './welch.ts';

export { resultsToCsv, RESULT_COLUMNS } from './csv.ts';

type Method = (spec: HypothesisSpec, participants: readonly ScoredParticipant[], context: MethodContext) => TestResult | TestResult[];

/** One entry per method the preregistration may name; each module holds one method family. */
export const METHODS: Record<MethodName, Method> = {
  ancova_ols_hc3: ancovaTest,
  mcnemar_exact: selfVersusJudgedTest,
  pearson_fisher_tost: traitCorrelationTest,
  one_sample_t: perceptionTest,
  welch_change: changeScoreWelchTest,
  mixed_random_intercept: mixedModelTests,
  ancova_by_scenario: ancovaByScenario,
};

export interface AnalysisContext {
  consort: Consort;
  /** SHA-256 of the input export (the runner's hash over its files). */
  dataSha256: string;
  preregInfo: { file: string; sha256: string; locked: boolean };
}

/**
 * Runs every hypothesis of `prereg` on the scored study and returns results.json.
 *
 * @example
 * const doc = analyzeStudy(scoreStudy(analysed, prereg), prereg, { consort, dataSha256, preregInfo });
 * doc.tests.find((t) => t.id === 'H1')?.decision; // 'supported' | 'not_supported' | null
 */
export function analyzeStudy(scored: ScoredStudy, prereg: Preregistration, context: AnalysisContext): ResultsDoc {
  const methodContext: MethodContext = { scoring: prereg.scoring, confidenceLevel: prereg.confidence_level };
  const specOf = new Map<string, HypothesisSpec>();
  const tests: TestResult[] = [];
  for (const spec of prereg.hypotheses) {
    const method = METHODS[spec.method];
    if (!method) throw new Error(`${spec.id}: unknown method ${JSON.stringify(spec.method)}`);
    const produced = method(spec, scored.participants, methodContext);
    for (const result of Array.isArray(produced) ? produced : [produced]) {
      tests.push(result);
      specOf.set(result.id, spec);
    }
  }
  applyCorrections(tests, prereg.corrections);
  for (const result of tests) result.decision = decide(result, specOf.get(result.id) as HypothesisSpec, prereg.alpha);
  // Exploratory analyses the pipeline adds beside a preregistered one (not in the preregistration),
  // after every preregistered result: no decision, or `not_estimable` when they could not run.
  for (const spec of prereg.hypotheses) {
    if (spec.method !== 'one_sample_t' || spec.outcome !== 'perception_share') continue;
    const exploratory: HypothesisSpec = { ...spec, status: 'exploratory', decision_rule: 'none' };
    for (const result of perceptionItemAnalyses(spec, scored.participants, scored.perception ?? [], methodContext)) {
      result.decision = decide(result, exploratory, prereg.alpha);
      tests.push(result);
    }
  }

  const byArm = Object.fromEntries(ARMS.map((a) => [a, context.consort.by_arm[a]?.analysed ?? 0])) as Record<Arm, number>;
  return {
    schema: 'lend-an-ear-results/1',
    study: { name: scored.meta.name, synthetic: scored.meta.synthetic, ...(scored.meta.provenance ? { provenance: scored.meta.provenance } : {}), data_sha256: context.dataSha256 },
    preregistration: { ...context.preregInfo },
    sample: {
      enrolled: context.consort.enrolled,
      randomised: context.consort.randomised,
      analysed: context.consort.analysed,
      by_arm: byArm,
    },
    tests,
    attrition: attritionAnalysis(scored.participants, context.consort, prereg),
  };
}
