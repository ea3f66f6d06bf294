/**
 * The judge in the audit: judge.json held against the preregistered judge. The expected
 * deviations are the rule of pipeline/prereg/audit-judge.ts applied by hand to each case.
 */
import { describe, expect, it } from 'vitest';
import { judgeAudit, judgeLine } from '../../pipeline/prereg/audit-judge.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { promptSha256, type JudgeRecord } from '../../pipeline/judge/record.ts';

const judge = loadPreregistration().prereg.judge!;

/** A record of a run of the preregistered judge, with `edit` applied. */
function record(edit: Partial<JudgeRecord> = {}): JudgeRecord {
  return {
    schema: 'lend-an-ear-judge/1', endpoint: 'https://api.example.com/v1', model: judge.model, temperature: judge.temperature, runs: judge.runs,
    max_tokens: judge.max_tokens, reply_format: judge.reply_format, parse_rule: judge.parse_rule, max_reasks: judge.reask.max_reasks,
    prompt_sha256: promptSha256(judge),
    preregistration: { file: 'p.yaml', sha256: 'a'.repeat(64), model: judge.model, temperature: judge.temperature, runs: judge.runs, max_tokens: judge.max_tokens, prompt_sha256: promptSha256(judge) },
    conversations: 10, conversations_skipped: 0, conversations_skipped_by_reason: { without_supporter_messages: 0, excluded_whatever_the_ratings: 0 }, requests: 300, ratings: 300, unparsed: 0,
    unparsed_by_reason: { empty_reply: 0, no_score: 0, conflicting_scores: 0, not_integer: 0, out_of_range: 0 }, reasked: 0,
    served_models: { [judge.model]: 300 }, usage: { prompt_tokens: 1, completion_tokens: 1 }, unparsed_replies: [], rationales: null, rationales_note: '',
    ...edit,
  };
}

const summary = (r: ReturnType<typeof judgeAudit>) => r.deviations.map((d) => [d.kind, d.severity, d.planned, d.actual]);

describe('the judge in the audit', () => {
  it('the preregistered judge, every reply read: no deviation', () => {
    const a = judgeAudit(judge, record());
    expect(a.deviations).toEqual([]);
    expect(a.audit).toMatchObject({ source: 'judge', requests: 300, unparsed: 0 });
    expect(a.audit!.used).toEqual(a.audit!.preregistered);
    expect(judgeLine(a.audit)).toBe('judge: 0 of 300 replies unparsed (missing ratings, not imputed)');
  });

  it('another model or prompt is an error; temperature, runs, max_tokens and re-asks a warning', () => {
    const a = judgeAudit(judge, record({ model: 'gpt-4o', prompt_sha256: 'b'.repeat(64), temperature: 0, runs: 3, max_tokens: 512, max_reasks: 1 }));
    expect(summary(a)).toEqual([
      ['judge_differs_from_plan', 'error', `model: ${judge.model}`, 'model: gpt-4o'],
      ['judge_differs_from_plan', 'error', `prompt and rubric (SHA-256): ${promptSha256(judge)}`, `prompt and rubric (SHA-256): ${'b'.repeat(64)}`],
      ['judge_differs_from_plan', 'warning', 'temperature: 1', 'temperature: 0'],
      ['judge_differs_from_plan', 'warning', 'runs: 5', 'runs: 3'],
      ['judge_differs_from_plan', 'warning', 'max_tokens: none', 'max_tokens: 512'],
      ['judge_differs_from_plan', 'warning', 're-asks of an unreadable reply: 0', 're-asks of an unreadable reply: 1'],
    ]);
  });

  it('unreadable replies are missing ratings, a warning with their reasons', () => {
    const a = judgeAudit(judge, record({ ratings: 296, unparsed: 4, unparsed_by_reason: { empty_reply: 0, no_score: 3, conflicting_scores: 1, not_integer: 0, out_of_range: 0 } }));
    expect(summary(a)).toEqual([['judge_unparsed_replies', 'warning', 'a score read from every reply', '4 of 300 replies without a readable score (no_score 3, conflicting_scores 1)']]);
    expect(judgeLine(a.audit)).toBe('judge: 4 of 300 replies unparsed (missing ratings, not imputed); see audit.md');
  });

  it('ratings that came with the export are a note; a judge not preregistered a warning; neither, nothing', () => {
    expect(summary(judgeAudit(judge, null))).toEqual([['judge_not_verified', 'note', `ratings by the preregistered judge (${judge.model}, ${judge.runs} runs)`, 'ratings that came with the export (no judge.json)']]);
    expect(judgeAudit(judge, null).audit).toMatchObject({ source: 'export', used: null });
    expect(judgeLine(judgeAudit(judge, null).audit)).toBeNull();
    expect(summary(judgeAudit(undefined, record()))).toEqual([['judge_not_preregistered', 'warning', null, `ratings by ${judge.model} (5 runs)`]]);
    expect(judgeAudit(undefined, null)).toEqual({ audit: null, deviations: [] });
  });
});
