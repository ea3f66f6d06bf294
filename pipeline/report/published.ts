/**
 * "Published vs this run": every published figure of STUDY.md's table beside the number this run
 * produced, as plain-text cells (the HTML layer escapes them).
 */
import type { ResultsDoc, TestResult } from '../analyze/types.ts';
import type { ScoredStudy } from '../score/types.ts';
import { DIMENSIONS } from '../study.ts';
import { formatCi, formatNumber, formatPercent } from './apa.ts';
import { roundOneShares } from './charts/silent-empathy.ts';
import type { StudyCounts } from './inputs.ts';

export interface PublishedRow {
  figure: string;
  published: string;
  source: string;
  this_run: string;
  note: string;
}

/**
 * Integer with a comma every three digits, independent of the machine's locale.
 *
 * @example
 * formatCount(33938) // '33,938'
 */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Share of conversations rated "quite a bit" or "very much" realistic (4 or 5), among those rated. */
export function realisticShare(scored: ScoredStudy): { share: number; n: number } | null {
  const rated = scored.conversations.filter((c) => c.realism !== null);
  if (rated.length === 0) return null;
  return { share: rated.filter((c) => (c.realism as number) >= 4).length / rated.length, n: rated.length };
}

const find = (results: ResultsDoc, id: string): TestResult | undefined => results.tests.find((t) => t.id === id);

/**
 * The rows of the comparison table, in the order of the published figures, one row per dimension
 * for the directions. `counts` are the whole export's, `analysedCounts` those after the exclusions.
 */
export function publishedComparison(results: ResultsDoc, scored: ScoredStudy, counts?: StudyCounts, analysedCounts?: StudyCounts): PublishedRow[] {
  const rows: PublishedRow[] = [];
  // Like with like: the paper's counts are after its exclusions, so they stand beside the
  // analysed counts; the whole export's counts follow, labelled as such.
  const analysed = analysedCounts ?? { participants: results.sample.analysed, conversations: scored.conversations.length, messages: null };
  const triple = (c: { participants: number; conversations: number; messages: number | null }) =>
    `${formatCount(c.participants)} / ${formatCount(c.conversations)} / ${c.messages === null ? 'n/a' : formatCount(c.messages)}`;
  rows.push({
    figure: 'Participants / conversations / messages analysed (after exclusions)',
    published: '968 / 2,904 / 33,938',
    source: 'paper',
    this_run: triple(analysed),
    note: 'the analysed participants (after the preregistered exclusions), their conversations and messages',
  });
  if (counts) {
    rows.push({
      figure: 'Participants / conversations / messages in the whole export (before exclusions)',
      published: 'not reported',
      source: 'paper',
      this_run: triple(counts),
      note: 'every row of the export, including those the exclusions remove',
    });
  }

  const h1 = find(results, 'H1');
  const d = h1?.effect_size;
  rows.push({
    figure: 'Coaching effect on overall empathic communication (H1, coach − control)',
    published: '0.98 SD',
    source: 'press coverage',
    this_run: d && d.value !== null ? `${formatNumber(d.value)} SD, ${formatCi(d.ci_low, d.ci_high)}` : 'n/a',
    note: 'd = ANCOVA-adjusted difference / pooled within-arm round-1 SD',
  });

  const h5e = find(results, 'H5.encouraging_elaboration');
  rows.push({
    figure: 'Said they encouraged elaboration vs judged to have',
    published: '74% vs 18%',
    source: 'press coverage',
    this_run: h5e && h5e.self_share != null && h5e.judged_share != null
      ? `${formatPercent(h5e.self_share)} vs ${formatPercent(h5e.judged_share)}` : 'n/a',
    note: 'H5, round 1, self-report ≥ 4 vs judged ≥ 4',
  });

  const h5u = find(results, 'H5.demonstrating_understanding');
  const top = roundOneShares(scored, 5).demonstrating_understanding;
  const selfTop = h5u?.self_share_top ?? top?.self_share ?? null;
  const h5Part = h5u && h5u.self_share != null && h5u.judged_share != null
    ? `; H5 (≥ 4): ${formatPercent(h5u.self_share)} vs ${formatPercent(h5u.judged_share)}` : '';
  rows.push({
    figure: 'Said they demonstrated understanding "very much" vs judged',
    published: '87% vs 9%',
    source: 'press coverage',
    this_run: `at 5: ${formatPercent(selfTop)} vs ${formatPercent(top?.judged_share ?? null)}${h5Part}`,
    note: 'the published figure counts answers of 5 only; H5 counts 4 or 5',
  });

  const jes = find(results, 'H6.jes');
  const joint = jes?.joint_r_squared ?? find(results, 'H6.sites')?.joint_r_squared ?? null;
  rows.push({
    figure: 'Trait empathy vs conversation score',
    published: 'R² = 0.001',
    source: 'press coverage',
    this_run: joint !== null ? `R² = ${formatNumber(joint, 3)}${jes?.r_squared != null ? ` (JES alone ${formatNumber(jes.r_squared, 3)})` : ''}` : 'n/a',
    note: 'round-1 alignment ~ JES + SITES (H6)',
  });

  const real = realisticShare(scored);
  rows.push({
    figure: 'Scenarios rated realistic',
    published: '91%',
    source: 'press coverage',
    this_run: real ? `${formatPercent(real.share)} of ${formatCount(real.n)} rated conversations` : 'n/a',
    note: '"quite a bit" or "very much" (4 or 5)',
  });

  for (const dim of DIMENSIONS) {
    const h4 = find(results, `H4.${dim.name}.coach_vs_control`);
    const expected = dim.direction > 0 ? 'up' : 'down';
    let thisRun = 'n/a';
    let note = '';
    if (h4 && h4.estimate !== null) {
      const observed = h4.estimate > 0 ? 'up' : h4.estimate < 0 ? 'down' : 'no change';
      thisRun = `${observed} (${formatNumber(h4.estimate)})`;
      note = observed === expected ? 'same direction' : 'different direction';
    }
    rows.push({
      figure: `Direction under coaching: ${dim.label} (${dim.kind})`,
      published: expected,
      source: 'press coverage',
      this_run: thisRun,
      note: `H4.${dim.name}.coach_vs_control, adjusted difference; ${note}`.replace(/; $/, ''),
    });
  }
  return rows;
}
