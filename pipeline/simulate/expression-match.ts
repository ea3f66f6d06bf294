/**
 * Finds the phrase bank's expressions in a supporter message: each phrase template becomes a
 * pattern (slots match any text), so the simulated text can be checked to carry the signal the
 * judge rates. A check on the simulator, not a tagger of real text (that is pipeline/score/).
 */
import { PHRASES, type SubComponent } from './phrase-bank.ts';
import { SCENARIOS } from './scenarios.ts';

const escape = (text: string): string => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

function patternOf(template: string): RegExp {
  return new RegExp(template.split(/\{\w+\}/).map(escape).join('.+?'));
}

const PATTERNS: ReadonlyMap<SubComponent, RegExp[]> = new Map(
  (Object.keys(PHRASES) as SubComponent[]).map((component) => {
    const templates = [...PHRASES[component]];
    if (component === 'advice') for (const s of SCENARIOS) templates.push(...s.advice);
    if (component === 'self_oriented') for (const s of SCENARIOS) templates.push(...s.selfStories);
    return [component, templates.map(patternOf)];
  }),
);

/**
 * Whether a message holds one of the bank's phrases for the sub-component.
 *
 * @example
 * carriesExpression("I'm so sorry. Why don't you talk to HR about how you feel?", 'advice'); // true
 */
export function carriesExpression(text: string, component: SubComponent): boolean {
  return PATTERNS.get(component)!.some((pattern) => pattern.test(text));
}
