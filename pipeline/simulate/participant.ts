/**
 * One participant's rows in every table: intake (trait empathy), up to three conversations with
 * messages, judge runs, realism and self-reports, and the perception task. What exists follows
 * the planned status: E1 stops at intake; E2 stops or breaks off a conversation; E3 has a round
 * with a single supporter message; analysed participants complete everything as planned.
 */
import { DIMENSIONS, ROUNDS, type Dimension, type Round } from '../study.ts';
import type { Rng } from '../stats/random.ts';
import type { StudyTables } from '../ingest/tables.ts';
import type { SimulationParams } from './calibration.ts';
import { conversationExpressions, conversationText, drawExpressions, textImpliedScore } from './conversation-text.ts';
import { answerFromNormal, correlatedNormal, judgeRunScore, logistic, twoAnchorNormal } from './draws.ts';
import { conversationLatent, drawLatentParticipant, latentAlignment, standardisedTendency, untreatedOutcomeMoments } from './latent.ts';
import type { PlannedParticipant } from './plan.ts';
import { SCENARIOS, SCENARIO_IDS } from './scenarios.ts';

export type StudyRows = Omit<StudyTables, 'meta'>;

/** A fresh set of empty tables to append rows to. */
export function emptyRows(): StudyRows {
  return { participants: [], conversations: [], messages: [], ratings: [], self_reports: [], perception: [] };
}

/** How a planned conversation ends up. */
interface RoundPlan {
  round: Round;
  completed: boolean;
  messages: number;
}

export interface ParticipantContext {
  participantId: string;
  /** Makes the conversation id of a round. */
  conversationId: (round: Round) => string;
  /** Logit difficulty shift of each perception item, by item index. */
  itemShift: readonly number[];
  params: SimulationParams;
  /** false: empty message texts, only the judged expressions drawn (diagnosis); default true. */
  messageText?: boolean;
  /**
   * With messageText false: no message rows at all; each conversation's number of supporter
   * messages is handed here instead (the design diagnosis, whose exclusions need only the counts).
   */
  onSupporterMessages?: (conversationId: string, supporterMessages: number) => void;
  /** The stream of the self-reports that mirror the judge (params.selfReport.mirrorsJudge). */
  mirrorRng?: Rng;
}

/** The rater names of the judge's runs, built once per number of runs (shared strings, not one per row). */
const raterNamesCache = new Map<number, readonly string[]>();
function raterNames(runs: number): readonly string[] {
  let names = raterNamesCache.get(runs);
  if (names === undefined) {
    names = Array.from({ length: runs }, (_, i) => `judge_run${i + 1}`);
    raterNamesCache.set(runs, names);
  }
  return names;
}

/** Perception item ids (pair01, pair02, …), built once each: every participant answers ten. */
const itemIds: string[] = [];
function itemId(item: number): string {
  return (itemIds[item] ??= `pair${String(item + 1).padStart(2, '0')}`);
}

function noExpressions(): Record<Dimension, number> {
  return { validating_emotions: 0, encouraging_elaboration: 0, demonstrating_understanding: 0, advice_giving: 0, self_oriented: 0, dismissing_emotions: 0 };
}

function roundPlans(plan: PlannedParticipant, params: SimulationParams, rng: Rng): RoundPlan[] {
  const { minMessages, maxMessages, lengthSd, analysedMessages, analysedParticipants } = params.sample;
  const typical = (): number => Math.min(maxMessages, Math.max(minMessages, Math.round(rng.normal(analysedMessages / (3 * analysedParticipants), lengthSd))));
  if (plan.status === 'analysed') return ROUNDS.map((round, i) => ({ round, completed: true, messages: plan.messageCounts[i] }));
  if (plan.status === 'E3') {
    const short = rng.int(1, 3);
    // One supporter message: seeker, supporter (, seeker).
    return ROUNDS.map((round) => ({ round, completed: true, messages: round === short ? rng.int(2, 3) : typical() }));
  }
  if (plan.status === 'E2') {
    // Dropped out after round 1 or 2, or broke off round 2 or 3 part-way.
    const lastRound = rng.int(1, 2);
    const brokeOff = rng.bernoulli(0.5);
    const rounds: RoundPlan[] = [];
    for (let r = 1; r <= lastRound; r++) rounds.push({ round: r as Round, completed: true, messages: typical() });
    if (brokeOff) rounds.push({ round: (lastRound + 1) as Round, completed: false, messages: rng.int(1, 5) });
    return rounds;
  }
  return [];
}

/** The answer a self-report that mirrors the judge gives: the median of fresh judge runs (an odd number). */
function mirroredAnswer(judged: number, params: SimulationParams, rng: Rng): number {
  const runs = Array.from({ length: params.judge.runs }, () => judgeRunScore(judged, params.judge.runSd, rng)).sort((a, b) => a - b);
  return runs[(runs.length - 1) / 2];
}

/** What the simulator knows of a participant beyond their rows (for options that are off by default). */
export interface SimulatedParticipant {
  /**
   * Their latent round-3 alignment without any treatment effect (the untreated potential
   * outcome), standardised over the population (untreatedOutcomeMoments); null without a round 3.
   */
  untreatedOutcome: number | null;
}

/** untreatedOutcomeMoments by parameter set, computed once. */
const momentsCache = new WeakMap<SimulationParams, { mean: number; sd: number }>();

/**
 * Appends one participant's rows to `rows` and returns what else is known of them. The participant's draws
 * come from `rng` in a fixed order, so the same plan and stream always give the same rows.
 *
 * @example
 * const rows = emptyRows();
 * simulateParticipant({ status: 'E1', arm: null, messageCounts: [] }, context, rows, createRng(1));
 * rows.participants.length; // 1 (and no conversation: E1 is never randomised)
 */
export function simulateParticipant(plan: PlannedParticipant, context: ParticipantContext, rows: StudyRows, rng: Rng): SimulatedParticipant {
  const { params, participantId } = context;
  const person = drawLatentParticipant(rng);
  const { trait } = params;
  const jesZ = correlatedNormal(person.skill, trait.skillCorrelation, rng);
  const jes = Math.min(7, Math.max(1, trait.jesMean + trait.jesSd * jesZ));
  const sitesZ =
    trait.sitesSkillCorrelation === undefined
      ? correlatedNormal(jesZ, trait.jesSitesCorrelation, rng)
      : twoAnchorNormal(jesZ, person.skill, trait.skillCorrelation, trait.jesSitesCorrelation, trait.sitesSkillCorrelation, rng);
  const sites = answerFromNormal(sitesZ, trait.sitesDistribution);
  rows.participants.push({
    participant_id: participantId,
    arm: plan.arm,
    attention_passed: plan.status !== 'E1',
    trait_jes: Math.round(jes * 100) / 100,
    trait_sites: sites,
  });
  if (plan.arm === null) return { untreatedOutcome: null };
  const arm = plan.arm;
  const mirror = params.selfReport.mirrorsJudge === true ? context.mirrorRng : undefined;
  if (params.selfReport.mirrorsJudge === true && (mirror === undefined || params.judge.runs % 2 === 0)) {
    throw new Error('self-reports that mirror the judge need their own stream and an odd number of judge runs');
  }

  let untreatedOutcome: number | null = null;
  const scenarios = rng.shuffle(SCENARIOS).slice(0, 3);
  const rounds = roundPlans(plan, params, rng);
  for (const { round, completed, messages } of rounds) {
    const scenario = scenarios[round - 1];
    const conversationId = context.conversationId(round);
    const latent = conversationLatent(person, arm, round, scenario.id, params, rng);
    if (round === 3 && params.attrition) {
      let moments = momentsCache.get(params);
      if (moments === undefined) momentsCache.set(params, (moments = untreatedOutcomeMoments(params, SCENARIO_IDS)));
      const effect = latentAlignment(params.effects.arm[arm]) * params.effects.roundWeight[2];
      untreatedOutcome = (latentAlignment(latent) - effect - moments.mean) / moments.sd;
    }
    rows.conversations.push({
      conversation_id: conversationId,
      participant_id: participantId,
      round,
      scenario: scenario.id,
      completed,
      realism: completed ? answerFromNormal(rng.normal(), params.realism) : null,
    });
    let supporterMessages: number;
    let expressed: Record<Dimension, number>;
    if (context.messageText === false && context.onSupporterMessages) {
      // The same draws as conversationExpressions, without building rows nobody reads.
      expressed = noExpressions();
      supporterMessages = drawExpressions(latent, messages, params, rng, expressed);
      context.onSupporterMessages(conversationId, supporterMessages);
    } else {
      const compose = context.messageText === false ? conversationExpressions : conversationText;
      const composed = compose({ scenario, latent, messages, params }, rng);
      composed.texts.forEach((text, i) => rows.messages.push({ conversation_id: conversationId, turn: i + 1, role: i % 2 === 0 ? 'seeker' : 'supporter', text }));
      supporterMessages = composed.supporterMessages;
      expressed = composed.expressed;
    }
    if (!completed) continue;
    // The judge's impression: part the conversation as a whole, part what the words show.
    const judged = {} as Record<Dimension, number>;
    const w = params.judge.textWeight;
    for (const d of DIMENSIONS) judged[d.name] = (1 - w) * latent[d.name] + w * textImpliedScore(expressed[d.name], supporterMessages, latent[d.name], params);
    const raters = raterNames(params.judge.runs);
    for (const rater of raters) {
      for (const d of DIMENSIONS) {
        rows.ratings.push({ conversation_id: conversationId, rater, dimension: d.name, score: judgeRunScore(judged[d.name], params.judge.runSd, rng) });
      }
    }
    const missing = rng.bernoulli(params.selfReport.missingRate);
    for (const d of DIMENSIONS) {
      const z = correlatedNormal(standardisedTendency(person, d.name, params), params.selfReport.latentCorrelation, rng);
      const response = mirror ? mirroredAnswer(judged[d.name], params, mirror) : answerFromNormal(z, params.selfReport.distribution[d.name]);
      if (!missing) rows.self_reports.push({ participant_id: participantId, round, dimension: d.name, response });
    }
  }

  if (rounds.length === 3 && rounds.every((r) => r.completed)) {
    const { perception } = params;
    const ability = rng.normal(perception.logitMean, perception.logitSd);
    const items = rng.shuffle(context.itemShift.map((_, i) => i)).slice(0, perception.pairsPerParticipant);
    for (const item of items) {
      rows.perception.push({
        participant_id: participantId,
        item_id: itemId(item),
        chose_aligned: rng.bernoulli(logistic(ability + context.itemShift[item])),
      });
    }
  }
  return { untreatedOutcome };
}
