/**
 * The project's own YAML files, parsed ahead of time. Loading the `yaml` package and parsing the
 * preregistration and the expression taxonomy took about 0.15 s of every run. `npm run reproduce`
 * writes yaml-ahead.json beside this module (CI checks it is committed as written): for each of
 * AHEAD_FILES that parses cleanly, the data it parses to, keyed by the SHA-256 of its bytes. A text
 * whose bytes hash to a key gets that data; any other text is parsed as before. Keyed by content,
 * an entry can be missing, never wrong; it is a cache, so no stage's key depends on it (its path is
 * not written as a `new URL` literal, which would make it part of the score stage's code).
 *
 * "Cleanly" is the strictest reading either reader makes: no YAML error or warning, no alias, no
 * duplicate key, and data that JSON carries unchanged (no NaN, infinities or -0).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const AHEAD_JSON = join(HERE, 'yaml-ahead.json');

/** The files parsed ahead, relative to the project root. */
export const AHEAD_FILES = ['preregistration/preregistration.yaml', 'pipeline/score/taxonomy.yaml'];

interface AheadEntry {
  file: string;
  sha256: string;
  data: unknown;
}

/**
 * The `yaml` package, loaded on first use (synchronously: it is CommonJS under Node).
 * @example yamlPackage().parse('a: 1') // { a: 1 }
 */
export function yamlPackage(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml');
}

let entries: Map<string, string> | undefined;

/**
 * A yaml-ahead.json file as sha256 → the JSON text of the data (parsed afresh for each caller);
 * empty when the file is missing or damaged (then everything is parsed).
 * @example readAheadFile('pipeline/yaml-ahead.json').size // 2
 */
export function readAheadFile(path: string): Map<string, string> {
  const found = new Map<string, string>();
  try {
    for (const e of JSON.parse(readFileSync(path, 'utf8')) as AheadEntry[]) {
      if (typeof e?.sha256 === 'string' && e.data !== undefined) found.set(e.sha256, JSON.stringify(e.data));
    }
  } catch {
    found.clear();
  }
  return found;
}

function aheadEntries(): Map<string, string> {
  entries ??= readAheadFile(AHEAD_JSON);
  return entries;
}

/**
 * The data parsed ahead for this exact text, as a fresh object; undefined when none was.
 *
 * @example
 * parsedAhead(readFileSync('preregistration/preregistration.yaml'))?.data.hypotheses[0].id // 'H1'
 * parsedAhead('a: 1') // undefined
 */
export function parsedAhead(text: string | Uint8Array): { data: unknown } | undefined {
  const json = aheadEntries().get(createHash('sha256').update(text).digest('hex'));
  return json === undefined ? undefined : { data: JSON.parse(json) as unknown };
}

/**
 * The data of `text` if it parses cleanly (see the header), else null.
 * @example parseCleanly('a: [1, 2]') // { a: [1, 2] }
 * @example parseCleanly('a: 1\na: 2') // null (a duplicate key)
 */
export function parseCleanly(text: string): unknown {
  const doc = yamlPackage().parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0 || doc.warnings.length > 0) return null;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch {
    return null; // an alias
  }
  return isDeepStrictEqual(JSON.parse(JSON.stringify(data)), data) ? data : null;
}

/**
 * Writes yaml-ahead.json for AHEAD_FILES under `root` (the project folder); returns the files it
 * holds (those that parse cleanly).
 */
export function writeYamlAhead(root: string): string[] {
  const out: AheadEntry[] = [];
  for (const file of AHEAD_FILES) {
    const bytes = readFileSync(join(root, file));
    const data = parseCleanly(bytes.toString('utf8'));
    if (data !== null) out.push({ file, sha256: createHash('sha256').update(bytes).digest('hex'), data });
  }
  writeFileSync(AHEAD_JSON, `${JSON.stringify(out, null, 1)}\n`);
  entries = undefined;
  return out.map((e) => e.file);
}
