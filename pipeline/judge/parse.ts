/**
 * Reading the score out of a judge's reply (the preregistration's parse rule `step3_score`).
 *
 * The prompt asks for the companion paper's three steps, "Step 1: Example — <quote>", "Step 2:
 * Justification — …", "Step 3: Score — N". Real models write that with variations (recorded
 * replies of GPT-4o, Claude 3.7 Sonnet and Gemini 2.5 Pro on the Lend an Ear pilot, in
 * github.com/Fai-Poungpeth/evaluating-elements-of-empathic-communication, data/Robustness Check
 * Data/llm_rpg_cot_*.csv): an em dash, an en dash, a hyphen or a colon; "Step 3: 2" with no word
 * "Score"; Markdown emphasis ("**Step 3: Score** — **4**", "### Step 3: Score" with the number on
 * the next line); "Score: 4", "Score: 4/5", "4 out of 5"; a sentence after the number.
 *
 * The rule, in order:
 * 1. Markdown emphasis and heading marks are set aside (`*`, `_`, `#`, `` ` ``), and every dash
 *    (hyphen, en, em, minus, figure) reads as one separator.
 * 2. Score statements are found: a "Step 3" statement (`Step 3` then an optional `Score`, a
 *    separator, then a number, the number possibly on the next line), and otherwise a "Score"
 *    statement (`Score`, `Final score` or `Overall score`, a separator, then a number). Words such
 *    as "a score of 2" in the justification are not statements: the keyword must be followed by
 *    a separator (`:`, `=`, a dash) or start its line.
 * 3. Every statement counts (a Score statement inside a Step 3 statement is the same one): a
 *    reply that ends "Step 3: Score — 4" after saying "Final score: 3" states two scores.
 * 4. A number may be written `4`, `4.0`, `4/5` or `4 out of 5` (the denominator must be 5).
 * 5. Outcome: no statement → `no_score`; statements that disagree → `conflicting_scores`; a value
 *    that is not a whole number → `not_integer`; outside 1–5 (or out of another maximum) →
 *    `out_of_range`; otherwise the score. An empty reply is `empty_reply`. Nothing is guessed.
 */

/** Why a reply gave no score. */
export type UnparsedReason = 'empty_reply' | 'no_score' | 'conflicting_scores' | 'not_integer' | 'out_of_range';

export const UNPARSED_REASONS: readonly UnparsedReason[] = ['empty_reply', 'no_score', 'conflicting_scores', 'not_integer', 'out_of_range'];

/** A reply's score, or the reason it has none. */
export type ParsedReply = { ok: true; score: number } | { ok: false; reason: UnparsedReason };

/** The first two steps of a reply, for the report's rationales. */
export interface ReplySteps {
  example: string | null;
  justification: string | null;
}

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

/** Every dash a model writes between a label and its value. */
const DASH = '\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212';
/** A separator after a keyword: `:`, `=`, or a dash, with spaces around. */
const SEP = `[ \\t]*(?:[:=\uff1a][ \\t]*(?:[${DASH}](?=[ \\t])[ \\t]*)?|[${DASH}]+(?=[ \\t\\n]|\\d)[ \\t]*)`;
/** A number (a hyphen right before its digits after a separator makes it negative; a decimal
 *  point or comma makes it a fraction), then possibly `/ D` or `out of D`, or a second number
 *  (`2-3`, `2 or 3`, `2 to 3`: two scores). */
const NUMBER = `(-?\\d+(?:[.,]\\d+)?)(?:[ \\t]*(?:\\/|out[ \\t]+of)[ \\t]*(\\d+(?:[.,]\\d+)?))?(?:[ \\t]*(?:[${DASH}]|\\bor\\b|\\bto\\b)[ \\t]*(\\d+)\\b)?`;
/** The score's label: `Score`, `Final score`, `Overall score` or `Rating`. */
const LABEL = '(?:(?:final|overall)[ \\t]+)?(?:score|rating)\\b';
/** A value on the label's line after a separator, or alone on one of the next lines. */
const VALUE = `(?:${SEP}|[ \\t]*\\n[ \\t\\n]*)`;

/** `Step 3` [`:` `.` `)` or a dash] [label] then the value (the label may be left out: "Step 3: 2"). */
const STEP3 = new RegExp(`\\bstep[ \\t]*3\\b(?:[ \\t]*[:.)${DASH}])?(?:[ \\t]*${LABEL}${VALUE}|[ \\t]*\\n[ \\t\\n]*|[ \\t]*)${NUMBER}`, 'gi');
/** A label followed by a separator (or a line break) and the value, anywhere; or a label at the
 *  start of a line followed by the value after a space ("Score 4"). "A score of 2" is neither. */
const SCORE = new RegExp(`(?:\\b${LABEL}${VALUE}|(?:^|\\n)[ \\t>\\-\u2022]*${LABEL}[ \\t]+)${NUMBER}`, 'gi');

/** The text with emphasis, heading and code marks removed, line ends unified, and non-breaking
 *  spaces as spaces. */
function plain(reply: string): string {
  return reply.replace(/\r\n?/g, '\n').replace(/[\u00a0\u202f\u2007]/g, ' ').replace(/[*_#`]+/g, '');
}

function toNumber(text: string): number {
  return Number(text.replace(',', '.'));
}

/** One statement's value: the score, or why it is not one. */
function valueOf(match: RegExpMatchArray): number | UnparsedReason | 'two_values' {
  const value = toNumber(match[1]);
  if (match[3] !== undefined && toNumber(match[3]) !== value) return 'two_values';
  if (match[2] !== undefined && toNumber(match[2]) !== SCORE_MAX) return 'out_of_range';
  if (!Number.isInteger(value)) return 'not_integer';
  if (value < SCORE_MIN || value > SCORE_MAX) return 'out_of_range';
  return value;
}

/** The text of a step, from its label to the next step (for the report's rationales). */
function stepText(text: string, step: 1 | 2): string | null {
  const label = step === 1 ? 'example' : 'justification';
  const re = new RegExp(`\\bstep[ \\t]*${step}\\b(?:[ \\t]*[:.)${DASH}])?[ \\t]*(?:${label}\\b)?(?:${SEP})?([\\s\\S]*?)(?=\\n[ \\t]*step[ \\t]*\\d\\b|$)`, 'i');
  const m = re.exec(text);
  const body = m?.[1]?.trim() ?? '';
  return body === '' ? null : body;
}

/**
 * The score of one reply, or the reason there is none (see the module comment for the rule).
 *
 * @example
 * parseReply('Step 1: Example — "…"\n\nStep 2: Justification — …\n\nStep 3: Score — 4')  // { ok: true, score: 4 }
 * parseReply('**Step 3: Score** — 2. The supporter rarely…')                            // { ok: true, score: 2 }
 * parseReply('Step 3: Score — 4\n…\nStep 3: Score — 3')                                 // { ok: false, reason: 'conflicting_scores' }
 * parseReply('I would rate this a 4.')                                                  // { ok: false, reason: 'no_score' }
 */
export function parseReply(reply: string | null | undefined): ParsedReply {
  const text = plain(reply ?? '');
  if (text.trim() === '') return { ok: false, reason: 'empty_reply' };
  const steps = [...text.matchAll(STEP3)];
  // A Score statement inside a Step 3 statement is the same statement, not a second one.
  const inside = (m: RegExpMatchArray) => steps.some((s) => m.index! < s.index! + s[0].length && s.index! < m.index! + m[0].length);
  const statements = [...steps, ...[...text.matchAll(SCORE)].filter((m) => !inside(m))];
  if (statements.length === 0) return { ok: false, reason: 'no_score' };
  const values = statements.map(valueOf);
  const distinct = [...new Set(values)];
  if (distinct.length > 1 || distinct[0] === 'two_values') return { ok: false, reason: 'conflicting_scores' };
  const only = distinct[0];
  if (typeof only !== 'number') return { ok: false, reason: only as UnparsedReason };
  return { ok: true, score: only };
}

/**
 * Step 1 (the example, usually a quote of the supporter) and Step 2 (the justification) of a
 * reply, as written (emphasis marks removed), for the few rationales the report shows.
 *
 * @example
 * rationaleOf('Step 1: Example — "What happened?"\n\nStep 2: Justification — An open question.\n\nStep 3: Score — 3')
 * // { example: '"What happened?"', justification: 'An open question.' }
 */
export function rationaleOf(reply: string | null | undefined): ReplySteps {
  const text = plain(reply ?? '');
  return { example: stepText(text, 1), justification: stepText(text, 2) };
}
