/**
 * The preregistration's judge section: the committed one is complete, and a broken one is refused
 * with the problem located (an unknown placeholder, a prompt without the transcript, a dimension
 * rated twice, an unknown key).
 */
import { describe, expect, it } from 'vitest';
import { BadInputError, formatProblem } from '../../pipeline/errors.ts';
import { parsePreregistration, loadPreregistration } from '../../pipeline/prereg/load.ts';
import { DIMENSION_NAMES } from '../../pipeline/study.ts';
import { committedPreregText } from './helpers.ts';

function problems(text: string): string[] {
  try {
    parsePreregistration(text, 'preregistration.yaml');
  } catch (err) {
    if (err instanceof BadInputError) return err.problems.map(formatProblem);
    throw err;
  }
  return [];
}

describe('the judge section of the preregistration', () => {
  it('preregisters the model, settings, prompt and a rubric for each of the six dimensions', () => {
    const { judge, amendments } = loadPreregistration().prereg;
    expect(judge).toMatchObject({ model: 'gemini-2.5-pro', temperature: 1, runs: 5, max_tokens: null, reply_format: 'step_example_justification_score', parse_rule: 'step3_score', reask: { max_reasks: 0 } });
    expect(judge!.dimensions.map((d) => d.name)).toEqual([...DIMENSION_NAMES]);
    for (const d of judge!.dimensions) expect([d.definition, d.score_1, d.score_5].every((t) => t.length > 20)).toBe(true);
    expect(judge!.user_prompt).toContain('{{transcript}}');
    expect(amendments?.map((a) => [a.date, a.sections])).toEqual([['2026-12-03', ['judge']]]);
  });

  it('refuses an unknown placeholder and a prompt without the transcript, located by line', () => {
    const text = committedPreregText();
    const noTranscript = text.replace('    {{transcript}}\n', '    {{transcrpit}}\n');
    const found = problems(noTranscript);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^preregistration\.yaml:\d+: judge\.user_prompt \(col \d+\): unknown placeholder \(known: \{\{dimension\}\}, .*\) \("\{\{transcrpit\}\}"\)$/);
    expect(found[1]).toMatch(/judge\.user_prompt \(col \d+\): the prompt must carry the conversation: \{\{transcript\}\} is missing$/);
  });

  it('refuses a dimension rated twice and an unknown key', () => {
    const text = committedPreregText();
    const twice = text.replace('    - name: self_oriented\n', '    - name: advice_giving\n');
    expect(problems(twice)).toEqual([expect.stringMatching(/judge\.dimensions\[4\]\.name \(col \d+\): dimension already has a rubric \("advice_giving"\)$/)]);
    const unknown = text.replace('  runs: 5\n', '  runs: 5\n  seed: 1\n');
    expect(problems(unknown)).toEqual([expect.stringMatching(/^preregistration\.yaml:\d+: judge\.seed \(col 3\): unknown key "seed" \("seed"\)$/)]);
  });
});
