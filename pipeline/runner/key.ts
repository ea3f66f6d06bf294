/**
 * A stage's key: the SHA-256 of everything its output depends on, written out as a "key material"
 * record so that a changed key can be explained ("data file messages.csv changed", "code of
 * pipeline/analyze changed", "preregistration hypotheses changed").
 */
import { sha256Hex } from '../prereg/lock.ts';
import { canonicalJson } from './canonical-json.ts';

export const KEY_SCHEMA = 'lend-an-ear-stage-key/1';

/** Everything a stage's output depends on. Each map is name → SHA-256 (params hold values). */
export interface KeyMaterial {
  schema: typeof KEY_SCHEMA;
  stage: string;
  /** Input bytes: `data file messages.csv`, `output of score: scored`, `preregistration file`, … */
  inputs: Record<string, string>;
  /** Code files (project-relative) → digest of their normalised text (see code-hash.ts). */
  code: Record<string, string>;
  /** Sections of the preregistration the stage reads → SHA-256 of their canonical JSON. */
  preregistration: Record<string, string>;
  /** Parameters: seed, options, names that reach the output. */
  params: Record<string, string | number | boolean | null>;
  /** `Node version`, `dependency versions` (one SHA-256 of all of them), `code normaliser`. */
  versions: Record<string, string>;
}

/**
 * The stage key: SHA-256 of the canonical JSON of its key material.
 *
 * @example
 * stageKey({ schema: KEY_SCHEMA, stage: 's', inputs: {}, code: {}, preregistration: {}, params: {}, versions: {} }).length // 64
 */
export function stageKey(material: KeyMaterial): string {
  return sha256Hex(canonicalJson(material));
}

/** The first 12 hex digits of a key, as printed. */
export function shortKey(key: string): string {
  return key.slice(0, 12);
}

function mapChanges(before: Record<string, unknown>, after: Record<string, unknown>): { changed: string[]; added: string[]; removed: string[] } {
  const changed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const [name, value] of Object.entries(after)) {
    if (!(name in before)) added.push(name);
    else if (canonicalJson(before[name]) !== canonicalJson(value)) changed.push(name);
  }
  for (const name of Object.keys(before)) if (!(name in after)) removed.push(name);
  return { changed, added, removed };
}

/** `pipeline/analyze` for `pipeline/analyze/ancova.ts`; `pipeline/score` for the taxonomy file. */
function codeArea(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts.slice(0, -1).join('/') || path;
}

/**
 * Why a stage with key material `after` cannot reuse an entry made with `before`, in words, one
 * reason per changed part. Empty when nothing differs.
 *
 * @example
 * changeReasons(old, { ...old, inputs: { ...old.inputs, 'data file messages.csv': 'ab…' } })
 * // ['data file messages.csv changed']
 */
export function changeReasons(before: KeyMaterial, after: KeyMaterial): string[] {
  const reasons: string[] = [];
  const inputs = mapChanges(before.inputs, after.inputs);
  for (const name of inputs.changed) reasons.push(`${name} changed`);
  for (const name of inputs.added) reasons.push(`${name} is new`);
  for (const name of inputs.removed) reasons.push(`${name} is gone`);

  const code = mapChanges(before.code, after.code);
  const areas = new Set([...code.changed, ...code.added, ...code.removed].map(codeArea));
  for (const area of [...areas].sort()) reasons.push(`code of ${area} changed`);

  const prereg = mapChanges(before.preregistration, after.preregistration);
  for (const section of [...prereg.changed, ...prereg.added, ...prereg.removed]) reasons.push(`preregistration ${section} changed`);

  const params = mapChanges(before.params, after.params);
  for (const name of [...params.changed, ...params.added, ...params.removed]) {
    reasons.push(`parameter ${name} changed (${JSON.stringify(before.params[name] ?? null)} → ${JSON.stringify(after.params[name] ?? null)})`);
  }
  const versions = mapChanges(before.versions, after.versions);
  for (const name of [...versions.changed, ...versions.added, ...versions.removed]) reasons.push(`${name} changed`);
  if (reasons.length === 0 && (before.schema !== after.schema || before.stage !== after.stage)) reasons.push('key format changed');
  return reasons;
}
