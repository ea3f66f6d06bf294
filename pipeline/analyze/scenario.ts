/**
 * X3 (exploratory): the ANCOVA of H1 within each round-3 scenario, one result per scenario, id
 * `{id}.{scenario}` (the scenario name in lower case, other characters as `_`), in scenario order.
 * The effect size is standardised within the scenario's participants, as the model's own.
 */
import type { HypothesisSpec } from '../prereg/types.ts';
import type { ScoredParticipant } from '../score/types.ts';
import { compareIds } from '../score/index.ts';
import { ancovaTest } from './ancova.ts';
import type { MethodContext } from './context.ts';
import type { TestResult } from './types.ts';

/** A scenario name as an id segment: lower case, runs of other characters as one `_`. */
export function scenarioSlug(scenario: string): string {
  const slug = scenario.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return slug === '' ? 'scenario' : slug;
}

/**
 * Runs `spec`'s ANCOVA once per round-3 scenario (participants without a round-3 scenario are left
 * out; with none, one result `{id}` with a note). Two scenarios whose slugs collide get `_2`, `_3`, … in order.
 *
 * @example
 * ancovaByScenario(x3, scored.participants, context).map((r) => r.id); // ['X3.job_loss', …]
 */
export function ancovaByScenario(spec: HypothesisSpec, participants: readonly ScoredParticipant[], context: MethodContext): TestResult[] {
  const byScenario = new Map<string, ScoredParticipant[]>();
  for (const p of participants) {
    const scenario = p.rounds[context.scoring.outcome_round].scenario;
    if (scenario === null) continue;
    const list = byScenario.get(scenario);
    if (list) list.push(p);
    else byScenario.set(scenario, [p]);
  }
  if (byScenario.size === 0) {
    const empty = ancovaTest({ ...spec, method: 'ancova_ols_hc3' }, [], context);
    return [{ ...empty, method: spec.method, scenario: null, note: `no participant has a round-${context.scoring.outcome_round} scenario` }];
  }
  const used = new Map<string, number>();
  return [...byScenario.keys()].sort(compareIds).map((scenario) => {
    const slug = scenarioSlug(scenario);
    const seen = (used.get(slug) ?? 0) + 1;
    used.set(slug, seen);
    const id = `${spec.id}.${seen === 1 ? slug : `${slug}_${seen}`}`;
    const result = ancovaTest({ ...spec, method: 'ancova_ols_hc3' }, byScenario.get(scenario) as ScoredParticipant[], context, id);
    result.method = spec.method;
    result.scenario = scenario;
    return result;
  });
}
