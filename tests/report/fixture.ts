/**
 * A fixed SYNTHETIC study for the report tests: a hand-written results.json (every preregistered
 * ID, made-up numbers), a consort.json, and a small scored study drawn from a seeded generator.
 * Nothing here is real data; the names say so.
 */
import type { ResultsDoc, TestResult } from '../../pipeline/analyze/types.ts';
import type { Consort } from '../../pipeline/ingest/tables.ts';
import type { ReportInputs } from '../../pipeline/report/inputs.ts';
import type { DimensionScores, ScoredConversation, ScoredParticipant, ScoredStudy } from '../../pipeline/score/types.ts';
import { ARMS, CONTRASTS, DIMENSIONS, DIMENSION_NAMES, type Arm, type Round } from '../../pipeline/study.ts';
import { createRng } from '../../pipeline/stats/random.ts';

const blank: Omit<TestResult, 'id' | 'status' | 'family' | 'outcome' | 'method'> = {
  tag: 'reconstructed', contrast: null, estimate: null, se: null, ci_low: null, ci_high: null, statistic: null,
  df: null, p: null, p_adjusted: null, correction: null, effect_size: null, n: 0, decision: null, note: null,
};

function ancova(id: string, family: string, outcome: string, contrast: string, estimate: number, se: number, p: number, pAdj: number, correction: string | null, sd: number, supported: boolean): TestResult {
  const lo = estimate - 1.968 * se;
  const hi = estimate + 1.968 * se;
  return {
    ...blank, id, status: 'confirmatory', family, outcome, method: 'ancova_ols_hc3', contrast,
    estimate, se, ci_low: lo, ci_high: hi, statistic: estimate / se, df: 296, p, p_adjusted: pAdj, correction,
    effect_size: { name: 'd', value: estimate / sd, ci_low: lo / sd, ci_high: hi / sd }, n: 200,
    decision: supported ? 'supported' : 'not_supported',
  };
}

/** results.json of the synthetic fixture (made-up numbers, consistent in sign and size). */
export function fixtureResults(name = 'Synthetic fixture study'): ResultsDoc {
  const tests: TestResult[] = [
    ancova('H1', 'primary', 'alignment', 'coach - control', 0.412, 0.071, 0.00000231, 0.00000462, 'holm', 0.45, true),
    ancova('H2', 'primary', 'alignment', 'coach - video', 0.198, 0.074, 0.0079, 0.0079, 'holm', 0.45, true),
    ancova('H3', 'secondary', 'alignment', 'video - control', 0.061, 0.069, 0.377, 0.377, null, 0.45, false),
  ];
  let k = 0;
  for (const dim of DIMENSIONS) {
    for (const [cname, c] of Object.entries(CONTRASTS)) {
      k += 1;
      const size = c.treatment === 'coach' ? 0.35 : 0.04;
      const estimate = dim.direction * size * (1 + (k % 3) * 0.1);
      const p = c.treatment === 'coach' ? 0.0004 * k : 0.41 + k / 100;
      tests.push(ancova(`H4.${dim.name}.${cname}`, 'secondary', dim.name, `${c.treatment} - ${c.reference}`, estimate, 0.09, p, Math.min(1, p * 1.8), 'bh', 0.8, c.treatment === 'coach'));
    }
  }
  const h5 = (dim: string, self: number, judged: number, top: number, disc: [number, number], p: number, pAdj: number): TestResult => ({
    ...blank, id: `H5.${dim}`, status: 'confirmatory', family: 'silent_empathy', outcome: dim, method: 'mcnemar_exact',
    estimate: self - judged, p, p_adjusted: pAdj, correction: 'holm', n: 296, decision: 'supported',
    self_share: self, judged_share: judged, self_share_top: top, discordant: disc,
  });
  tests.push(
    h5('validating_emotions', 0.62, 0.31, 0.28, [101, 9], 1.2e-19, 3.6e-19),
    h5('encouraging_elaboration', 0.71, 0.19, 0.33, [160, 6], 2.5e-40, 7.5e-40),
    h5('demonstrating_understanding', 0.83, 0.12, 0.52, [214, 4], 1e-60, 3e-60),
  );
  const h6 = (pred: string, r: number, lo: number, hi: number, p: number, eq: number, supported: boolean): TestResult => ({
    ...blank, id: `H6.${pred}`, status: 'confirmatory', family: 'silent_empathy', outcome: 'alignment', method: 'pearson_fisher_tost',
    estimate: r, ci_low: lo, ci_high: hi, statistic: null, df: 294, p, p_adjusted: p, n: 296, decision: supported ? 'supported' : 'not_supported',
    r_squared: r * r, equivalence_p: eq, joint_r_squared: 0.0021,
  });
  tests.push(h6('jes', 0.031, -0.083, 0.144, 0.595, 0.048, true), h6('sites', -0.024, -0.138, 0.09, 0.681, 0.036, true));
  tests.push({
    ...blank, id: 'H7', status: 'confirmatory', family: 'perception', outcome: 'perception_share', method: 'one_sample_t',
    estimate: 0.634, se: 0.0112, ci_low: 0.612, ci_high: 0.656, statistic: 11.96, df: 295, p: 1.1e-26, p_adjusted: 1.1e-26, n: 296, decision: 'supported',
  });
  tests.push({
    ...blank, id: 'X1.coach_vs_control', status: 'exploratory', family: 'exploratory', outcome: 'alignment', method: 'welch_change',
    contrast: 'coach - control', estimate: 0.387, se: 0.093, ci_low: 0.204, ci_high: 0.57, statistic: 4.16, df: 190.46, p: 0.0000482, p_adjusted: 0.0000482,
    effect_size: { name: 'd', value: 0.86, ci_low: 0.45, ci_high: 1.27 }, n: 198, note: 'exploratory: change score',
  });
  return {
    schema: 'lend-an-ear-results/1',
    study: { name, synthetic: true, data_sha256: 'f'.repeat(64) },
    preregistration: { file: 'preregistration/preregistration.yaml', sha256: 'a'.repeat(64), locked: true },
    sample: { enrolled: 330, randomised: 312, analysed: 296, by_arm: { control: 99, video: 98, coach: 99 } },
    tests,
  };
}

/** consort.json of the synthetic fixture (adds up: 330 − 18 = 312 randomised, 296 analysed). */
export function fixtureConsort(): Consort {
  return {
    schema: 'lend-an-ear-consort/1',
    enrolled: 330,
    excluded_before_randomisation: [{ id: 'E1', reason: 'failed the attention check', n: 18 }],
    randomised: 312,
    by_arm: {
      control: { allocated: 104, lost: [{ id: 'E2', reason: 'did not complete all three rounds', n: 4 }, { id: 'E3', reason: 'a round with fewer than 2 supporter messages', n: 1 }], analysed: 99 },
      video: { allocated: 104, lost: [{ id: 'E2', reason: 'did not complete all three rounds', n: 5 }, { id: 'E3', reason: 'a round with fewer than 2 supporter messages', n: 1 }], analysed: 98 },
      coach: { allocated: 104, lost: [{ id: 'E2', reason: 'did not complete all three rounds', n: 3 }, { id: 'E3', reason: 'a round with fewer than 2 supporter messages', n: 2 }], analysed: 99 },
    },
    analysed: 296,
  };
}

const clampScore = (x: number) => Math.min(5, Math.max(1, Math.round(x * 2) / 2));

/** A seeded synthetic scored study: `perArm` participants in each arm, coach improving by round 3. */
export function fixtureScored(perArm = 99, seed = 20260326): ScoredStudy {
  const rng = createRng(seed);
  const participants: ScoredParticipant[] = [];
  const conversations: ScoredConversation[] = [];
  let id = 0;
  for (const arm of ARMS) {
    for (let i = 0; i < perArm; i++) {
      id += 1;
      const participant_id = `synthetic-${id}`;
      const skill = rng.normal(0, 0.4);
      const rounds = {} as ScoredParticipant['rounds'];
      for (const round of [1, 2, 3] as Round[]) {
        const gain = arm === 'coach' ? 0.25 * (round - 1) : arm === 'video' ? 0.05 * (round - 1) : 0;
        const scores = {} as DimensionScores;
        const self = {} as DimensionScores;
        for (const dim of DIMENSIONS) {
          scores[dim.name] = clampScore((dim.direction > 0 ? 2.6 : 2.4) + dim.direction * (skill + gain) + rng.normal(0, 0.6));
          self[dim.name] = Math.min(5, Math.max(1, Math.round(3.6 + rng.normal(0, 0.9))));
        }
        const alignment = DIMENSIONS.reduce((a, d) => a + (d.direction > 0 ? scores[d.name]! : 6 - scores[d.name]!), 0) / DIMENSIONS.length;
        const scenario = ['cancer diagnosis', 'job loss', 'passed over'][(round + id) % 3];
        rounds[round] = { scores, alignment, scenario, self_report: self };
        conversations.push({
          conversation_id: `synthetic-c${id}-${round}`, participant_id, arm: arm as Arm, round, scenario,
          realism: rng.int(2, 5), judge_runs: 5, scores, alignment, supporter_messages: rng.int(3, 9),
        });
      }
      const items = 12;
      participants.push({
        participant_id, arm, trait_jes: Math.round((4 + rng.normal(0, 1)) * 6) / 6, trait_sites: rng.int(1, 5),
        rounds, perception_share: Math.min(items, Math.max(0, Math.round(items * (0.63 + rng.normal(0, 0.18))))) / items, perception_items: items,
      });
    }
  }
  return {
    meta: { name: 'Synthetic fixture study', description: 'A small synthetic study made for the report tests.', synthetic: true, source: 'tests/report/fixture.ts' },
    participants,
    conversations,
  };
}

/** The complete inputs, with every optional part present. */
export function fixtureInputs(overrides: Partial<ReportInputs> = {}): ReportInputs {
  return {
    results: fixtureResults(),
    scored: fixtureScored(),
    consort: fixtureConsort(),
    audit: { sha256: 'a'.repeat(64), locked: true, planned: 29, ran_as_planned: 28, deviations_by_kind: { n_below_plan: 1 }, errors: 0 },
    reliability: {
      frameworks: [
        {
          label: 'Fixture rubric',
          highlight: true,
          synthetic: true,
          source: 'tests/report/fixture.ts',
          conversations: 50,
          rows: [
            { pair: ['experts', 'llm'], dimension: 'validating_emotions', kappa: 0.71, p: 1e-6, n: 50 },
            { pair: ['experts', 'crowd'], dimension: 'validating_emotions', kappa: 0.42, p: 0.002, n: 50 },
            { pair: ['experts', 'llm'], dimension: 'advice_giving', kappa: 0.83, p: 1e-8, n: 50 },
            { pair: ['experts', 'crowd'], dimension: 'advice_giving', kappa: 0.55, p: 0.0004, n: 50 },
          ],
          alpha: [
            { dimension: 'validating_emotions', value: 0.64, ci_low: 0.48, ci_high: 0.77 },
            { dimension: 'advice_giving', value: 0.81, ci_low: 0.7, ci_high: 0.9 },
          ],
          alpha_mean: 0.725,
        },
        {
          label: 'Second fixture rubric',
          highlight: false,
          synthetic: true,
          source: null,
          conversations: 40,
          rows: [
            { pair: ['experts', 'llm'], dimension: 'warmth', kappa: 0.31, p: 0.04, n: 40 },
            { pair: ['experts', 'crowd'], dimension: 'warmth', kappa: -0.05, p: 0.7, n: 40 },
          ],
          alpha: [{ dimension: 'warmth', value: 0.4, ci_low: null, ci_high: null }],
          alpha_mean: 0.4,
        },
      ],
    },
    tagFrequencies: ARMS.flatMap((arm) => [1, 3].flatMap((round) => ['expressing sympathy', 'advice-giving'].map((subcomponent) => ({
      arm, round: round as Round, subcomponent,
      share: subcomponent === 'advice-giving' ? (arm === 'coach' && round === 3 ? 0.12 : 0.3) : (arm === 'coach' && round === 3 ? 0.4 : 0.2),
    })))),
    diagnosis: { power: [{ id: 'H1', effect: 0.3, n_per_arm: 100, power: 0.81 }], simulations: 500 },
    counts: { participants: 330, conversations: 936, messages: 10874 },
    analysedCounts: { participants: 296, conversations: 888, messages: 10212 },
    lockedAt: '2026-11-26',
    seed: 7,
    ...overrides,
  };
}

export const EVIL = `<script>alert(1)</script> "quoted" & 'single'`;

/** Synthetic fixture with a hostile study name, description and rater label. */
export function hostileInputs() {
  const base = fixtureInputs();
  return fixtureInputs({
    results: { ...base.results, study: { ...base.results.study, name: EVIL } },
    scored: { ...base.scored, meta: { ...base.scored.meta, description: `Description ${EVIL}`, source: `<img src=x onerror="window.__xss=1">` } },
    reliability: {
      frameworks: base.reliability!.frameworks.map((f) => ({
        ...f,
        label: `${f.label} ${EVIL}`,
        rows: f.rows.map((k) => ({ ...k, pair: [k.pair[0], '<script>window.__xss=1</script>" onmouseover="window.__xss=2'] as [string, string] })),
      })),
    },
  });
}

/** Rounds every decimal number in a string to `digits` decimals, for snapshots that survive
 *  last-digit floating-point differences between platforms. */
export function roundNumbers(text: string, digits = 2): string {
  return text.replace(/-?\d+\.\d+(e[-+]?\d+)?/gi, (m) => {
    const v = Number(m);
    const r = Number(v.toFixed(digits));
    return String(Object.is(r, -0) ? 0 : r);
  });
}

export { DIMENSION_NAMES };
