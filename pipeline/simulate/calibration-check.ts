/**
 * Simple summaries of a simulated study, to check the calibration against the published figures
 * (calibrate.ts) and to test that planted effects come back (tests/simulate/). Deliberately
 * independent of the analysis modules: plain counting, medians and one small least-squares fit,
 * so a bug in the analyses cannot hide a bug in the simulator or the other way round.
 */
import { ARMS, DIMENSIONS, type Arm, type Dimension } from '../study.ts';
import type { StudyTables } from '../ingest/tables.ts';

export interface AnalysedParticipant {
  participantId: string;
  arm: Arm;
  traitJes: number | null;
  traitSites: number | null;
  /** Judged conversation score (median of runs) per dimension, by round 1..3 (index 0..2). */
  judged: Record<Dimension, number>[];
  /** Self-reports of round 1, when present. */
  selfRoundOne: Partial<Record<Dimension, number>>;
  messages: number;
  realism: (number | null)[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The participants left after E1–E3 (STUDY.md), with their judged scores: passed the attention
 * check and randomised, three completed and rated rounds, each with ≥ 2 supporter messages.
 *
 * @example
 * analysedParticipants(simulateStudy(CALIBRATION, DEFAULT_SEED, 1)).length; // 968
 */
export function analysedParticipants(study: StudyTables): AnalysedParticipant[] {
  const supporterMessages = new Map<string, number>();
  const messageCount = new Map<string, number>();
  for (const m of study.messages) {
    messageCount.set(m.conversation_id, (messageCount.get(m.conversation_id) ?? 0) + 1);
    if (m.role === 'supporter') supporterMessages.set(m.conversation_id, (supporterMessages.get(m.conversation_id) ?? 0) + 1);
  }
  const runs = new Map<string, Map<Dimension, number[]>>();
  for (const r of study.ratings) {
    let byDimension = runs.get(r.conversation_id);
    if (!byDimension) runs.set(r.conversation_id, (byDimension = new Map()));
    const list = byDimension.get(r.dimension) ?? [];
    list.push(r.score);
    byDimension.set(r.dimension, list);
  }
  const conversationsOf = new Map<string, StudyTables['conversations']>();
  for (const c of study.conversations) {
    const list = conversationsOf.get(c.participant_id) ?? [];
    list.push(c);
    conversationsOf.set(c.participant_id, list);
  }
  const selfOf = new Map<string, Partial<Record<Dimension, number>>>();
  for (const s of study.self_reports) {
    if (s.round !== 1) continue;
    const entry = selfOf.get(s.participant_id) ?? {};
    entry[s.dimension] = s.response;
    selfOf.set(s.participant_id, entry);
  }
  const out: AnalysedParticipant[] = [];
  for (const p of study.participants) {
    if (!p.attention_passed || p.arm === null) continue;
    const conversations = (conversationsOf.get(p.participant_id) ?? []).filter((c) => c.completed && runs.has(c.conversation_id));
    if (new Set(conversations.map((c) => c.round)).size !== 3) continue;
    if (conversations.some((c) => (supporterMessages.get(c.conversation_id) ?? 0) < 2)) continue;
    conversations.sort((a, b) => a.round - b.round);
    const judged = conversations.map((c) => {
      const byDimension = runs.get(c.conversation_id)!;
      const scores = {} as Record<Dimension, number>;
      for (const d of DIMENSIONS) scores[d.name] = median(byDimension.get(d.name) ?? []);
      return scores;
    });
    out.push({
      participantId: p.participant_id,
      arm: p.arm,
      traitJes: p.trait_jes,
      traitSites: p.trait_sites,
      judged,
      selfRoundOne: selfOf.get(p.participant_id) ?? {},
      messages: conversations.reduce((sum, c) => sum + (messageCount.get(c.conversation_id) ?? 0), 0),
      realism: conversations.map((c) => c.realism),
    });
  }
  return out;
}

/**
 * Alignment: mean of the prescriptive scores and of 6 − score for the proscriptive ones.
 *
 * @example
 * alignment({ validating_emotions: 4, encouraging_elaboration: 3, demonstrating_understanding: 4,
 *             advice_giving: 2, self_oriented: 1, dismissing_emotions: 1 }); // 25 / 6 = 4.1667
 */
export function alignment(scores: Record<Dimension, number>): number {
  let sum = 0;
  for (const d of DIMENSIONS) sum += d.kind === 'prescriptive' ? scores[d.name] : 6 - scores[d.name];
  return sum / DIMENSIONS.length;
}

/** Solves the symmetric system A x = b by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

export interface AncovaSummary {
  /** Adjusted difference of `treatment` vs `reference` at round 3, and its classical OLS SE. */
  estimate: number;
  se: number;
  /** Pooled within-arm SD of the round-1 outcome; d = estimate / pooledBaselineSd. */
  pooledBaselineSd: number;
  d: number;
  dSe: number;
}

/**
 * OLS of the round-3 outcome on arm dummies and the round-1 outcome (the ANCOVA of H1), with
 * the classical (not HC3) standard error of the contrast: enough to check a planted effect.
 *
 * @example
 * ancovaContrast(analysedParticipants(simulateStudy(CALIBRATION, DEFAULT_SEED, 1)), alignment, 'coach', 'control').d;
 * // 1.0123 (the run command's H1 gives the same d on the bundled export)
 */
export function ancovaContrast(people: AnalysedParticipant[], outcome: (scores: Record<Dimension, number>) => number, treatment: Arm, reference: Arm): AncovaSummary {
  const others = ARMS.filter((a) => a !== reference);
  const rows = people.map((p) => [1, ...others.map((a) => (p.arm === a ? 1 : 0)), outcome(p.judged[0])]);
  const y = people.map((p) => outcome(p.judged[2]));
  const k = rows[0].length;
  const xtx = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + r[i] * r[j], 0)));
  const xty = Array.from({ length: k }, (_, i) => rows.reduce((s, r, n) => s + r[i] * y[n], 0));
  const beta = solve(xtx, xty);
  const residualSs = rows.reduce((s, r, n) => s + (y[n] - r.reduce((f, x, j) => f + x * beta[j], 0)) ** 2, 0);
  const sigma2 = residualSs / (rows.length - k);
  const index = 1 + others.indexOf(treatment);
  const unit = Array.from({ length: k }, (_, i) => (i === index ? 1 : 0));
  const inverseColumn = solve(xtx, unit);
  const se = Math.sqrt(sigma2 * inverseColumn[index]);
  let pooledSs = 0;
  for (const arm of ARMS) {
    const values = people.filter((p) => p.arm === arm).map((p) => outcome(p.judged[0]));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    pooledSs += values.reduce((s, v) => s + (v - mean) ** 2, 0);
  }
  const pooledBaselineSd = Math.sqrt(pooledSs / (people.length - ARMS.length));
  return { estimate: beta[index], se, pooledBaselineSd, d: beta[index] / pooledBaselineSd, dSe: se / pooledBaselineSd };
}

/**
 * Pearson correlation of two equal-length arrays.
 *
 * @example
 * pearson([1, 2, 3], [2, 4, 7]); // 0.9934
 */
export function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export interface CalibrationSummary {
  participants: number;
  conversations: number;
  messages: number;
  coach: AncovaSummary;
  video: AncovaSummary;
  /** Coach − control ANCOVA contrast per dimension, on the judged score. */
  coachByDimension: Record<Dimension, AncovaSummary>;
  selfElaborationAtLeast4: number;
  judgedElaborationAtLeast4: number;
  selfUnderstandingVeryMuch: number;
  judgedUnderstandingVeryMuch: number;
  traitRSquared: number;
  realismAtLeast4: number;
  perceptionAligned: number;
}

/**
 * Every calibrated figure, computed from a simulated study.
 *
 * @example
 * calibrationSummary(simulateStudy(CALIBRATION, DEFAULT_SEED, 1)).selfElaborationAtLeast4; // 0.7539
 */
export function calibrationSummary(study: StudyTables): CalibrationSummary {
  const people = analysedParticipants(study);
  const share = (list: (number | undefined)[], test: (v: number) => boolean): number => {
    const present = list.filter((v): v is number => v !== undefined && v !== null);
    return present.filter(test).length / present.length;
  };
  const coachByDimension = {} as Record<Dimension, AncovaSummary>;
  for (const d of DIMENSIONS) coachByDimension[d.name] = ancovaContrast(people, (s) => s[d.name], 'coach', 'control');
  const withJes = people.filter((p) => p.traitJes !== null);
  const r = pearson(withJes.map((p) => p.traitJes!), withJes.map((p) => alignment(p.judged[0])));
  const analysedIds = new Set(people.map((p) => p.participantId));
  const perception = study.perception.filter((c) => analysedIds.has(c.participant_id));
  return {
    participants: people.length,
    conversations: people.length * 3,
    messages: people.reduce((s, p) => s + p.messages, 0),
    coach: ancovaContrast(people, alignment, 'coach', 'control'),
    video: ancovaContrast(people, alignment, 'video', 'control'),
    coachByDimension,
    selfElaborationAtLeast4: share(people.map((p) => p.selfRoundOne.encouraging_elaboration), (v) => v >= 4),
    judgedElaborationAtLeast4: share(people.map((p) => p.judged[0].encouraging_elaboration), (v) => v >= 4),
    selfUnderstandingVeryMuch: share(people.map((p) => p.selfRoundOne.demonstrating_understanding), (v) => v === 5),
    judgedUnderstandingVeryMuch: share(people.map((p) => p.judged[0].demonstrating_understanding), (v) => v === 5),
    traitRSquared: r * r,
    realismAtLeast4: share(people.flatMap((p) => p.realism.map((v) => v ?? undefined)), (v) => v >= 4),
    perceptionAligned: perception.filter((c) => c.chose_aligned).length / perception.length,
  };
}
