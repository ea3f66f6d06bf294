/**
 * Fills `{slot}` placeholders in a phrase. A slot's value may itself hold slots (e.g. the event
 * "your {relative}'s diagnosis"), so filling repeats until none is left (at most a few levels).
 */
import type { Rng } from '../stats/random.ts';

export interface SlotValues {
  /** Chosen once per conversation. */
  readonly fixed: Readonly<Record<string, string>>;
  /** Chosen afresh at each use. */
  readonly slots: Readonly<Record<string, readonly string[]>>;
}

const SLOT = /\{(\w+)\}/g;
const MAX_DEPTH = 4;

/**
 * The phrase with every slot replaced; an unknown slot is a programming error and throws.
 *
 * @example
 * fillTemplate('So sorry about {event}.', { fixed: {}, slots: { event: ['the layoff'] } }, createRng(1));
 * // 'So sorry about the layoff.'
 */
export function fillTemplate(template: string, values: SlotValues, rng: Rng): string {
  let text = template;
  for (let depth = 0; depth < MAX_DEPTH && text.includes('{'); depth++) {
    text = text.replace(SLOT, (_match, name: string) => {
      const fixed = values.fixed[name];
      if (fixed !== undefined) return fixed;
      const options = values.slots[name];
      if (options === undefined) throw new Error(`phrase slot {${name}} has no value in this scenario`);
      return rng.pick(options);
    });
  }
  return text;
}
