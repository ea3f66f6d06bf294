import { describe, expect, it } from 'vitest';
import { apaResult, formatCi, formatDf, formatNoLeadingZero, formatNumber, formatP, formatPercent } from '../../pipeline/report/apa.ts';
import { fixtureResults } from './fixture.ts';

// Reference: APA Publication Manual, 7th ed., sections 6.36 (decimals, leading zeros, p-values)
// and 6.44 (statistics in text: "t(177) = 3.51, p < .001, d = 0.65, 95% CI [0.35, 0.95]").
describe('APA number formatting', () => {
  it.each([
    [0.0004, 'p < .001'],
    [0.001, 'p = .001'],
    [0.0321, 'p = .032'],
    [0.04999, 'p = .050'],
    [0.5, 'p = .500'],
    [0.9996, 'p > .999'],
    [1, 'p > .999'],
    [1.1e-26, 'p < .001'],
  ])('p = %s is written %s', (p, text) => {
    expect(formatP(p)).toBe(text);
  });

  it('writes a missing p as n/a rather than a number', () => {
    expect(formatP(null)).toBe('p = n/a');
    expect(formatP(Number.NaN)).toBe('p = n/a');
  });

  it('uses a true minus sign and never writes −0.00', () => {
    expect(formatNumber(-0.1234)).toBe('\u22120.12');
    expect(formatNumber(-0.001)).toBe('0.00');
    expect(formatNumber(3.14159, 3)).toBe('3.142');
  });

  it('drops the leading zero only for quantities bounded by 1', () => {
    expect(formatNoLeadingZero(0.034)).toBe('.03');
    expect(formatNoLeadingZero(-0.25)).toBe('\u2212.25');
    expect(formatNumber(0.65)).toBe('0.65');
  });

  it('writes integer df as integers and Welch df with two decimals', () => {
    expect(formatDf(287)).toBe('287');
    expect(formatDf(190.456)).toBe('190.46');
  });

  it('writes a df that is whole up to floating-point error as an integer, judged relative to its size', () => {
    // This project's Satterthwaite df of the bundled study's mixed model (results.json, X2), 1930 in R (tests/fixtures/analyze/bundled/r-results.json).
    expect(formatDf(1929.9999999997965)).toBe('1930');
    // lmerTest's numerically differentiated df for a balanced design whose df is 66 (tests/fixtures/stats/mixed.json).
    expect(formatDf(66.000000676606)).toBe('66');
    // Fractional df from the same fixtures keep their two decimals (lmerTest, and R's Welch t.test on the bundled study).
    expect(formatDf(57.7392527868631)).toBe('57.74');
    expect(formatDf(642.918865128648)).toBe('642.92');
    // A df close to, but truly off, a whole number is not rounded to it.
    expect(formatDf(100.004)).toBe('100.00');
    expect(formatDf(2.999)).toBe('3.00');
  });

  it('writes a 95% CI in brackets', () => {
    expect(formatCi(-0.123, 0.456)).toBe('95% CI [\u22120.12, 0.46]');
    expect(formatCi(null, 0.4)).toBe('95% CI [n/a]');
    expect(formatPercent(0.7449)).toBe('74%');
  });
});

describe('APA result strings', () => {
  const results = fixtureResults();
  const byId = (id: string) => results.tests.find((t) => t.id === id)!;

  it('formats the ANCOVA contrast as t(df), p, d and its CI (the APA manual example shape)', () => {
    // H1 fixture: estimate 0.412, se 0.071 → t = 5.80; d = 0.412/0.45 = 0.92; CI (0.412 ± 1.968·0.071)/0.45.
    expect(apaResult(byId('H1'))).toBe('t(296) = 5.80, p < .001, d = 0.92, 95% CI [0.61, 1.23]');
  });

  it('formats McNemar with its discordant counts and the share difference', () => {
    expect(apaResult(byId('H5.encouraging_elaboration'))).toBe('McNemar exact, discordant 160/6, p < .001, difference = .52');
  });

  it('formats a correlation without leading zeros and with the equivalence p', () => {
    expect(apaResult(byId('H6.jes'))).toBe('r(294) = .03, p = .595, 95% CI [\u2212.08, .14], equivalence p = .048');
  });

  it('names the equivalence bounds beside the TOST p when the result carries them', () => {
    expect(apaResult({ ...byId('H6.jes'), equivalence_bounds: [-0.1, 0.1] })).toBe('r(294) = .03, p = .595, 95% CI [\u2212.08, .14], equivalence (TOST, r within \u00b1.10) p = .048');
  });

  it('formats a Welch test with fractional df', () => {
    expect(apaResult(byId('X1.coach_vs_control'))).toBe('t(190.46) = 4.16, p < .001, d = 0.86, 95% CI [0.45, 1.27]');
  });

  it('calls a contrast of two arms without a d a difference, and a one-sample mean M', () => {
    const x1 = { ...byId('X1.coach_vs_control'), effect_size: null };
    expect(apaResult(x1)).toBe('t(190.46) = 4.16, p < .001, difference = 0.39, 95% CI [0.20, 0.57]');
    expect(apaResult(byId('H7'))).toBe('t(295) = 11.96, p < .001, M = 0.63, 95% CI [0.61, 0.66]');
  });

  it('says when a test was not computed, with its note', () => {
    const t = { ...byId('H7'), estimate: null, statistic: null, note: 'too few participants' };
    expect(apaResult(t)).toBe('not computed (too few participants)');
  });
});
