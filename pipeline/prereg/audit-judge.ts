/**
 * The audit of the judge: how the ratings were made (judge.json, written by the judge) held
 * against the preregistered judge (the preregistration's `judge` section). A different model or
 * prompt is an error (another measuring instrument); another temperature, number of runs,
 * max_tokens or number of re-asks a warning; replies without a readable score a warning (missing
 * ratings, not imputed); ratings that came with the export, not from the judge, a note (the
 * preregistered judge cannot be checked); a judge that is not preregistered a warning.
 */
import { promptSha256, type JudgeRecord } from '../judge/record.ts';
import type { Deviation } from './audit.ts';
import type { JudgeSpec } from './types.ts';

/** The settings that make a judge, side by side in the audit. */
export interface JudgeSettingsView {
  model: string;
  temperature: number;
  runs: number;
  max_tokens: number | null;
  reply_format: string;
  parse_rule: string;
  max_reasks: number;
  /** SHA-256 of the system and user messages, the rubric and the re-ask message. */
  prompt_sha256: string;
}

export interface JudgeAudit {
  /** `judge`: the ratings were made by the judge (judge.json); `export`: they came with the export. */
  source: 'judge' | 'export';
  preregistered: JudgeSettingsView | null;
  used: JudgeSettingsView | null;
  /** The endpoint the judge asked (origin and path), when it made the ratings. */
  endpoint: string | null;
  requests: number | null;
  ratings: number | null;
  unparsed: number | null;
  unparsed_by_reason: Record<string, number> | null;
  reasked: number | null;
  served_models: Record<string, number> | null;
  usage: { prompt_tokens: number; completion_tokens: number } | null;
}

/** The settings in the order the audit and the report list them. */
const SETTING_ORDER: readonly (keyof JudgeSettingsView)[] = ['model', 'temperature', 'runs', 'max_tokens', 'reply_format', 'parse_rule', 'max_reasks', 'prompt_sha256'];

/** One setting of the judge, preregistered and used, as the audit and the report show it. */
export interface JudgeSettingRow {
  setting: keyof JudgeSettingsView;
  /** 'not preregistered' when the preregistration has no judge; 'none' for an unset value. */
  preregistered: string;
  /** '—' when the judge did not make the ratings. */
  used: string;
  /** Both are known, so they can be compared. */
  compared: boolean;
  differs: boolean;
}

/**
 * The judge's settings side by side, one row per setting.
 *
 * @example
 * judgeSettingRows({ preregistered: view, used: { ...view, model: 'gpt-4o' } })[0] // { setting: 'model', …, used: 'gpt-4o', compared: true, differs: true }
 */
export function judgeSettingRows(audit: Pick<JudgeAudit, 'preregistered' | 'used'>): JudgeSettingRow[] {
  return SETTING_ORDER.map((setting) => {
    const preregistered = audit.preregistered ? String(audit.preregistered[setting] ?? 'none') : 'not preregistered';
    const used = audit.used ? String(audit.used[setting] ?? 'none') : '—';
    const compared = audit.preregistered !== null && audit.used !== null;
    return { setting, preregistered, used, compared, differs: compared && preregistered !== used };
  });
}

function preregisteredView(j: JudgeSpec): JudgeSettingsView {
  return { model: j.model, temperature: j.temperature, runs: j.runs, max_tokens: j.max_tokens, reply_format: j.reply_format, parse_rule: j.parse_rule, max_reasks: j.reask.max_reasks, prompt_sha256: promptSha256(j) };
}

function usedView(r: JudgeRecord): JudgeSettingsView {
  return { model: r.model, temperature: r.temperature, runs: r.runs, max_tokens: r.max_tokens, reply_format: r.reply_format, parse_rule: r.parse_rule, max_reasks: r.max_reasks, prompt_sha256: r.prompt_sha256 };
}

/** Each setting: its label in a deviation, how serious a difference is, and why. */
const SETTINGS: { key: keyof JudgeSettingsView; label: string; severity: 'error' | 'warning'; impact: string }[] = [
  { key: 'model', label: 'model', severity: 'error', impact: 'another model is another measuring instrument: every judged score, and every result on them, is not the preregistered measure' },
  { key: 'prompt_sha256', label: 'prompt and rubric (SHA-256)', severity: 'error', impact: 'the judge was asked other questions than preregistered: every judged score is not the preregistered measure' },
  { key: 'reply_format', label: 'reply format', severity: 'error', impact: 'the judge was asked for another reply than preregistered' },
  { key: 'parse_rule', label: 'parse rule', severity: 'error', impact: 'scores were read from the replies by another rule than preregistered' },
  { key: 'temperature', label: 'temperature', severity: 'warning', impact: "the judge's runs vary more or less than planned: the median over runs, and its reliability, may differ" },
  { key: 'runs', label: 'runs', severity: 'warning', impact: "each score is the aggregate of another number of runs than planned: its precision differs" },
  { key: 'max_tokens', label: 'max_tokens', severity: 'warning', impact: 'replies may be cut shorter or run longer than planned (a cut reply has no score: a missing rating)' },
  { key: 'max_reasks', label: 're-asks of an unreadable reply', severity: 'warning', impact: 'unreadable replies were handled otherwise than planned: which ratings are missing may differ' },
];

const show = (v: unknown) => (v === null ? 'none' : String(v));

/**
 * The judge's part of the audit, and its deviations. `record` is judge.json when the judge made
 * the ratings, null when they came with the export.
 *
 * @example
 * judgeAudit(prereg.judge, { ...record, model: 'gpt-4o' }).deviations[0]
 * // { kind: 'judge_differs_from_plan', severity: 'error', item: 'judge', planned: 'model: gemini-2.5-pro', actual: 'model: gpt-4o', … }
 */
export function judgeAudit(judge: JudgeSpec | undefined, record: JudgeRecord | null): { audit: JudgeAudit | null; deviations: Deviation[] } {
  if (!judge && record === null) return { audit: null, deviations: [] };
  const preregistered = judge ? preregisteredView(judge) : null;
  const deviations: Deviation[] = [];
  if (record === null) {
    deviations.push({
      kind: 'judge_not_verified', severity: 'note', item: 'judge', planned: `ratings by the preregistered judge (${judge!.model}, ${judge!.runs} runs)`,
      actual: 'ratings that came with the export (no judge.json)', cause: 'the export brought its own ratings; this pipeline did not judge them',
      impact: 'nothing here shows the ratings were made by the preregistered judge: check how they were made before reading any result as confirmatory',
    });
    return {
      audit: { source: 'export', preregistered, used: null, endpoint: null, requests: null, ratings: null, unparsed: null, unparsed_by_reason: null, reasked: null, served_models: null, usage: null },
      deviations,
    };
  }
  const used = usedView(record);
  if (preregistered === null) {
    deviations.push({
      kind: 'judge_not_preregistered', severity: 'warning', item: 'judge', planned: null, actual: `ratings by ${record.model} (${record.runs} runs)`,
      cause: 'the preregistration has no judge section', impact: 'the measure was not fixed before the data were judged',
    });
  } else {
    for (const s of SETTINGS) {
      if (used[s.key] === preregistered[s.key]) continue;
      deviations.push({
        kind: 'judge_differs_from_plan', severity: s.severity, item: 'judge', planned: `${s.label}: ${show(preregistered[s.key])}`, actual: `${s.label}: ${show(used[s.key])}`,
        cause: `the judge ran with another ${s.label} than preregistered`, impact: s.impact,
      });
    }
  }
  if (record.unparsed > 0) {
    const reasons = Object.entries(record.unparsed_by_reason).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`).join(', ');
    deviations.push({
      kind: 'judge_unparsed_replies', severity: 'warning', item: 'judge', planned: 'a score read from every reply',
      actual: `${record.unparsed} of ${record.requests} replies without a readable score (${reasons})`,
      cause: 'the judge wrote no score, two scores or one outside 1-5 (listed in judge.json)',
      impact: 'those ratings are missing, not imputed: a score is the aggregate of fewer runs, and a conversation with no readable run has no score',
    });
  }
  return {
    audit: {
      source: 'judge', preregistered, used, endpoint: record.endpoint, requests: record.requests, ratings: record.ratings, unparsed: record.unparsed,
      unparsed_by_reason: record.unparsed_by_reason, reasked: record.reasked, served_models: record.served_models, usage: record.usage,
    },
    deviations,
  };
}

/** The judge's line for the user (before the lock's, which is last): how many replies had no
 *  readable score. Null when the judge did not make the ratings. */
export function judgeLine(audit: JudgeAudit | null): string | null {
  if (audit === null || audit.source !== 'judge') return null;
  return `judge: ${audit.unparsed} of ${audit.requests} replies unparsed (missing ratings, not imputed)${audit.unparsed ? '; see audit.md' : ''}`;
}
