/**
 * Small random study exports (as ingested tables, before exclusions), seeded, made degenerate in
 * one of the ways issue 14 found: identical ratings, constant perception, round 3 an exact linear
 * function of round 1, rounds 2 and 3 equal to round 1, an empty arm, one participant an arm, or
 * everything constant at once. For tests/analyze/degenerate-property.test.ts and the end-to-end
 * run in tests/runner/degenerate-run.test.ts. Synthetic: no row comes from a person.
 */
import type { StudyTables } from '../../pipeline/ingest/tables.ts';
import { createRng } from '../../pipeline/stats/random.ts';
import { ARMS, DIMENSIONS, ROUNDS, type Arm } from '../../pipeline/study.ts';

export const DEGENERACIES = ['identical_ratings', 'constant_perception', 'linear_round3', 'rounds_equal', 'empty_arm', 'single_per_arm', 'everything_constant'] as const;
export type Degeneracy = (typeof DEGENERACIES)[number];

export interface DegenerateOptions {
  seed: number;
  /** Participants per arm before the degeneracy (2–8 keeps a run to milliseconds). */
  perArm: number;
  kind: Degeneracy;
  /** linear_round3: round-3 score = intercept + slope × round-1 score (kept within 1–5). */
  slope?: number;
  intercept?: number;
  /** Which arm empty_arm empties. */
  emptyArm?: Arm;
}

const RUNS = 3;

/** A random small export with every participant complete (no exclusion but the occasional E1). */
function randomStudy(seed: number, perArm: number): StudyTables {
  const rng = createRng(seed);
  const t: StudyTables = {
    meta: { name: `degenerate property (synthetic, seed ${seed})`, description: 'synthetic test data', synthetic: true, source: 'tests/analyze/degenerate-study.ts' },
    participants: [], conversations: [], messages: [], ratings: [], self_reports: [], perception: [],
  };
  let index = 0;
  for (const arm of ARMS) {
    for (let k = 0; k < perArm; k++) {
      const id = `p${String(++index).padStart(3, '0')}`;
      // One in 12 fails the attention check though randomised: E1 after allocation (issue 14 §6).
      t.participants.push({ participant_id: id, arm, attention_passed: rng.uniform() > 1 / 12, trait_jes: Math.round((1 + 5 * rng.uniform()) * 100) / 100, trait_sites: rng.int(1, 5) });
      for (const round of ROUNDS) {
        const conversation_id = `${id}-r${round}`;
        t.conversations.push({ conversation_id, participant_id: id, round, scenario: rng.pick(['job loss', 'promotion', 'diagnosis']), completed: true, realism: rng.int(1, 5) });
        for (let turn = 1; turn <= 4; turn++) t.messages.push({ conversation_id, turn, role: turn % 2 === 1 ? 'seeker' : 'supporter', text: turn % 4 === 2 ? 'That sounds hard. How are you feeling?' : 'I hear you.' });
        for (const d of DIMENSIONS) {
          for (let run = 1; run <= RUNS; run++) t.ratings.push({ conversation_id, rater: `judge_run${run}`, dimension: d.name, score: rng.int(1, 5) });
          t.self_reports.push({ participant_id: id, round, dimension: d.name, response: rng.int(1, 5) });
        }
      }
      for (let item = 1; item <= 4; item++) t.perception.push({ participant_id: id, item_id: `pair${item}`, chose_aligned: rng.bernoulli(0.6) });
    }
  }
  return t;
}

/** The export with `kind` applied. */
export function degenerateStudy(options: DegenerateOptions): StudyTables {
  const t = randomStudy(options.seed, options.perArm);
  const roundOf = new Map(t.conversations.map((c) => [c.conversation_id, { participant: c.participant_id, round: c.round }]));
  const key = (conversationId: string, rater: string, dimension: string) => `${roundOf.get(conversationId)!.participant}|${rater}|${dimension}`;
  const roundOne = new Map(t.ratings.filter((r) => roundOf.get(r.conversation_id)!.round === 1).map((r) => [key(r.conversation_id, r.rater, r.dimension), r.score]));
  const fromRoundOne = (rounds: number[], f: (score: number) => number) => {
    t.ratings = t.ratings.map((r) => (rounds.includes(roundOf.get(r.conversation_id)!.round) ? { ...r, score: f(roundOne.get(key(r.conversation_id, r.rater, r.dimension))!) } : r));
  };
  const keepParticipants = (keep: (id: string, arm: Arm | null) => boolean) => {
    const kept = new Set(t.participants.filter((p) => keep(p.participant_id, p.arm)).map((p) => p.participant_id));
    const conversations = new Set(t.conversations.filter((c) => kept.has(c.participant_id)).map((c) => c.conversation_id));
    t.participants = t.participants.filter((p) => kept.has(p.participant_id));
    t.conversations = t.conversations.filter((c) => kept.has(c.participant_id));
    t.messages = t.messages.filter((m) => conversations.has(m.conversation_id));
    t.ratings = t.ratings.filter((r) => conversations.has(r.conversation_id));
    t.self_reports = t.self_reports.filter((s) => kept.has(s.participant_id));
    t.perception = t.perception.filter((s) => kept.has(s.participant_id));
  };
  switch (options.kind) {
    case 'identical_ratings':
      t.ratings = t.ratings.map((r) => ({ ...r, score: 3 }));
      break;
    case 'constant_perception':
      t.perception = t.perception.map((p) => ({ ...p, chose_aligned: true }));
      break;
    case 'linear_round3':
      fromRoundOne([3], (s) => (options.intercept ?? 1.5) + (options.slope ?? 0.5) * s);
      break;
    case 'rounds_equal':
      fromRoundOne([2, 3], (s) => s);
      break;
    case 'empty_arm':
      keepParticipants((_, arm) => arm !== (options.emptyArm ?? 'video'));
      break;
    case 'single_per_arm': {
      const first = new Map<Arm | null, string>();
      for (const p of t.participants) if (p.attention_passed && !first.has(p.arm)) first.set(p.arm, p.participant_id);
      keepParticipants((id) => [...first.values()].includes(id));
      break;
    }
    case 'everything_constant':
      t.ratings = t.ratings.map((r) => ({ ...r, score: 4 }));
      t.self_reports = t.self_reports.map((s) => ({ ...s, response: 4 }));
      t.perception = t.perception.map((p) => ({ ...p, chose_aligned: true }));
      t.participants = t.participants.map((p) => ({ ...p, trait_jes: 4.5, trait_sites: 3 }));
      break;
  }
  return t;
}

/**
 * The results a degeneracy takes the data from, by id pattern: each must be not estimable. The
 * others rest on data the degeneracy leaves random and may be anything.
 */
export function touchedBy(options: DegenerateOptions): RegExp {
  const ancova = 'H[1-4]|X3';
  switch (options.kind) {
    case 'identical_ratings':
      return new RegExp(`^(${ancova}|H6|X1|X2)(\\.|$)`);
    case 'constant_perception':
      return /^H7$/;
    case 'linear_round3':
      // A slope of 1 and no intercept is rounds equal at round 3: the change scores are all 0.
      return new RegExp(`^(${ancova}${options.slope === 1 && options.intercept === 0 ? '|X1' : ''})(\\.|$)`);
    case 'rounds_equal':
      return new RegExp(`^(${ancova}|X1|X2)(\\.|$)`);
    case 'empty_arm': {
      const arm = options.emptyArm ?? 'video';
      return new RegExp(`^(${ancova}|X2)(\\.|$)|^X1\\.(${arm}_vs_\\w+|\\w+_vs_${arm})$`);
    }
    case 'single_per_arm':
      return new RegExp(`^(${ancova}|H6|X1|X2)(\\.|$)`);
    case 'everything_constant':
      return /./;
  }
}
