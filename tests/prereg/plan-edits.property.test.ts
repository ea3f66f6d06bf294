/**
 * A property of the audit against the lock: a random edit of the locked preregistration (a
 * hypothesis deleted, added or one of its fields changed; alpha changed; a hypothesis taken out of
 * its correction set; an exclusion changed) appears as exactly the matching named deviation, and
 * nothing else, even when the edited file is also rewritten with its items, their keys and the
 * members of each correction set in another order and without its comments; reordering alone, and
 * adding comments alone, appear as no deviation of substance. The edited files are written by the
 * yaml package, and read back as a run reads them.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PLAN_CHANGE_KINDS } from '../../pipeline/prereg/audit.ts';
import { planDeviations } from '../../pipeline/prereg/lock-audit.ts';
import { lockStatus, preregistrationData } from '../../pipeline/prereg/load.ts';
import { makeLock, sha256Hex } from '../../pipeline/prereg/lock.ts';
import type { LoadedPreregistration, Preregistration } from '../../pipeline/prereg/types.ts';
import { committedPreregText } from './helpers.ts';

const LOCKED_TEXT = committedPreregText();
const LOCK = makeLock('preregistration.yaml', Buffer.from(LOCKED_TEXT), '2026-11-26');
const LOCKED = preregistrationData(LOCKED_TEXT, 'locked') as Preregistration;

type Doc = Record<string, unknown>;
const clone = (x: Preregistration): Preregistration => structuredClone(x);

/** The plan changes the audit finds in `text` against the committed lock. */
function changesOf(text: string): [string, string | null, string][] {
  const prereg = preregistrationData(text, 'edited') as Preregistration;
  const sha = sha256Hex(text);
  const loaded: LoadedPreregistration = { prereg, file: 'edited', sha256: sha, lock: lockStatus(LOCK, sha, prereg, 'lock.json') };
  return planDeviations(loaded).filter((d) => PLAN_CHANGE_KINDS.has(d.kind)).map((d) => [d.kind, d.item, d.summary ?? '']);
}

/** A permutation of `n` indices from fast-check's random numbers. */
function permute<T>(list: T[], keys: number[]): T[] {
  return list.map((x, i) => ({ x, k: keys[i % keys.length] + i / 1e6 })).sort((a, b) => a.k - b.k).map((e) => e.x);
}

/** The same plan in another order: the items of each list of items (hypotheses, corrections,
 *  rater groups; not the exclusions, whose order is part of the plan), the keys of every mapping,
 *  and the members of each correction set. */
function shuffled(plan: Preregistration, keys: number[]): Doc {
  const deep = (v: unknown, list: string | null): unknown => {
    if (Array.isArray(v)) {
      const items = v.map((x) => deep(x, null));
      return list === 'hypotheses' || list === 'corrections' || list === 'rater_groups' || list === 'correction members' ? permute(items, keys) : items;
    }
    if (v !== null && typeof v === 'object') {
      const isCorrection = 'method' in v && 'hypotheses' in v;
      return Object.fromEntries(permute(Object.entries(v).map(([k, x]) => [k, deep(x, isCorrection && k === 'hypotheses' ? 'correction members' : k)] as const), keys));
    }
    return v;
  };
  return deep(plan, null) as Doc;
}

interface Edit {
  apply: (p: Preregistration) => void;
  expected: [string, string | null, string];
}

const HYPOTHESIS_FIELDS = ['method', 'outcome', 'direction', 'decision_rule', 'family', 'status', 'tag', 'question'] as const;

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.nat({ max: LOCKED.hypotheses.length - 1 }).map((i): Edit => {
    const h = LOCKED.hypotheses[i];
    const planned = `${h.method} on ${h.outcome}${h.contrast ? `, ${h.contrast.treatment} - ${h.contrast.reference}` : ''}`;
    return { apply: (p) => p.hypotheses.splice(i, 1), expected: ['removed_after_lock', h.id, `${h.id} removed (planned: ${planned})`] };
  }),
  fc.tuple(fc.nat({ max: LOCKED.hypotheses.length - 1 }), fc.nat({ max: LOCKED.hypotheses.length })).map(([from, at]): Edit => {
    const h = { ...LOCKED.hypotheses[from], id: 'X9' };
    const ran = `${h.method} on ${h.outcome}${h.contrast ? `, ${h.contrast.treatment} - ${h.contrast.reference}` : ''}`;
    return { apply: (p) => p.hypotheses.splice(at, 0, h), expected: ['added_after_lock', 'X9', `X9 added (ran: ${ran})`] };
  }),
  fc.tuple(fc.nat({ max: LOCKED.hypotheses.length - 1 }), fc.constantFrom(...HYPOTHESIS_FIELDS), fc.constantFrom('changed', 'other_value', 'x')).map(([i, field, value]): Edit => {
    const h = LOCKED.hypotheses[i];
    const was = String(h[field]);
    const now = was === value ? `${value}2` : value;
    return { apply: (p) => ((p.hypotheses[i] as unknown as Doc)[field] = now), expected: ['changed_after_lock', h.id, `${h.id} ${field} changed: planned ${was}, ran ${now}`] };
  }),
  fc.constantFrom(0.01, 0.1, 0.005).map((alpha): Edit => ({ apply: (p) => (p.alpha = alpha), expected: ['changed_after_lock', 'alpha', `alpha changed: planned 0.05, ran ${alpha}`] })),
  fc.tuple(fc.nat({ max: LOCKED.corrections.length - 1 }), fc.nat()).map(([k, j]): Edit => {
    const c = LOCKED.corrections[k];
    const member = c.hypotheses[j % c.hypotheses.length];
    return { apply: (p) => p.corrections[k].hypotheses.splice(j % c.hypotheses.length, 1), expected: ['removed_after_lock', c.id, `${c.id} hypotheses: ${member} removed`] };
  }),
  fc.tuple(fc.nat({ max: LOCKED.exclusions.length - 1 }), fc.integer({ min: 3, max: 9 })).map(([k, n]): Edit => {
    const e = LOCKED.exclusions[k];
    return { apply: (p) => (p.exclusions[k].min_supporter_messages = n), expected: ['changed_after_lock', e.id, `${e.id} min_supporter_messages changed: planned ${e.min_supporter_messages ?? 'none'}, ran ${n}`] };
  }),
);

describe('random edits of the locked preregistration', () => {
  it('each appears as exactly the matching named deviation, whatever the order and layout of the file', () => {
    fc.assert(
      fc.property(edit, fc.array(fc.nat(1000), { minLength: 1, maxLength: 7 }), (e, keys) => {
        const plan = clone(LOCKED);
        e.apply(plan);
        expect(changesOf(stringify(shuffled(plan, keys)))).toEqual([e.expected]);
      }),
      { numRuns: 30, seed: 20261126 },
    );
  });

  it('reordering items, keys and correction members is no deviation of substance', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 7 }), (keys) => {
        expect(changesOf(stringify(shuffled(clone(LOCKED), keys)))).toEqual([]);
      }),
      { numRuns: 8, seed: 20261127 },
    );
  });

  it('comments added anywhere between lines are no deviation of substance', () => {
    const lines = LOCKED_TEXT.split('\n');
    // Inside a block scalar (the judge's prompts, `|-`) a "# …" line is text, not a comment:
    // comments go only before lines outside one.
    const inBlock = new Set<number>();
    lines.forEach((line, i) => {
      if (!/:\s*[|>][-+]?\s*$/.test(line)) return;
      const indent = line.search(/\S/);
      for (let j = i + 1; j < lines.length && (lines[j].trim() === '' || lines[j].search(/\S/) > indent); j++) inBlock.add(j);
    });
    const between = lines.map((_, i) => i).filter((i) => !inBlock.has(i));
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...between), { minLength: 1, maxLength: 6 }), fc.constantFrom('# note', '   # indented note', '#'), (at, comment) => {
        const text = lines.flatMap((l, i) => (at.includes(i) ? [comment, l] : [l])).join('\n');
        expect(text).not.toBe(LOCKED_TEXT);
        expect(changesOf(text)).toEqual([]);
      }),
      { numRuns: 12, seed: 20261128 },
    );
  });
});
