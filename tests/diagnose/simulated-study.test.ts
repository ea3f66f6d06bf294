/**
 * The diagnosis's lean study (no message rows, exclusions applied participant by participant as
 * the study is simulated) is the same scored study and CONSORT flow as the long way round:
 * simulateStudy (messageText false, with message rows) → applyExclusions → scoreStudy; in the
 * design setting, the null setting (mirrored self-reports, traits at the bound, no pull) and the
 * attrition setting (dropouts' later rounds removed).
 */
import { describe, expect, it } from 'vitest';
import { settingParams, type SimulationSetting } from '../../pipeline/diagnose/settings.ts';
import { simulateScoredStudy } from '../../pipeline/diagnose/simulated-study.ts';
import { applyExclusions } from '../../pipeline/ingest/exclusions.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { scoreStudy } from '../../pipeline/score/index.ts';
import { simulateStudy } from '../../pipeline/simulate/generate.ts';

const { prereg } = loadPreregistration();

describe('simulateScoredStudy', () => {
  it.each([
    [20260401, 1, { kind: 'design', coach: 1, video: 1 }],
    [77, 0.5, { kind: 'design', coach: 0, video: 0 }],
    [5, 2, { kind: 'design', coach: 0.4, video: 1.3 }],
    [6, 0.5, { kind: 'null', coach: 0, video: 0 }],
    [8, 0.5, { kind: 'attrition', coach: 1, video: 1 }],
  ] as [number, number, SimulationSetting][])('seed %i, scale %f, %j: the scored study and CONSORT flow of simulate → applyExclusions → scoreStudy', (seed, scale, setting) => {
    const params = settingParams(setting);
    const long = simulateStudy(params, seed, scale, { messageText: false });
    const { analysed, consort } = applyExclusions(long, prereg.exclusions);
    const lean = simulateScoredStudy(prereg, params, seed, scale);
    expect(lean.consort).toEqual(consort);
    expect(lean.scored).toEqual(scoreStudy(analysed, prereg));
    // Every exclusion rule caught someone, so the per-participant path was exercised.
    expect(consort.excluded_before_randomisation[0].n).toBeGreaterThan(0);
    expect(Object.values(consort.by_arm).flatMap((a) => a.lost).filter((l) => l.n > 0).length).toBeGreaterThan(1);
  });
});
