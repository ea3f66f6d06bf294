/**
 * The enrolment plan: who is enrolled, in what order, who is excluded by which rule (E1–E3 of
 * STUDY.md), the arm of everyone randomised, and how many messages each analysed conversation
 * has. Counts are planned, not left to chance, so that after exclusions the bundled study has
 * exactly the published 968 participants, 2,904 conversations and 33,938 messages.
 */
import type { Arm } from '../study.ts';
import { ARMS } from '../study.ts';
import type { Rng } from '../stats/random.ts';
import type { SimulationParams } from './calibration.ts';

/** Analysed, or excluded by E1 (attention), E2 (dropped out) or E3 (a round with < 2 supporter messages). */
export type PlannedStatus = 'analysed' | 'E1' | 'E2' | 'E3';

export interface PlannedParticipant {
  status: PlannedStatus;
  arm: Arm | null;
  /** For analysed participants: messages in rounds 1..3; otherwise empty (drawn later). */
  messageCounts: number[];
}

export interface PlannedCounts {
  analysed: number;
  messages: number;
  failedAttention: number;
  droppedOut: number;
  tooFewMessages: number;
}

/**
 * The counts at a scale: every published count times `scale`, rounded.
 *
 * @example
 * plannedCounts(CALIBRATION, 10).messages; // 339380
 */
export function plannedCounts(params: SimulationParams, scale: number): PlannedCounts {
  const { sample } = params;
  const counts = {
    analysed: Math.round(sample.analysedParticipants * scale),
    messages: Math.round(sample.analysedMessages * scale),
    failedAttention: Math.round(sample.failedAttention * scale),
    droppedOut: Math.round(sample.droppedOut * scale),
    tooFewMessages: Math.round(sample.tooFewMessages * scale),
  };
  if (counts.analysed < 3) throw new RangeError(`scale ${scale} leaves fewer than 3 analysed participants`);
  const conversations = counts.analysed * 3;
  if (counts.messages < conversations * sample.minMessages || counts.messages > conversations * sample.maxMessages) {
    throw new RangeError(`${counts.messages} messages cannot be spread over ${conversations} conversations of ${sample.minMessages}..${sample.maxMessages} messages`);
  }
  return counts;
}

/**
 * `n` conversation lengths between min and max that sum to exactly `total`: drawn around the
 * mean total/n with the calibrated spread, then nudged one message at a time at random
 * conversations until the sum is right.
 *
 * @example
 * conversationLengths(3, 30, CALIBRATION, createRng(1)); // [9, 7, 14]
 */
export function conversationLengths(n: number, total: number, params: SimulationParams, rng: Rng): number[] {
  const { minMessages, maxMessages, lengthSd } = params.sample;
  const mean = total / n;
  const lengths = new Array<number>(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const drawn = Math.round(rng.normal(mean, lengthSd));
    lengths[i] = Math.min(maxMessages, Math.max(minMessages, drawn));
    sum += lengths[i];
  }
  while (sum !== total) {
    const i = rng.int(0, n - 1);
    if (sum < total && lengths[i] < maxMessages) {
      lengths[i]++;
      sum++;
    } else if (sum > total && lengths[i] > minMessages) {
      lengths[i]--;
      sum--;
    }
  }
  return lengths;
}

/**
 * The enrolment in order: statuses shuffled, arms by permuted blocks of six among the randomised
 * (1:1:1 allocation), and the analysed participants' planned message counts.
 *
 * @example
 * const plan = planEnrolment(CALIBRATION, 1, createRng(5));
 * plan.length; // 1073 = 968 analysed + 43 (E1) + 41 (E2) + 21 (E3)
 */
export function planEnrolment(params: SimulationParams, scale: number, rng: Rng): PlannedParticipant[] {
  const counts = plannedCounts(params, scale);
  const statuses: PlannedStatus[] = [
    ...new Array<PlannedStatus>(counts.analysed).fill('analysed'),
    ...new Array<PlannedStatus>(counts.failedAttention).fill('E1'),
    ...new Array<PlannedStatus>(counts.droppedOut).fill('E2'),
    ...new Array<PlannedStatus>(counts.tooFewMessages).fill('E3'),
  ];
  const order = rng.shuffle(statuses);
  const lengths = conversationLengths(counts.analysed * 3, counts.messages, params, rng);
  let block: Arm[] = [];
  let nextLength = 0;
  return order.map((status) => {
    let arm: Arm | null = null;
    if (status !== 'E1') {
      if (block.length === 0) block = rng.shuffle([...ARMS, ...ARMS]);
      arm = block.pop() as Arm;
    }
    const messageCounts = status === 'analysed' ? lengths.slice(nextLength, (nextLength += 3)) : [];
    return { status, arm, messageCounts };
  });
}
