/**
 * A hand-made results.json for the audit tests: one result per preregistered item, exactly as
 * planned (X3 split into two scenario sub-results, as the analysis stage does), with decisions that
 * follow the preregistered rule. Numbers are arbitrary but consistent; the audit checks structure
 * and rules, not statistics.
 */
import type { ResultsDoc, TestResult } from '../../pipeline/analyze/types.ts';
import type { Consort } from '../../pipeline/ingest/tables.ts';
import type { LoadedPreregistration } from '../../pipeline/prereg/types.ts';

export const ANALYSED = 90;

function resultFor(loaded: LoadedPreregistration, id: string, suffix = ''): TestResult {
  const h = loaded.prereg.hypotheses.find((x) => x.id === id)!;
  const set = loaded.prereg.corrections.find((c) => c.hypotheses.includes(id)) ?? null;
  const correction = set?.method ?? null;
  // Every p is 0.004: Holm over m equal p-values gives m·p for each; BH over equal p-values gives p.
  const pAdjusted = set === null ? 0.004 : set.method === 'holm' ? 0.004 * set.hypotheses.length : 0.004;
  const estimate = h.direction === 'negative' ? -0.3 : h.null_value !== null ? 0.62 : 0.3;
  const confirmatory = h.status === 'confirmatory';
  return {
    id: id + suffix, status: h.status, family: h.family, tag: h.tag, outcome: h.outcome, method: h.method,
    contrast: h.contrast ? `${h.contrast.treatment} - ${h.contrast.reference}` : null,
    estimate, se: 0.1, ci_low: estimate - 0.2, ci_high: estimate + 0.2, statistic: 3, df: 86,
    p: 0.004, p_adjusted: pAdjusted, correction,
    effect_size: null, n: suffix ? 30 : ANALYSED - 2,
    decision: confirmatory ? 'supported' : null, note: null,
    equivalence_p: h.decision_rule === 'equivalence_p_below_alpha' ? 0.01 : null,
  };
}

export function plannedResults(loaded: LoadedPreregistration): ResultsDoc {
  const tests: TestResult[] = [];
  for (const h of loaded.prereg.hypotheses) {
    if (h.method === 'ancova_by_scenario') tests.push(resultFor(loaded, h.id, '.job_loss'), resultFor(loaded, h.id, '.cancer'));
    else tests.push(resultFor(loaded, h.id));
  }
  return {
    schema: 'lend-an-ear-results/1',
    study: { name: 'audit fixture (synthetic)', synthetic: true, data_sha256: '0'.repeat(64) },
    preregistration: { file: loaded.file, sha256: loaded.sha256, locked: loaded.lock.locked },
    sample: { enrolled: 100, randomised: 96, analysed: ANALYSED, by_arm: { control: 30, video: 30, coach: 30 } },
    tests,
  };
}

/** 100 enrolled; E1 removes 4 before randomisation; E2 removes 3 and E3 3 after allocation. */
export function fixtureConsort(): Consort {
  return {
    schema: 'lend-an-ear-consort/1',
    enrolled: 100,
    excluded_before_randomisation: [{ id: 'E1', reason: 'failed the attention check', n: 4 }],
    randomised: 96,
    by_arm: {
      control: { allocated: 32, lost: [{ id: 'E2', reason: 'incomplete', n: 1 }, { id: 'E3', reason: 'too few messages', n: 1 }], analysed: 30 },
      video: { allocated: 32, lost: [{ id: 'E2', reason: 'incomplete', n: 1 }, { id: 'E3', reason: 'too few messages', n: 1 }], analysed: 30 },
      coach: { allocated: 32, lost: [{ id: 'E2', reason: 'incomplete', n: 1 }, { id: 'E3', reason: 'too few messages', n: 1 }], analysed: 30 },
    },
    analysed: ANALYSED,
  };
}
