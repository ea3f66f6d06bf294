/**
 * The planted population properties come back from simulated samples, within sampling error
 * computed from the data (3 standard errors): the coaching effect of 0.98 SD, the silent-empathy
 * shares 74% vs 18% and 87% vs 9%, R² ≈ 0.001, 91% realism, the direction of every dimension
 * under coaching (published figures, STUDY.md); and nothing in the null variant.
 * The summaries are computed by calibration-check.ts (plain counting and OLS), not by the
 * analysis modules, so the two check each other.
 */
import { describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../../pipeline/study.ts';
import { CALIBRATION, DEFAULT_SEED, nullParams, PUBLISHED_TARGETS, withTreatmentEffects } from '../../pipeline/simulate/calibration.ts';
import { analysedParticipants, calibrationSummary, pearson } from '../../pipeline/simulate/calibration-check.ts';
import { EXPRESSION_OF } from '../../pipeline/simulate/conversation-text.ts';
import { carriesExpression } from '../../pipeline/simulate/expression-match.ts';
import { simulateStudy } from '../../pipeline/simulate/generate.ts';

const binomialSe = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);

describe.each([
  { label: 'the bundled study (default seed, scale 1)', seed: DEFAULT_SEED, scale: 1 },
  { label: 'another seed at scale 2', seed: 11, scale: 2 },
])('planted effects in $label', ({ seed, scale }) => {
  const study = simulateStudy(CALIBRATION, seed, scale);
  const summary = calibrationSummary(study);
  const n = summary.participants;

  it('recovers the coaching effect of 0.98 SD of round-1 alignment within 3 SE', () => {
    expect(Math.abs(summary.coach.d - PUBLISHED_TARGETS.coachEffectSd)).toBeLessThan(3 * summary.coach.dSe);
  });

  it('has a video effect that is positive and smaller than coaching', () => {
    expect(summary.video.d).toBeGreaterThan(3 * summary.video.dSe);
    expect(summary.video.d).toBeLessThan(summary.coach.d);
  });

  it('moves prescriptive dimensions up and proscriptive down under coaching', () => {
    for (const d of DIMENSIONS) {
      const { estimate, se } = summary.coachByDimension[d.name];
      expect(d.direction * estimate, d.name).toBeGreaterThan(3 * se);
    }
  });

  it('reproduces silent empathy: self 74% vs judged 18% (elaboration ≥ 4), 87% vs 9% (understanding = 5)', () => {
    const checks: [number, number][] = [
      [summary.selfElaborationAtLeast4, PUBLISHED_TARGETS.selfElaborationAtLeast4],
      [summary.judgedElaborationAtLeast4, PUBLISHED_TARGETS.judgedElaborationAtLeast4],
      [summary.selfUnderstandingVeryMuch, PUBLISHED_TARGETS.selfUnderstandingVeryMuch],
      [summary.judgedUnderstandingVeryMuch, PUBLISHED_TARGETS.judgedUnderstandingVeryMuch],
    ];
    for (const [observed, target] of checks) expect(Math.abs(observed - target)).toBeLessThan(3 * binomialSe(target, n));
  });

  it('has no meaningful association of trait empathy with round-1 alignment (R² ≈ 0.001)', () => {
    // With no population association, P(r² > 0.01) = P(|r| > 0.1) ≈ 0.002 at n = 968.
    expect(summary.traitRSquared).toBeLessThan(0.01);
  });

  it('has 91% of conversations rated realistic (4 or 5)', () => {
    expect(Math.abs(summary.realismAtLeast4 - PUBLISHED_TARGETS.realismAtLeast4)).toBeLessThan(3 * binomialSe(0.91, 3 * n));
  });
});

describe('the null variant', () => {
  const summary = calibrationSummary(simulateStudy(nullParams(CALIBRATION), DEFAULT_SEED, 2));

  it('has no treatment effect on alignment or on any dimension, within 3 SE', () => {
    expect(Math.abs(summary.coach.d)).toBeLessThan(3 * summary.coach.dSe);
    expect(Math.abs(summary.video.d)).toBeLessThan(3 * summary.video.dSe);
    for (const d of DIMENSIONS) {
      const { estimate, se } = summary.coachByDimension[d.name];
      expect(Math.abs(estimate), d.name).toBeLessThan(3 * se);
    }
  });

  it('keeps the silent-empathy shares, which do not depend on treatment', () => {
    expect(Math.abs(summary.selfElaborationAtLeast4 - 0.74)).toBeLessThan(3 * binomialSe(0.74, summary.participants));
  });
});

describe('treatment effects as parameters (for design diagnosis)', () => {
  it('halving the coaching effect halves the standardised effect, within error', () => {
    const summary = calibrationSummary(simulateStudy(withTreatmentEffects(CALIBRATION, { coach: 0.5, video: 1 }), 5, 2));
    // Half the latent shift; clipping at the ends of the 1–5 scale makes the observed d a bit less than linear.
    expect(Math.abs(summary.coach.d - PUBLISHED_TARGETS.coachEffectSd / 2)).toBeLessThan(3 * summary.coach.dSe + 0.05);
  });
});

describe('the text carries the signal the judge rates', () => {
  it('the share of supporter messages with a dimension\'s expression correlates with its judged score (r > 0.7)', () => {
    const study = simulateStudy(CALIBRATION, DEFAULT_SEED, 0.5);
    const judged = new Map<string, Map<string, number[]>>();
    for (const r of study.ratings) {
      const byDimension = judged.get(r.conversation_id) ?? new Map<string, number[]>();
      byDimension.set(r.dimension, [...(byDimension.get(r.dimension) ?? []), r.score]);
      judged.set(r.conversation_id, byDimension);
    }
    const supporterTexts = new Map<string, string[]>();
    for (const m of study.messages) if (m.role === 'supporter') supporterTexts.set(m.conversation_id, [...(supporterTexts.get(m.conversation_id) ?? []), m.text]);
    const analysed = new Set(analysedParticipants(study).map((p) => p.participantId));
    const conversations = study.conversations.filter((c) => analysed.has(c.participant_id));
    for (const d of DIMENSIONS) {
      const share = conversations.map((c) => {
        const texts = supporterTexts.get(c.conversation_id)!;
        return texts.filter((t) => carriesExpression(t, EXPRESSION_OF[d.name])).length / texts.length;
      });
      const score = conversations.map((c) => judged.get(c.conversation_id)!.get(d.name)!.sort((a, b) => a - b)[1]);
      expect(pearson(share, score), d.name).toBeGreaterThan(0.7);
    }
  });
});
