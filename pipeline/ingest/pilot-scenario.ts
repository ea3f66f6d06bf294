/**
 * Which scenario a pilot conversation is about, read from the seeker's opening message. The pilot
 * export has no scenario column, but its seeker (the LLM) opens each scenario with the same words.
 * Ids are those of the study's scenarios (pipeline/simulate/scenarios.ts; a test keeps them in
 * step). Anything not obvious, or matching two scenarios, is `unknown`.
 */

export const UNKNOWN_SCENARIO = 'unknown';

const CUES: readonly [string, RegExp][] = [
  ['passed_over_promotion', /passed over for (the |a )?promotion/i],
  ['job_loss', /\b(lost my job|laid off|got fired)\b/i],
  ['detached_at_work', /\b(detached|undervalued)\b/i],
  ['cancer_diagnosis', /\b(cancer|diagnosed)\b/i],
];

/**
 * The scenario id the opening message points to.
 * Example: `inferPilotScenario("So, I just lost my job today.")` → `'job_loss'`.
 */
export function inferPilotScenario(opening: string): string {
  const hits = CUES.filter(([, cue]) => cue.test(opening));
  return hits.length === 1 ? hits[0][0] : UNKNOWN_SCENARIO;
}

/** The scenario ids the pilot adapter can assign (besides `unknown`). */
export const PILOT_SCENARIO_IDS: readonly string[] = CUES.map(([id]) => id);
