/**
 * The text of one conversation: the seeker opens with the scenario and tells more of the story;
 * the supporter's messages are composed from the phrase bank, each measured expression present
 * with a probability that rises with the conversation's latent score on its dimension — so the
 * words carry the same signal as the judge's ratings.
 */
import type { Dimension } from '../study.ts';
import type { Rng } from '../stats/random.ts';
import type { PerDimension, SimulationParams } from './calibration.ts';
import { NEUTRAL_SUPPORTER, PHRASES, SEEKER_REACTIONS, type SubComponent } from './phrase-bank.ts';
import type { ScenarioSpec } from './scenarios.ts';
import { fillTemplate, type SlotValues } from './template.ts';

/** The sub-component whose presence in a message expresses each judged dimension. */
export const EXPRESSION_OF: Readonly<Record<Dimension, SubComponent>> = {
  validating_emotions: 'validating',
  encouraging_elaboration: 'elaboration',
  demonstrating_understanding: 'understanding',
  advice_giving: 'advice',
  self_oriented: 'self_oriented',
  dismissing_emotions: 'dismissing',
};

/** EXPRESSION_OF as a list, built once (it is walked for every supporter message). */
const EXPRESSIONS = Object.entries(EXPRESSION_OF) as [Dimension, SubComponent][];

/** The order sub-components take inside one supporter message (a question comes last). */
const MESSAGE_ORDER: readonly SubComponent[] = [
  'sympathy', 'validating', 'understanding', 'self_oriented', 'dismissing', 'reassuring', 'affirming', 'advice', 'availability', 'elaboration',
];

/**
 * P(a supporter message carries the expression) at latent score s: floor + span·(s−1)/4, with s
 * clipped to 1..5.
 *
 * @example
 * expressionProbability(3, CALIBRATION); // 0.03 + 0.85 * 0.5 = 0.455
 */
export function expressionProbability(latentScore: number, params: SimulationParams): number {
  const s = Math.min(5, Math.max(1, latentScore));
  return params.text.expressionFloor + params.text.expressionSpan * ((s - 1) / 4);
}

/** Which sub-components one supporter message carries. */
function supporterTags(latent: PerDimension, first: boolean, params: SimulationParams, rng: Rng): Set<SubComponent> {
  const tags = new Set<SubComponent>();
  for (const [dimension, component] of EXPRESSIONS) {
    if (rng.bernoulli(expressionProbability(latent[dimension], params))) tags.add(component);
  }
  const t = params.text;
  if (rng.bernoulli(first ? t.sympathyFirst : t.sympathyLater)) tags.add('sympathy');
  if (rng.bernoulli(t.availability)) tags.add('availability');
  if (rng.bernoulli(t.affirming)) tags.add('affirming');
  if (rng.bernoulli(tags.has('dismissing') ? t.reassuringWithDismissing : t.reassuring)) tags.add('reassuring');
  return tags;
}

/** Picks a phrase not yet used in this conversation when one is left (three tries). */
function freshPick(options: readonly string[], used: Set<string>, rng: Rng): string {
  let choice = rng.pick(options);
  for (let attempt = 0; attempt < 3 && used.has(choice); attempt++) choice = rng.pick(options);
  used.add(choice);
  return choice;
}

function phraseOptions(component: SubComponent, scenario: ScenarioSpec, rng: Rng): readonly string[] {
  // Advice and self-disclosure are mostly about this trouble; sometimes generic.
  if (component === 'advice' && rng.bernoulli(0.75)) return scenario.advice;
  if (component === 'self_oriented' && rng.bernoulli(0.7)) return scenario.selfStories;
  return PHRASES[component];
}

function reactionTo(tags: Set<SubComponent>): keyof typeof SEEKER_REACTIONS {
  if (tags.has('dismissing')) return 'dismissed';
  if (tags.has('advice')) return 'advice';
  if (tags.has('self_oriented')) return 'self_oriented';
  if (tags.has('elaboration')) return 'elaboration';
  if (tags.has('validating') || tags.has('understanding')) return 'understood';
  return 'neutral';
}

export interface ConversationTextOptions {
  scenario: ScenarioSpec;
  /** Latent judge-scale scores of this conversation. */
  latent: PerDimension;
  /** Number of messages; the seeker writes the odd turns, the supporter the even ones. */
  messages: number;
  params: SimulationParams;
}

export interface ConversationText {
  /** The messages in turn order (turn 1 is the seeker's opening). */
  texts: string[];
  /** Supporter messages, and how many of them carry each dimension's expression. */
  supporterMessages: number;
  expressed: Record<Dimension, number>;
}

/**
 * The messages of one conversation, and what the supporter's messages express.
 *
 * @example
 * conversationText({ scenario: SCENARIOS[1], latent, messages: 4, params: CALIBRATION }, rng).texts;
 * // ['I lost my job this morning. …', "I'm so sorry. What happened?", 'Thanks for asking. …', …]
 */
export function conversationText(options: ConversationTextOptions, rng: Rng): ConversationText {
  const { scenario, latent, messages, params } = options;
  const fixed: Record<string, string> = {};
  for (const [slot, choices] of Object.entries(scenario.fixed)) fixed[slot] = rng.pick(choices);
  const values: SlotValues = { fixed, slots: scenario.slots };
  const details = rng.shuffle(scenario.details);
  const used = new Set<string>();
  const texts: string[] = [];
  const expressed = { validating_emotions: 0, encouraging_elaboration: 0, demonstrating_understanding: 0, advice_giving: 0, self_oriented: 0, dismissing_emotions: 0 };
  let supporterMessages = 0;
  let lastTags = new Set<SubComponent>();
  let nextDetail = 0;
  for (let turn = 1; turn <= messages; turn++) {
    if (turn % 2 === 1) {
      if (turn === 1) {
        texts.push(fillTemplate(rng.pick(scenario.openings), values, rng));
      } else {
        const reaction = rng.pick(SEEKER_REACTIONS[reactionTo(lastTags)]);
        const detail = fillTemplate(details[nextDetail++ % details.length], values, rng);
        texts.push(reaction === '' ? detail : `${reaction} ${detail}`);
      }
    } else {
      const tags = supporterTags(latent, turn === 2, params, rng);
      const parts: string[] = [];
      for (const component of MESSAGE_ORDER) {
        if (tags.has(component)) parts.push(fillTemplate(freshPick(phraseOptions(component, scenario, rng), used, rng), values, rng));
      }
      texts.push(parts.length > 0 ? parts.join(' ') : rng.pick(NEUTRAL_SUPPORTER));
      lastTags = tags;
      supporterMessages++;
      for (const [dimension, component] of EXPRESSIONS) if (tags.has(component)) expressed[dimension]++;
    }
  }
  return { texts, supporterMessages, expressed };
}

/**
 * The fast path of `conversationText` for design diagnosis, which never reads the words: only the
 * six judged expressions of each supporter message are drawn (with the same probabilities), and
 * every message's text is empty. The counts have the same distribution as `conversationText`'s,
 * but the stream is consumed differently, so the rows differ from the default path's for a seed.
 *
 * @example
 * conversationExpressions({ scenario: SCENARIOS[1], latent, messages: 4, params: CALIBRATION }, rng);
 * // { texts: ['', '', '', ''], supporterMessages: 2, expressed: { validating_emotions: 1, … } }
 */
export function conversationExpressions(options: ConversationTextOptions, rng: Rng): ConversationText {
  const { latent, messages, params } = options;
  const expressed = { validating_emotions: 0, encouraging_elaboration: 0, demonstrating_understanding: 0, advice_giving: 0, self_oriented: 0, dismissing_emotions: 0 };
  const supporterMessages = drawExpressions(latent, messages, params, rng, expressed);
  return { texts: new Array<string>(messages).fill(''), supporterMessages, expressed };
}

/**
 * The draws of `conversationExpressions` without its text array: adds to `expressed` how many of
 * the supporter messages of a `messages`-long conversation carry each judged expression, and
 * returns the number of supporter messages. Same draws in the same order (messages outer,
 * EXPRESSIONS inner), so both give the same counts from the same stream.
 *
 * @example
 * const expressed = { validating_emotions: 0, … };
 * drawExpressions(latent, 4, CALIBRATION, rng, expressed); // 2 (expressed now counts the two messages' expressions)
 */
export function drawExpressions(latent: PerDimension, messages: number, params: SimulationParams, rng: Rng, expressed: Record<Dimension, number>): number {
  const supporterMessages = Math.floor(messages / 2);
  if (supporterMessages === 0) return 0;
  // The probabilities depend only on the conversation: computed once, not once per message.
  const probabilities = EXPRESSIONS.map(([dimension]) => expressionProbability(latent[dimension], params));
  for (let i = 0; i < supporterMessages; i++) {
    for (let k = 0; k < EXPRESSIONS.length; k++) if (rng.bernoulli(probabilities[k])) expressed[EXPRESSIONS[k][0]]++;
  }
  return supporterMessages;
}

/**
 * What the judge reads from the words: the latent score at which the share of supporter messages
 * carrying the expression would be expected (expressionProbability inverted), or the latent score
 * itself when there is no supporter message.
 *
 * @example
 * textImpliedScore(3, 6, 2.5, CALIBRATION); // 1 + 4 * (0.5 - 0.03) / 0.85 = 3.21
 */
export function textImpliedScore(expressedCount: number, supporterMessages: number, latentScore: number, params: SimulationParams): number {
  if (supporterMessages === 0) return latentScore;
  return 1 + (4 * (expressedCount / supporterMessages - params.text.expressionFloor)) / params.text.expressionSpan;
}
