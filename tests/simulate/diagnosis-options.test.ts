/**
 * The simulator's options for the design diagnosis, each off by default (the bundled export stays
 * byte for byte the same: bundled-export.test.ts):
 *
 * - attrition after round 1 that depends on the arm and the untreated outcome: a study with it is
 *   the same study without it, less its dropouts' later rounds; dropping is monotone across arms;
 *   the rates follow the model; the standardisation of the untreated outcome has mean 0 and SD 1;
 * - self-reports that mirror the judge: distributed as the judged score (H5's null);
 * - the trait loadings of the null setting: twoAnchorNormal gives the correlations asked for;
 * - the item bank: perceptionItemShifts is the bank the study draws, and the share on the items
 *   used averages, over banks, to the share on the pool.
 */
import { describe, expect, it } from 'vitest';
import { settingParams } from '../../pipeline/diagnose/settings.ts';
import { poolShare, usedItemsShare } from '../../pipeline/diagnose/truths.ts';
import { meanWithMcse } from '../../pipeline/diagnose/monte-carlo.ts';
import { CALIBRATION, type SimulationParams } from '../../pipeline/simulate/calibration.ts';
import { twoAnchorWeights } from '../../pipeline/simulate/draws.ts';
import { perceptionItemShifts, simulateStudy } from '../../pipeline/simulate/generate.ts';
import { conversationLatent, drawLatentParticipant, latentAlignment, untreatedOutcomeMoments } from '../../pipeline/simulate/latent.ts';
import { SCENARIO_IDS } from '../../pipeline/simulate/scenarios.ts';
import { createRng } from '../../pipeline/stats/random.ts';
import { logistic } from '../../pipeline/simulate/draws.ts';
import { logisticNormalMean } from '../../pipeline/stats/logistic-normal.ts';
import type { StudyTables } from '../../pipeline/ingest/tables.ts';
import type { Arm } from '../../pipeline/study.ts';

const withAttrition = (asIfArm?: Arm): SimulationParams => settingParams({ kind: 'attrition', coach: 1, video: 1, ...(asIfArm ? { asIfArm } : {}) });
const design = settingParams({ kind: 'design', coach: 1, video: 1 });
const opts = { messageText: false } as const;

/** Participants whose rounds 2 and 3 are missing in `study` but present in `full`. */
function dropouts(full: StudyTables, study: StudyTables): Set<string> {
  const later = (t: StudyTables) => new Set(t.conversations.filter((c) => c.round > 1).map((c) => c.participant_id));
  const before = later(full);
  const after = later(study);
  return new Set([...before].filter((id) => !after.has(id)));
}

describe('attrition that depends on the arm and the untreated outcome', () => {
  const seed = 31;
  const full = simulateStudy(design, seed, 2, opts);
  const study = simulateStudy(withAttrition(), seed, 2, opts);
  const lost = dropouts(full, study);

  it('is the same study without it, less the dropouts’ rounds after the first', () => {
    expect(lost.size).toBeGreaterThan(100);
    const laterIds = new Set(full.conversations.filter((c) => lost.has(c.participant_id) && c.round > 1).map((c) => c.conversation_id));
    expect(study.participants).toEqual(full.participants);
    expect(study.conversations).toEqual(full.conversations.filter((c) => !laterIds.has(c.conversation_id)));
    expect(study.messages).toEqual(full.messages.filter((m) => !laterIds.has(m.conversation_id)));
    expect(study.ratings).toEqual(full.ratings.filter((r) => !laterIds.has(r.conversation_id)));
    expect(study.self_reports).toEqual(full.self_reports.filter((r) => !(lost.has(r.participant_id) && r.round > 1)));
    expect(study.perception).toEqual(full.perception.filter((r) => !lost.has(r.participant_id)));
    // Only participants who would have completed drop out, and each keeps round 1.
    for (const id of lost) expect(study.conversations.some((c) => c.participant_id === id && c.round === 1 && c.completed)).toBe(true);
  });

  it('drops more in the arms with more attrition, about as the model says, and monotonely: whoever drops under control drops under video and coach', () => {
    const arms = new Map(full.participants.map((p) => [p.participant_id, p.arm]));
    const completers = new Map<Arm, number>();
    for (const c of full.conversations) if (c.round === 3 && c.completed) completers.set(arms.get(c.participant_id) as Arm, (completers.get(arms.get(c.participant_id) as Arm) ?? 0) + 1);
    const rate = (arm: Arm) => [...lost].filter((id) => arms.get(id) === arm).length / (completers.get(arm) as number);
    // The untreated outcome is (nearly) standard normal: P(drop) ≈ E[logistic(logit(p) − 1.5 Z)].
    for (const arm of ['control', 'video', 'coach'] as const) {
      const p = withAttrition().attrition!.afterRound1[arm];
      const expected = logisticNormalMean(Math.log(p / (1 - p)), 1.5);
      const se = Math.sqrt((expected * (1 - expected)) / (completers.get(arm) as number));
      expect(Math.abs(rate(arm) - expected), arm).toBeLessThan(4 * se);
    }
    const asIf = (arm: Arm) => dropouts(full, simulateStudy(withAttrition(arm), seed, 2, opts));
    const [control, video, coach] = [asIf('control'), asIf('video'), asIf('coach')];
    for (const id of control) expect(video.has(id)).toBe(true);
    for (const id of video) expect(coach.has(id)).toBe(true);
    expect(coach.size).toBeGreaterThan(control.size);
  });

  it('standardises the untreated latent outcome to mean 0 and SD 1 (the moments against 200,000 simulated conversations)', () => {
    const moments = untreatedOutcomeMoments(CALIBRATION, SCENARIO_IDS);
    const rng = createRng(5);
    const values: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const person = drawLatentParticipant(rng);
      const scenario = SCENARIO_IDS[rng.int(0, SCENARIO_IDS.length - 1)];
      values.push((latentAlignment(conversationLatent(person, 'control', 3, scenario, CALIBRATION, rng)) - moments.mean) / moments.sd);
    }
    const m = meanWithMcse(values);
    expect(Math.abs(m.value as number)).toBeLessThan(4 * (m.mcse as number));
    // SD of a sample SD of a normal: sd / sqrt(2(n − 1)).
    expect(Math.abs((m.sd as number) - 1)).toBeLessThan(4 / Math.sqrt(2 * 199_999));
  });
});

describe('self-reports that mirror the judge (the null setting of H5)', () => {
  it('are distributed as the judged score: the self and judged shares at round 1 agree within 4 SE of their paired difference', () => {
    const params = settingParams({ kind: 'null', coach: 0, video: 0 });
    const study = simulateStudy(params, 12, 3, opts);
    const round1 = new Map(study.conversations.filter((c) => c.round === 1 && c.completed).map((c) => [c.conversation_id, c.participant_id]));
    const judged = new Map<string, number[]>();
    for (const r of study.ratings) {
      const who = round1.get(r.conversation_id);
      if (who && r.dimension === 'validating_emotions') judged.set(who, [...(judged.get(who) ?? []), r.score]);
    }
    const diffs: number[] = [];
    for (const s of study.self_reports) {
      if (s.round !== 1 || s.dimension !== 'validating_emotions') continue;
      const runs = judged.get(s.participant_id);
      if (!runs) continue;
      const median = [...runs].sort((a, b) => a - b)[1];
      diffs.push(Number(s.response >= 4) - Number(median >= 4));
    }
    const m = meanWithMcse(diffs);
    expect(m.n).toBeGreaterThan(2500);
    expect(Math.abs(m.value as number)).toBeLessThan(4 * (m.mcse as number));
    // And the default study's self-reports are the calibrated, far higher ones.
    expect(CALIBRATION.selfReport.mirrorsJudge).toBeUndefined();
  });
});

describe('the trait loadings of the null setting', () => {
  it('twoAnchorWeights gives the asked correlations with both anchors and unit variance (exact algebra, several cases)', () => {
    for (const [r12, r1, r2] of [[0.12, 0.5, 0.1292], [0, 0.5, 0.1], [0.3, -0.2, 0.6], [0.9, 0.85, 0.8]]) {
      const { a, b, c } = twoAnchorWeights(r12, r1, r2);
      expect(a + b * r12).toBeCloseTo(r1, 14);
      expect(a * r12 + b).toBeCloseTo(r2, 14);
      expect(a * a + b * b + 2 * a * b * r12 + c * c).toBeCloseTo(1, 14);
    }
    expect(() => twoAnchorWeights(0, 0.9, 0.9)).toThrow(RangeError);
  });
});

describe('the perception item bank', () => {
  it('perceptionItemShifts is the bank the study draws: each item’s share of aligned choices follows its shift', () => {
    const params = { ...CALIBRATION, perception: { ...CALIBRATION.perception, logitSd: 0.01 } };
    const shifts = perceptionItemShifts(params, 9);
    const study = simulateStudy(params, 9, 2, opts);
    const byItem = new Map<string, number[]>();
    for (const r of study.perception) byItem.set(r.item_id, [...(byItem.get(r.item_id) ?? []), Number(r.chose_aligned)]);
    let worst = 0;
    shifts.forEach((shift, j) => {
      const answers = byItem.get(`pair${String(j + 1).padStart(2, '0')}`) ?? [];
      const expected = logistic(params.perception.logitMean + shift);
      const se = Math.sqrt((expected * (1 - expected)) / answers.length);
      worst = Math.max(worst, Math.abs(answers.reduce((a, b) => a + b, 0) / answers.length - expected) / se);
    });
    // 40 items, each within 4 SE (a 1-in-15,000 miss for a right bank; a wrong bank misses by far).
    expect(worst).toBeLessThan(4);
  });

  it('the share on the items used averages over banks to the share on the pool', () => {
    const shares = Array.from({ length: 300 }, (_, i) => usedItemsShare(CALIBRATION, 1000 + i));
    const m = meanWithMcse(shares);
    expect(Math.abs((m.value as number) - poolShare(CALIBRATION))).toBeLessThan(4 * (m.mcse as number));
    // Banks differ: the spread of their shares is what the t test of H7 leaves out.
    expect(m.sd as number).toBeGreaterThan(0.01);
  });
});
