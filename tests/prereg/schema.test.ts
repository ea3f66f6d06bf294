/**
 * The preregistration's schema and cross-field checks refuse a bad file with a BadInputError whose
 * every problem names the file, the line and column of the offending YAML node, and the value.
 * Each fixture is the committed preregistration with ONE edit, so it is otherwise valid.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadInputError, formatProblem } from '../../pipeline/errors.ts';
import { parsePreregistration } from '../../pipeline/prereg/load.ts';
import { CONTRASTS, DIMENSIONS, DIMENSION_NAMES } from '../../pipeline/study.ts';
import { committedPreregText } from './helpers.ts';

/** Line (1-based) and column of the `nth` occurrence of `needle` in `text`, plus `colOffset`. */
function positionOf(text: string, needle: string, colOffset = 0): { line: number; col: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`fixture edit did not apply: ${needle}`);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const col = at - before.lastIndexOf('\n') + colOffset;
  return { line, col };
}

/** Applies one edit to the committed file; fails loudly if the text to replace is not there. */
function edited(find: string, replace: string): string {
  const text = committedPreregText();
  if (!text.includes(find)) throw new Error(`fixture edit did not apply: ${find}`);
  return text.replace(find, replace);
}

function problemsOf(text: string): string[] {
  try {
    parsePreregistration(text, 'bad.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(BadInputError);
    return (err as BadInputError).problems.map(formatProblem);
  }
  throw new Error('expected the preregistration to be refused');
}

describe('the committed preregistration', () => {
  const prereg = parsePreregistration(committedPreregText(), 'preregistration.yaml');

  it('lists every hypothesis of STUDY.md explicitly: H1–H3, 18 H4, 3 H5, H6.jes/H6.sites, H7, X1×3, X2, X3', () => {
    const h4 = DIMENSION_NAMES.flatMap((d) => Object.keys(CONTRASTS).map((c) => `H4.${d}.${c}`));
    const h5 = DIMENSIONS.filter((d) => d.kind === 'prescriptive').map((d) => `H5.${d.name}`);
    const x1 = Object.keys(CONTRASTS).map((c) => `X1.${c}`);
    expect(prereg.hypotheses.map((h) => h.id)).toEqual(['H1', 'H2', 'H3', ...h4, ...h5, 'H6.jes', 'H6.sites', 'H7', ...x1, 'X2', 'X3']);
  });

  it('gives each H4 the direction of its dimension and the contrast of its name', () => {
    for (const h of prereg.hypotheses.filter((x) => x.id.startsWith('H4.'))) {
      const [, dim, contrast] = h.id.split('.');
      const spec = DIMENSIONS.find((d) => d.name === dim)!;
      expect(h.outcome).toBe(dim);
      expect(h.direction).toBe(spec.direction === 1 ? 'positive' : 'negative');
      expect(h.contrast).toEqual(CONTRASTS[contrast as keyof typeof CONTRASTS]);
      expect(h.family).toBe('secondary');
    }
  });

  it('adjusts Holm over H1, H2; BH over the 18 H4; Holm over the 3 H5; nothing else', () => {
    expect(prereg.corrections.map((c) => [c.method, c.hypotheses.length])).toEqual([['holm', 2], ['bh', 18], ['holm', 3]]);
    expect(prereg.corrections[0].hypotheses).toEqual(['H1', 'H2']);
    expect(prereg.corrections[1].hypotheses.every((id) => id.startsWith('H4.'))).toBe(true);
    expect(prereg.corrections[2].hypotheses.every((id) => id.startsWith('H5.'))).toBe(true);
  });

  it('tags every item paper or reconstructed', () => {
    const tags = [prereg.tag, prereg.scoring.tag, prereg.reliability.tag, ...prereg.exclusions.map((e) => e.tag), ...prereg.hypotheses.map((h) => h.tag), ...prereg.corrections.map((c) => c.tag)];
    expect(tags.every((t) => t === 'paper' || t === 'reconstructed')).toBe(true);
    expect(prereg.reliability.tag).toBe('paper');
    expect(prereg.reliability.reconstructed_fields).toEqual(['bootstrap_replicates', 'bootstrap_seed', 'confidence_level']);
  });

  it('declares the dimension names in its schema exactly as study.ts does (one place for each fact)', () => {
    const schema = JSON.parse(readFileSync('preregistration/schema.json', 'utf8'));
    expect(schema.definitions.dimension.enum).toEqual([...DIMENSION_NAMES]);
    expect(schema.definitions.arm.enum).toEqual(['control', 'video', 'coach']);
  });
});

describe('a bad preregistration is refused with file, line, column and value', () => {
  it('refuses an unknown key, pointing at the key', () => {
    const text = edited('alpha: 0.05\n', 'alpha: 0.05\nalpah: 0.01\n');
    const { line } = positionOf(text, 'alpah:');
    expect(problemsOf(text)).toEqual([`bad.yaml:${line}: alpah (col 1): unknown key "alpah" ("alpah")`]);
  });

  it('refuses an unknown key inside a hypothesis', () => {
    const text = edited('    decision_rule: p_below_alpha\n', '    decision_rule: p_below_alpha\n    decison: none\n');
    const { line } = positionOf(text, 'decison:');
    expect(problemsOf(text)).toEqual([`bad.yaml:${line}: hypotheses[0].decison (col 5): unknown key "decison" ("decison")`]);
  });

  it('refuses a method outside the enum', () => {
    const text = edited('    method: ancova_ols_hc3\n', '    method: ancova\n');
    const { line } = positionOf(text, 'method: ancova\n');
    expect(problemsOf(text)).toEqual([
      `bad.yaml:${line}: hypotheses[0].method (col 13): must be one of: ancova_ols_hc3, mcnemar_exact, pearson_fisher_tost, one_sample_t, welch_change, mixed_random_intercept, ancova_by_scenario ("ancova")`,
    ]);
  });

  it('refuses an unknown dimension name', () => {
    const text = edited('    outcome: advice_giving\n', '    outcome: advise_giving\n');
    const { line } = positionOf(text, 'outcome: advise_giving');
    expect(problemsOf(text)).toEqual([
      `bad.yaml:${line}: hypotheses[12].outcome (col 14): must be one of: alignment, perception_share, validating_emotions, encouraging_elaboration, demonstrating_understanding, advice_giving, self_oriented, dismissing_emotions ("advise_giving")`,
    ]);
  });

  it('refuses an unknown arm in a contrast', () => {
    const text = edited('contrast: { treatment: coach, reference: control }', 'contrast: { treatment: coaching, reference: control }');
    const { line } = positionOf(text, 'treatment: coaching');
    expect(problemsOf(text)).toEqual([`bad.yaml:${line}: hypotheses[0].contrast.treatment (col 28): must be one of: control, video, coach ("coaching")`]);
  });

  it('refuses a duplicate hypothesis id, at its second occurrence', () => {
    const text = edited('  - id: H2\n', '  - id: H1\n');
    const second = text.indexOf('  - id: H1\n', text.indexOf('  - id: H1\n') + 1);
    const line = text.slice(0, second).split('\n').length;
    const problems = problemsOf(text);
    expect(problems).toContain(`bad.yaml:${line}: hypotheses[1].id (col 9): duplicate hypothesis id ("H1")`);
    // H2 is now unknown to the Holm correction: reported too, in the same refusal.
    const { line: corrLine } = positionOf(text, 'hypotheses: [H1, H2]');
    expect(problems).toContain(`bad.yaml:${corrLine}: corrections[0].hypotheses[1] (col 22): correction names an unknown hypothesis ("H2")`);
  });

  it('refuses a correction naming an unknown hypothesis', () => {
    const text = edited('hypotheses: [H1, H2]', 'hypotheses: [H1, H9]');
    const { line } = positionOf(text, 'hypotheses: [H1, H9]');
    expect(problemsOf(text)).toEqual([`bad.yaml:${line}: corrections[0].hypotheses[1] (col 22): correction names an unknown hypothesis ("H9")`]);
  });

  it('refuses a wrong type, a missing key and a method without its required field, all at once', () => {
    let text = edited('alpha: 0.05\n', 'alpha: "five percent"\n');
    text = text.replace('  aggregate_runs: median\n', '');
    text = text.replace('    null_value: 0.5\n', '    null_value: null\n');
    const problems = problemsOf(text);
    expect(problems).toEqual([
      `bad.yaml:${positionOf(text, 'alpha: "five').line}: alpha (col 8): must be number ("five percent")`,
      `bad.yaml:${positionOf(text, 'scoring:').line + 1}: scoring (col 3): missing required key "aggregate_runs"`,
      `bad.yaml:${positionOf(text, 'null_value: null\n    direction: positive\n    decision_rule: p_below_alpha\n  # Exploratory').line}: hypotheses[26].null_value (col 17): method one_sample_t needs null_value ("null")`,
    ]);
  });

  it('refuses YAML aliases, which would hide one edit behind many items', () => {
    const text = edited('alpha: 0.05\n', 'alpha: &a 0.05\n').replace('confidence_level: 0.95\n', 'confidence_level: *a\n');
    expect(problemsOf(text)).toEqual(['bad.yaml: YAML aliases (*name) are not allowed in a preregistration: Alias resolution is disabled']);
  });

  it('refuses broken YAML with its line and column', () => {
    const text = edited('hypotheses: [H1, H2]', 'hypotheses: [H1, H2');
    const problems = problemsOf(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^bad\.yaml:\d+: \(col \d+\): YAML [A-Z_]+: /);
  });
});
