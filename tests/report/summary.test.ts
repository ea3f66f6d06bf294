import { describe, expect, it } from 'vitest';
import { terminalSummary } from '../../pipeline/report/summary.ts';
import { fixtureResults } from './fixture.ts';

describe('terminalSummary', () => {
  const results = fixtureResults();
  const text = terminalSummary(results, 'reports/synthetic/report.html');
  const lines = text.split('\n');

  // Fixture count by hand: 27 confirmatory (H1–H3, 18 × H4, 3 × H5, 2 × H6, H7); supported: H1, H2,
  // the 12 coach contrasts of H4, the 3 H5, the 2 H6 and H7 = 20.
  it('has a headline, one line per confirmatory hypothesis, and the report path last', () => {
    const confirmatory = results.tests.filter((t) => t.status === 'confirmatory');
    expect(lines).toHaveLength(confirmatory.length + 2);
    expect(lines[0]).toBe('Synthetic fixture study (SYNTHETIC data): 20 of 27 confirmatory hypotheses supported');
    expect(lines.at(-1)).toBe('Report: reports/synthetic/report.html');
    expect(text).not.toContain('X1.coach_vs_control');
  });

  it('gives estimate, CI, adjusted p with its correction, and the decision', () => {
    const h1 = lines.find((l) => l.trim().startsWith('H1 '))!;
    expect(h1).toMatch(/^ {2}H1 +estimate 0\.41, 95% CI \[0\.27, 0\.55\], p\(holm\) < \.001 {2}supported$/);
    const h3 = lines.find((l) => l.trim().startsWith('H3 '))!;
    expect(h3).toContain('p = .377  not supported');
    const h6 = lines.find((l) => l.trim().startsWith('H6.jes'))!;
    expect(h6).toContain('equivalence p = .048');
  });

  it('strips control characters from names so data cannot drive the terminal', () => {
    const evil = { ...results, study: { ...results.study, name: 'x\u001b[31mred' } };
    expect(terminalSummary(evil, 'r.html').split('\n')[0]).toBe('x[31mred (SYNTHETIC data): 20 of 27 confirmatory hypotheses supported');
  });
});
