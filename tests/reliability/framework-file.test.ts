/**
 * A rubric is data: a made-up framework file (SYNTHETIC ratings, tests/fixtures/reliability/made-up,
 * written by made_up_framework.py) is computed with no code change, from rater files in every
 * format the reader takes, and matches the reference that script computed with statsmodels, scipy
 * and pandas. Bad framework and rater files are refused with located problems.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError, UsageError, formatProblem } from '../../pipeline/errors.ts';
import { loadFramework } from '../../pipeline/reliability/framework.ts';
import { computeFramework } from '../../pipeline/reliability/framework-compute.ts';
import { computeFrameworks, parsePairOption, parseRaterOption } from '../../pipeline/reliability/frameworks.ts';
import reference from '../fixtures/reliability/made_up_reference.json' with { type: 'json' };

const MADE_UP = 'tests/fixtures/reliability/made-up';
const LEND_AN_EAR = 'data/frameworks/lend-an-ear.yaml';

/** A copy of the made-up framework's folder with `edits` applied (file → new text, or a function of the old). */
function madeUp(edits: Record<string, string | ((old: string) => string)> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'framework-'));
  cpSync(MADE_UP, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    writeFileSync(path, typeof edit === 'string' ? edit : edit(readFileSync(path, 'utf8')));
  }
  return dir;
}

async function problems(run: () => Promise<unknown>): Promise<string[]> {
  try {
    await run();
  } catch (err) {
    if (err instanceof BadInputError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error('expected bad input');
}

describe('a made-up framework (SYNTHETIC ratings) needs no code change', () => {
  it('matches statsmodels, scipy and pandas on wide CSV, wide JSONL, CRLF/BOM and a ratings table of judge runs', async () => {
    const result = await computeFramework(loadFramework(join(MADE_UP, 'replication.yaml')));
    expect(result.synthetic).toBe(true);
    expect(result.raters.map((r) => [r.name, r.format, r.conversations])).toEqual([
      ['coderA', 'wide', 14], ['coderB', 'wide', 14], ['coderC', 'wide', 14], ['judge', 'ratings', 14],
    ]);
    expect(result.rows).toHaveLength(reference.rows.length);
    for (const ref of reference.rows) {
      const r = result.rows.find((x) => x.dimension === ref.dimension && x.pair.join() === ref.pair.join())!;
      const where = `${ref.dimension} ${ref.pair.join('–')}`;
      expect(r.n, where).toBe(ref.n);
      expect(r.categories, where).toBe(ref.categories);
      expect(r.kappa!, where).toBeCloseTo(ref.kappa, 12);
      expect(r.se!, where).toBeCloseTo(ref.se, 12);
      expect(Math.abs(r.p! - ref.p), where).toBeLessThan(1e-12);
      expect(r.rho!, where).toBeCloseTo(ref.rho, 12);
      expect(Math.abs(r.rho_p! - ref.rho_p), where).toBeLessThan(1e-12);
      expect(r.rho_ci_low!, where).toBeCloseTo(ref.rho_ci_low, 12);
    }
    expect(result.alpha!.dimensions.map((a) => a.dimension)).toEqual(Object.keys(reference.alpha));
    for (const a of result.alpha!.dimensions) expect(a.value!).toBeCloseTo((reference.alpha as Record<string, number>)[a.dimension], 12);
    // coderC left one curiosity rating empty: that pair drops it (listwise), so n = 13 there.
    expect(result.rows.find((r) => r.dimension === 'curiosity' && r.pair[0] === 'coderC')!.n).toBe(13);
  });

  it('compares any rater file with any other from the command line: --rater adds or replaces, --pair adds', async () => {
    const doc = await computeFrameworks({ frameworks: [LEND_AN_EAR], raters: [parseRaterOption('gpt4o=data/companion-reliability/annotations/lend_an_ear/gpt_ratings.csv')], pairs: [parsePairOption('experts,gpt4o')] });
    const f = doc.frameworks[0];
    expect(f.raters.find((r) => r.name === 'gpt4o')).toMatchObject({ from: 'command line', format: 'wide', conversations: 50 });
    expect(f.rows.filter((r) => r.pair.join() === 'experts,gpt4o')).toHaveLength(6);
    // The declared gpt rater is the same file: the same numbers.
    const declared = await computeFrameworks({ frameworks: [LEND_AN_EAR], raters: [], pairs: [['experts', 'gpt']] });
    const byDim = (rows: typeof f.rows, pair: string) => rows.filter((r) => r.pair.join() === pair).map((r) => r.kappa);
    expect(byDim(f.rows, 'experts,gpt4o')).toEqual(byDim(declared.frameworks[0].rows, 'experts,gpt'));
  });

  it('reads a contract ratings table of several raters, narrowed to the one named, runs combined by their median', async () => {
    const dir = madeUp();
    const doc = await computeFrameworks({ frameworks: [join(dir, 'replication.yaml')], raters: [{ name: 'judge-y', file: join(dir, 'judge_runs.csv') }], pairs: [['coders', 'judge-y']] });
    const f = doc.frameworks[0];
    expect(f.raters.find((r) => r.name === 'judge-y')).toMatchObject({ format: 'ratings', conversations: 14, from: 'command line' });
    expect(f.rows.filter((r) => r.pair.join() === 'coders,judge-y').map((r) => r.n)).toEqual([14, 13]);
  });

  it('refuses command-line raters and pairs that cannot be used', async () => {
    expect(() => parseRaterOption('judge')).toThrow(UsageError);
    expect(() => parseRaterOption('=x.csv')).toThrow(UsageError);
    expect(() => parsePairOption('experts')).toThrow(UsageError);
    expect(() => parsePairOption('experts,experts')).toThrow(UsageError);
    await expect(computeFrameworks({ frameworks: [LEND_AN_EAR], raters: [], pairs: [['experts', 'nobody']] })).rejects.toThrow(/no rater or group named "nobody"/);
    await expect(computeFrameworks({ frameworks: [LEND_AN_EAR], raters: [{ name: 'judge', file: 'x.csv' }], pairs: [] })).rejects.toThrow(/--rater judge is used by no pair/);
    await expect(computeFrameworks({ frameworks: ['data/frameworks'], raters: [], pairs: [['experts', 'llm']] })).rejects.toThrow(/exactly one framework/);
  });
});

describe('bad framework and rater files: located, all of them, nothing paired by position', () => {
  it('a framework file with unknown keys, names and values', async () => {
    const dir = madeUp({
      'replication.yaml': (t) => t.replace('synthetic: true\n', 'colour: blue\n').replace('scale: { min: 0, max: 10 }', 'scale: { min: 10, max: 0 }').replace('  - [coderA, coderB]', '  - [coderA, nobody]'),
    });
    const found = await problems(async () => loadFramework(join(dir, 'replication.yaml')));
    const file = join(dir, 'replication.yaml');
    expect(found).toEqual([
      `${file}:3: colour: unknown key`,
      `${file}:2: synthetic: must be true or false: say whether the ratings are synthetic (a required key, so nothing made up is ever shown as real)`,
      `${file}:6: scale.max: must be a number above scale.min ("0")`,
    ]);
    const fixedScale = madeUp({ 'replication.yaml': (t) => t.replace('  - [coderA, coderB]', '  - [coderA, nobody]') });
    expect(await problems(async () => loadFramework(join(fixedScale, 'replication.yaml')))).toEqual([
      `${join(fixedScale, 'replication.yaml')}:17: pairs[1][1]: no such rater or group in raters or groups ("nobody")`,
    ]);
  });

  it('values off the scale, non-numbers, duplicate ids and a missing dimension column', async () => {
    const dir = madeUp({
      'coderA.csv': (t) => t.replace(/^r-03,(\d+),/m, 'r-03,11,').replace(/^r-04,(\d+),/m, 'r-04,high,').replace(/^r-06,/m, 'r-02,'),
      'coderB.jsonl': (t) => t.replace(/"warmth": [\d.]+/g, '"warmness": 1'),
    });
    const found = await problems(() => computeFramework(loadFramework(join(dir, 'replication.yaml'))));
    expect(found).toEqual([
      `${join(dir, 'coderA.csv')}:4: warmth: must be a number from 0 to 10 ("11")`,
      `${join(dir, 'coderA.csv')}:5: warmth: must be a number from 0 to 10 ("high")`,
      `${join(dir, 'coderA.csv')}:7: conversation: duplicate conversation (first on line 3) ("r-02")`,
      `${join(dir, 'coderB.jsonl')}: warmth: no row has this dimension of the framework: is the column misnamed?`,
    ]);
    const noColumn = madeUp({ 'coderC.csv': (t) => t.replace('curiosity,conversation', 'curiousness,conversation') });
    expect(await problems(() => computeFramework(loadFramework(join(noColumn, 'replication.yaml'))))).toEqual([`${join(noColumn, 'coderC.csv')}:1: curiosity: missing required column`]);
  });

  it('a conversation one rater of a pair lacks is an error at the row that has it, never paired by position', async () => {
    const dir = madeUp({ 'coderB.jsonl': (t) => t.replace('"r-07"', '"r-99"') });
    const found = await problems(() => computeFramework(loadFramework(join(dir, 'replication.yaml'))));
    // coderB (a member of the group coders) has r-99 instead of r-07: both rows are named, and the
    // group is not formed, so no pair is computed.
    expect(found).toEqual([
      `${join(dir, 'coderA.csv')}:8: this conversation has no rating by coderB (${join(dir, 'coderB.jsonl')}): raters are joined on the id, never by position ("r-07")`,
      `${join(dir, 'coderB.jsonl')}:7: this conversation has no rating by coderA (${join(dir, 'coderA.csv')}): raters are joined on the id, never by position ("r-99")`,
    ]);
    // Between a pair's two raters too: the judge's ratings table lacks r-03.
    const judgeLacks = madeUp({ 'judge_runs.csv': (t) => t.split('\n').filter((l) => !l.startsWith('r-03,judge-x,')).join('\n') });
    const pairFound = await problems(() => computeFramework(loadFramework(join(judgeLacks, 'replication.yaml'))));
    expect(pairFound).toEqual([
      `${join(judgeLacks, 'coderA.csv')}:4: this conversation has no rating by judge (${join(judgeLacks, 'judge_runs.csv')}): raters are joined on the id, never by position ("r-03")`,
      `${join(judgeLacks, 'coderC.csv')}:13: this conversation has no rating by judge (${join(judgeLacks, 'judge_runs.csv')}): raters are joined on the id, never by position ("r-03")`,
    ]);
  });

  it('a ratings table of several raters, none named as the rater', async () => {
    const dir = madeUp({ 'replication.yaml': (t) => t.replace('{ file: judge_runs.csv, rater: judge-x, label: a made-up judge }', 'judge_runs.csv') });
    const found = await problems(() => computeFramework(loadFramework(join(dir, 'replication.yaml'))));
    expect(found).toEqual([
      `${join(dir, 'judge_runs.csv')}: rater: holds ratings by judge-x, judge-y, none of them named judge: name one (in a framework file { file: ${join(dir, 'judge_runs.csv')}, rater: judge-x }; on the command line --rater judge-x=${join(dir, 'judge_runs.csv')})`,
    ]);
  });
});
