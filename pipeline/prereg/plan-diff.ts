/**
 * What changed between two versions of a preregistration, item by item: a generic diff over the
 * parsed documents, so every section is covered, including one added to the schema later, with
 * no code of its own. Lists of items are matched by their `id` (hypotheses, corrections,
 * exclusions) or `name` (rater groups), so a moved item is the same item; lists of values (the
 * hypotheses a correction adjusts, the members of a rater group) are compared as sets, and say
 * which members left or joined. Order is ignored except where the preregistration gives it a
 * meaning (ORDERED_LISTS). Numbers and strings are compared as parsed: `0.10` is `0.1`, and a
 * comment or a change of layout is no change at all.
 */
import { canonicalJson } from '../runner/canonical-json.ts';

/** Lists whose order is part of the plan: exclusions are applied in order, and a participant is
 *  counted under the first rule that excludes them (CONSORT). */
const ORDERED_LISTS = new Set(['exclusions']);

/** One step of a path: a member of an object, or the item of a list with this id or name. */
export type PathStep = { key: string } | { item: string };

export interface PlanChange {
  change: 'removed' | 'added' | 'changed' | 'reordered';
  /** Where, from the document's root: `[{key:'hypotheses'},{item:'H3'}]`. */
  path: PathStep[];
  /** The locked value (undefined when added). */
  planned: unknown;
  /** The value that ran (undefined when removed). */
  actual: unknown;
  /** A member of a list of values (a hypothesis of a correction) that left or joined it; `path`
   *  is then the list's. */
  member?: true;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The field a list's items are matched by (`id`, else `name`), when every item has a distinct one. */
function keyField(...lists: Json[][]): 'id' | 'name' | null {
  const items = lists.flat();
  for (const field of ['id', 'name'] as const) {
    if (items.length === 0 || !items.every((x) => isObject(x) && typeof x[field] === 'string')) continue;
    if (lists.every((l) => new Set(l.map((x) => (x as Record<string, Json>)[field])).size === l.length)) return field;
  }
  return null;
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Members of `list` not matched in `other`, counting repeats (multiset difference), in order. */
function missingFrom(other: Json[], list: Json[]): Json[] {
  const left = new Map<string, number>();
  for (const x of other) left.set(canonicalJson(x), (left.get(canonicalJson(x)) ?? 0) + 1);
  return list.filter((x) => {
    const n = left.get(canonicalJson(x)) ?? 0;
    if (n > 0) left.set(canonicalJson(x), n - 1);
    return n === 0;
  });
}

function diffLists(locked: Json[], current: Json[], path: PathStep[], out: PlanChange[]): void {
  const top = path.length === 1 && 'key' in path[0] ? path[0].key : null;
  const field = keyField(locked, current);
  if (field !== null) {
    const id = (x: Json) => (x as Record<string, Json>)[field] as string;
    const lockedById = new Map(locked.map((x) => [id(x), x]));
    const currentIds = new Set(current.map(id));
    for (const x of locked) if (!currentIds.has(id(x))) out.push({ change: 'removed', path: [...path, { item: id(x) }], planned: x, actual: undefined });
    for (const x of current) {
      const before = lockedById.get(id(x));
      if (before === undefined) out.push({ change: 'added', path: [...path, { item: id(x) }], planned: undefined, actual: x });
      else diffValues(before, x, [...path, { item: id(x) }], out);
    }
    if (top !== null && ORDERED_LISTS.has(top)) {
      const kept = (l: Json[]) => l.map(id).filter((k) => lockedById.has(k) && currentIds.has(k));
      if (!same(kept(locked), kept(current))) out.push({ change: 'reordered', path, planned: locked.map(id), actual: current.map(id) });
    }
    return;
  }
  if (top !== null && ORDERED_LISTS.has(top)) {
    if (!same(locked, current)) out.push({ change: 'changed', path, planned: locked, actual: current });
    return;
  }
  // A list of values: a multiset. Each member that left or joined is a change of its own.
  const gone = missingFrom(current, locked);
  const joined = missingFrom(locked, current);
  for (const x of gone) out.push({ change: 'removed', path, planned: x, actual: undefined, member: true });
  for (const x of joined) out.push({ change: 'added', path, planned: undefined, actual: x, member: true });
}

function diffValues(locked: Json, current: Json, path: PathStep[], out: PlanChange[]): void {
  if (isObject(locked) && isObject(current)) {
    for (const key of Object.keys(current)) {
      if (!(key in locked)) out.push({ change: 'added', path: [...path, { key }], planned: undefined, actual: current[key] });
      else diffValues(locked[key], current[key], [...path, { key }], out);
    }
    for (const key of Object.keys(locked)) if (!(key in current)) out.push({ change: 'removed', path: [...path, { key }], planned: locked[key], actual: undefined });
    return;
  }
  if (Array.isArray(locked) && Array.isArray(current)) return diffLists(locked, current, path, out);
  if (!same(locked, current)) out.push({ change: 'changed', path, planned: locked, actual: current });
}

/**
 * Every change from the locked plan to the plan that ran, in the order of the plan that ran (in a
 * list of items, those removed first; in an object, removed members last).
 *
 * @example
 * diffPlans({ alpha: 0.05, hypotheses: [{ id: 'H1' }, { id: 'H3' }] }, { alpha: 0.1, hypotheses: [{ id: 'H1' }] })
 * // [{ change: 'changed', path: [{ key: 'alpha' }], planned: 0.05, actual: 0.1 },
 * //  { change: 'removed', path: [{ key: 'hypotheses' }, { item: 'H3' }], planned: { id: 'H3' }, actual: undefined }]
 */
export function diffPlans(locked: unknown, current: unknown): PlanChange[] {
  const out: PlanChange[] = [];
  diffValues(locked as Json, current as Json, [], out);
  return out;
}
