/**
 * The not-estimable tolerance (pipeline/stats/degenerate.ts) against R 4.2 on the same inputs
 * (tests/fixtures/stats/degenerate.R → degenerate.json): where R itself warns "essentially perfect
 * fit" or stops "data are essentially constant" the data are degenerate for us too; where round-off
 * alone slips past R's own bound (1e-30) and R reports a t made of round-off, ours (1e-20) still
 * catches it; just above ours, R's numbers come out of our methods.
 */
import { describe, expect, it } from 'vitest';
import { contrast } from '../../pipeline/stats/contrast.ts';
import { isEssentiallyConstant, isEssentiallyPerfectFit, RELATIVE_VARIANCE_TOLERANCE, squaredScale } from '../../pipeline/stats/degenerate.ts';
import { fitRandomInterceptLmm } from '../../pipeline/stats/mixed.ts';
import { fitOls, ModelFitError } from '../../pipeline/stats/ols.ts';
import { EssentiallyConstantError, oneSampleTTest, welchTTest } from '../../pipeline/stats/ttest.ts';
import { mixedTerms } from '../../pipeline/analyze/mixed.ts';
import { createRng } from '../../pipeline/stats/random.ts';
import { expectClose, loadFixture } from './fixture.ts';

type Kind = 'degenerate' | 'roundoff' | 'just_above';
interface HcTest { L: number[]; estimate: number; se: number; statistic: number; df: number; p: number }
interface AncovaCase { name: string; kind: Kind; arm: string[]; pre: number[]; post: number[]; r_notes: string[] | number; ratio: number; contrasts: Record<string, HcTest> }
interface TCase { name: string; kind: Kind; x: number[]; r_error: string | number; result?: Record<'estimate' | 'se' | 'statistic' | 'df' | 'p' | 'ci_low' | 'ci_high', number> }
interface WelchCase { name: string; kind: Kind; pre: number[]; post: number[]; change: number[]; r_error: string | number; result: Record<'estimate' | 'se' | 'statistic' | 'df' | 'p', number> }
interface CorCase { name: string; kind: Kind; x: number[]; y: number[]; r_notes: string[]; result: Record<'estimate' | 'statistic' | 'p', number> }
interface MixedCase { name: string; kind: Kind; participant: string[]; arm: string[]; round: number[]; y: number[]; r_notes: string[] | number; result: Record<'sigma' | 'estimate' | 'se' | 'ratio', number> }
interface Fixture { source: string; survey: { designs: number; largest_ratio: number }; cases: { name: string }[] }

const fixture = loadFixture<Fixture>('degenerate');
const byName = <T>(name: string): T => fixture.cases.find((c) => c.name === name) as T;
const PERFECT_FIT = 'essentially perfect fit: summary may be unreliable';
// json.R writes an absent value as null, which the loader reads as NaN.
const notes = (x: string[] | number): string[] => (Array.isArray(x) ? x : []);

function ancovaFit(c: AncovaCase) {
  const rows = c.pre.map((pre, i) => [1, c.arm[i] === 'video' ? 1 : 0, c.arm[i] === 'coach' ? 1 : 0, pre]);
  return fitOls(c.post, rows, ['(Intercept)', 'armvideo', 'armcoach', 'baseline']);
}

describe(`the ANCOVA fit against R (${fixture.source})`, () => {
  it('is an essentially perfect fit where R warns so: round 3 an exact linear function of round 1', () => {
    const c = byName<AncovaCase>('ancova_linear');
    expect(notes(c.r_notes)).toContain(PERFECT_FIT);
    expect(c.ratio).toBeLessThan(1e-30);
    const fit = ancovaFit(c);
    expect(isEssentiallyPerfectFit(fit.rss / fit.df_residual, fit.fitted)).toBe(true);
  });

  it('is one too where only round-off spreads the data and R, past its own 1e-30, reports a t of round-off', () => {
    const c = byName<AncovaCase>('ancova_offset_roundoff');
    expect(notes(c.r_notes)).toEqual([]);
    expect(c.ratio).toBeGreaterThan(1e-30);
    expect(c.ratio).toBeLessThan(RELATIVE_VARIANCE_TOLERANCE);
    // No video effect was put in: R's difference and its SE are both round-off.
    expect(Math.abs(c.contrasts.video_vs_control.estimate)).toBeLessThan(1e-13);
    expect(c.contrasts.video_vs_control.se).toBeLessThan(1e-13);
    const fit = ancovaFit(c);
    expect(isEssentiallyPerfectFit(fit.rss / fit.df_residual, fit.fitted)).toBe(true);
  });

  it('is estimable just above the tolerance, with R\'s HC3 tests', () => {
    const c = byName<AncovaCase>('ancova_just_above');
    expect(notes(c.r_notes)).toEqual([]);
    expect(c.ratio).toBeGreaterThan(RELATIVE_VARIANCE_TOLERANCE);
    const fit = ancovaFit(c);
    expect(isEssentiallyPerfectFit(fit.rss / fit.df_residual, fit.fitted)).toBe(false);
    for (const [name, r] of Object.entries(c.contrasts)) {
      const ours = contrast(fit, r.L, 'HC3', 0.95);
      // The differences are 1e-9 on values of 1–5: round-off of 1e-16 costs about 7 digits.
      for (const field of ['estimate', 'se', 'statistic', 'p'] as const) expectClose(ours[field], r[field], 1e-5, `${name} ${field}`);
      expect(ours.df).toBe(r.df);
    }
  });

  it('leaves, in R\'s own lm, round-off above R\'s bound and nine orders below ours', () => {
    // 400 random designs whose outcome is an exact linear function of arm and baseline.
    expect(fixture.survey.largest_ratio).toBeGreaterThan(1e-30);
    expect(fixture.survey.largest_ratio).toBeLessThan(RELATIVE_VARIANCE_TOLERANCE * 1e-8);
  });
});

describe('the one-sample t test of shares against R', () => {
  it('has no spread where R stops with "data are essentially constant"', () => {
    const c = byName<TCase>('shares_constant');
    expect(c.r_error).toBe('data are essentially constant');
    expect(isEssentiallyConstant(c.x)).toBe(true);
    expect(() => oneSampleTTest(c.x, 0.5)).toThrow(EssentiallyConstantError);
  });

  it('gives R\'s t test just above the tolerance', () => {
    const c = byName<TCase>('shares_just_above');
    expect(isEssentiallyConstant(c.x)).toBe(false);
    const ours = oneSampleTTest(c.x, 0.5);
    for (const field of ['estimate', 'se', 'statistic', 'df', 'p', 'ci_low', 'ci_high'] as const) expectClose(ours[field], c.result![field], 1e-6, field);
  });
});

describe('the Welch test of change scores against R', () => {
  const arms = (c: WelchCase) => [c.change.slice(0, 6), c.change.slice(6)];
  const scores = (c: WelchCase) => [...c.pre, ...c.post];

  it('has no spread where nobody changed (R: t = NaN)', () => {
    const c = byName<WelchCase>('changes_all_zero');
    expect(c.result.statistic).toBeNaN();
    for (const changes of arms(c)) expect(isEssentiallyConstant(changes, scores(c))).toBe(true);
  });

  it('has no spread where everyone changed by the same 0.001, though R reports a t of round-off', () => {
    const c = byName<WelchCase>('changes_constant_roundoff');
    // R judges the SE against the mean change (0.001): its 10·ε·0.001 lets round-off of 3–5 through.
    expect(c.r_error).toBeNaN();
    expect(Number.isFinite(c.result.statistic)).toBe(true);
    expect(c.result.se).toBeGreaterThan(10 * Number.EPSILON * 0.001);
    expect(Math.abs(c.result.estimate)).toBeLessThan(1e-15);
    for (const changes of arms(c)) expect(isEssentiallyConstant(changes, scores(c))).toBe(true);
  });

  it('gives R\'s Welch test just above the tolerance', () => {
    const c = byName<WelchCase>('changes_just_above');
    const [x, y] = arms(c);
    expect(isEssentiallyConstant(x, scores(c))).toBe(false);
    // The changes are computed as R computes them (one IEEE subtraction each).
    c.change.forEach((d, i) => expect(c.post[i] - c.pre[i]).toBe(d));
    const ours = welchTTest(x, y);
    for (const field of ['estimate', 'se', 'statistic', 'df', 'p'] as const) expectClose(ours[field], c.result[field], 1e-8, field);
  });
});

describe('Pearson r against R', () => {
  it('has no spread in a constant trait (R: "the standard deviation is zero", r = NA)', () => {
    const c = byName<CorCase>('trait_constant');
    expect(c.r_notes).toContain('the standard deviation is zero');
    expect(c.result.estimate).toBeNaN();
    expect(isEssentiallyConstant(c.x)).toBe(true);
  });

  it('is an essentially perfect fit on an exact line (R: t = Inf, and lm warns)', () => {
    const c = byName<CorCase>('alignment_exact_line');
    expect(c.r_notes).toContain(PERFECT_FIT);
    expect(c.result.statistic).toBe(Infinity);
    const fit = fitOls(c.y, c.x.map((x) => [1, x]), ['(Intercept)', 'trait']);
    expect(isEssentiallyPerfectFit(fit.rss / fit.df_residual, fit.fitted)).toBe(true);
  });
});

describe('the random-intercept model against lme4', () => {
  const fit = (c: MixedCase) => {
    const terms = mixedTerms(1);
    const X = c.arm.map((arm, i) => terms.map((term) => (term === '(Intercept)' ? 1 : term.split(':').every((part) => part === `arm${arm}` || part === `round${c.round[i]}`) ? 1 : 0)));
    return { terms, model: fitRandomInterceptLmm(c.y, X, terms, c.participant) };
  };

  it('is degenerate where arm and round explain the outcome exactly (lme4: fails to converge)', () => {
    const c = byName<MixedCase>('mixed_exact');
    expect(notes(c.r_notes).some((n) => /failed to converge|unidentifiable/.test(n))).toBe(true);
    expect(c.result.ratio).toBeLessThan(1e-30);
    let degenerate: boolean;
    try {
      degenerate = isEssentiallyPerfectFit(fit(c).model.var_residual, c.y);
    } catch (err) {
      // Our REML may find no finite optimum at all: the same verdict, not estimable.
      expect(err).toBeInstanceOf(ModelFitError);
      degenerate = true;
    }
    expect(degenerate).toBe(true);
  });

  it('gives lme4\'s fit just above the tolerance', () => {
    const c = byName<MixedCase>('mixed_just_above');
    expect(c.result.ratio).toBeGreaterThan(RELATIVE_VARIANCE_TOLERANCE);
    const { terms, model } = fit(c);
    expect(isEssentiallyPerfectFit(model.var_residual, c.y)).toBe(false);
    const ours = model.contrast(terms.map((t) => (t === 'armcoach:round3' ? 1 : 0)));
    expectClose(ours.estimate, c.result.estimate, 1e-12, 'estimate');
    expectClose(ours.se, c.result.se, 1e-5, 'se');
    expectClose(Math.sqrt(model.var_residual), c.result.sigma, 1e-5, 'sigma');
  });
});

describe('round-off of our own fits on data the model explains exactly', () => {
  // 100 seeded designs each: the largest residual variance over the squared scale must clear the
  // tolerance by orders of magnitude, so no exact relation slips through as a finding.
  const rng = createRng(20261201);
  const arms = ['control', 'video', 'coach'] as const;
  const ratios = { ols: 0, lmm: 0 };

  it('stays far below 1e-20 for the ANCOVA (R\'s own lm: up to 1.8e-29, above R\'s 1e-30)', () => {
    for (let k = 0; k < 100; k++) {
      const n = rng.int(6, 300);
      const [a, b, shift] = [rng.uniform() * 7, rng.uniform(), k % 2 === 0 ? rng.uniform() * 1e3 : 0];
      const arm = Array.from({ length: n }, (_, i) => (i < 6 ? arms[i % 3] : rng.pick(arms)));
      const pre = arm.map(() => Math.round((1 + 4 * rng.uniform()) * 6) / 6 + shift);
      const post = pre.map((x, i) => a + (b * x) / 3 + (arm[i] === 'coach' ? 0.1 : 0));
      const fit = fitOls(post, pre.map((x, i) => [1, arm[i] === 'video' ? 1 : 0, arm[i] === 'coach' ? 1 : 0, x]), ['(Intercept)', 'armvideo', 'armcoach', 'baseline']);
      ratios.ols = Math.max(ratios.ols, fit.rss / fit.df_residual / squaredScale(fit.fitted));
    }
    expect(ratios.ols).toBeLessThan(RELATIVE_VARIANCE_TOLERANCE * 1e-8);
  });

  it('stays far below 1e-20 for the mixed model, or the fit is refused', () => {
    const terms = mixedTerms(1);
    let refused = 0;
    for (let k = 0; k < 100; k++) {
      const participants = rng.int(6, 60);
      const effects = terms.map(() => Math.round(rng.uniform() * 40) / 10);
      const y: number[] = [];
      const X: number[][] = [];
      const groups: string[] = [];
      for (let i = 0; i < participants; i++) {
        const arm = i < 6 ? arms[i % 3] : rng.pick(arms);
        for (const round of [1, 2, 3]) {
          if (i >= 6 && rng.uniform() < 0.1) continue;
          const row: number[] = terms.map((term) => (term === '(Intercept)' ? 1 : term.split(':').every((part) => part === `arm${arm}` || part === `round${round}`) ? 1 : 0));
          y.push(1 + row.reduce((sum, x, j) => sum + x * effects[j], 0));
          X.push(row);
          groups.push(`p${i}`);
        }
      }
      try {
        ratios.lmm = Math.max(ratios.lmm, fitRandomInterceptLmm(y, X, terms, groups).var_residual / squaredScale(y));
      } catch (err) {
        expect(err).toBeInstanceOf(ModelFitError);
        refused += 1;
      }
    }
    expect(ratios.lmm).toBeLessThan(RELATIVE_VARIANCE_TOLERANCE * 1e-6);
    expect(refused).toBeLessThan(100);
  });
});

describe('the tolerance itself', () => {
  it('measures the scale as summary.lm does: mean² + variance', () => {
    expect(squaredScale([1, 2, 3])).toBe(5);
    expect(squaredScale([4])).toBe(16);
    expect(squaredScale([])).toBe(0);
  });

  it('is relative: the same data on any scale get the same verdict', () => {
    const spread = [0, 1e-11, -1e-11, 2e-11];
    for (const scale of [1e-6, 1, 1e6]) {
      expect(isEssentiallyConstant(spread.map((d) => scale * (3 + d)))).toBe(true);
      expect(isEssentiallyConstant(spread.map((d) => scale * (3 + 1e3 * d)))).toBe(false);
    }
  });

  it('calls all-zero data and fewer than two values constant, and a non-finite variance a perfect fit', () => {
    expect(isEssentiallyConstant([0, 0, 0])).toBe(true);
    expect(isEssentiallyConstant([2])).toBe(true);
    expect(isEssentiallyPerfectFit(NaN, [1, 2])).toBe(true);
    expect(isEssentiallyPerfectFit(0.1, [1, 2])).toBe(false);
  });
});
