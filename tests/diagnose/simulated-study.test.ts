/**
 * The diagnosis's lean study (no message rows, exclusions applied participant by participant as
 * the study is simulated) is the same scored study and CONSORT flow as the long way round:
 * simulateStudy (messageText false, with message rows) → applyExclusions → scoreStudy.
 */
import { describe, expect, it } from 'vitest';
import { simulateScoredStudy } from '../../pipeline/diagnose/simulated-study.ts';
import { applyExclusions } from '../../pipeline/ingest/exclusions.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { scoreStudy } from '../../pipeline/score/index.ts';
import { CALIBRATION, withTreatmentEffects } from '../../pipeline/simulate/calibration.ts';
import { simulateStudy } from '../../pipeline/simulate/generate.ts';

const { prereg } = loadPreregistration();

describe('simulateScoredStudy', () => {
  it.each([
    [20260401, 1, 1, 1],
    [77, 0.5, 0, 0],
    [5, 2, 0.4, 1.3],
  ])('seed %i, scale %f, effects x%f / x%f: the scored study and CONSORT flow of simulate → applyExclusions → scoreStudy', (seed, scale, coach, video) => {
    const long = simulateStudy(withTreatmentEffects(CALIBRATION, { coach, video }), seed, scale, { messageText: false });
    const { analysed, consort } = applyExclusions(long, prereg.exclusions);
    const lean = simulateScoredStudy(prereg, seed, scale, coach, video);
    expect(lean.consort).toEqual(consort);
    expect(lean.scored).toEqual(scoreStudy(analysed, prereg));
    // Every exclusion rule caught someone, so the per-participant path was exercised.
    expect(consort.excluded_before_randomisation[0].n).toBeGreaterThan(0);
    expect(Object.values(consort.by_arm).flatMap((a) => a.lost).filter((l) => l.n > 0).length).toBeGreaterThan(1);
  });
});
