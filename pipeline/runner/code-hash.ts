/**
 * What counts as a stage's code, and its digest.
 *
 * A stage's code is the set of project source files reachable from its entry module
 * (pipeline/runner/stages/NAME.ts) through relative `import`/`export … from`/`import()`
 * specifiers, plus the data files those modules open with `new URL('./file', import.meta.url)`
 * (e.g. pipeline/score/taxonomy.yaml). Type-only imports do not count: they cannot change what runs.
 * Packages from node_modules are not listed file by file; their exact versions (package-lock.json)
 * and Node's version are part of every stage's key instead.
 *
 * Each TypeScript or JavaScript module (.ts, .js: the chart renderer is JavaScript, report/render.js
 * says why) is hashed after esbuild's `transform` with `minifyWhitespace` (comments and layout
 * removed, type annotations stripped, names kept), so a reworded comment or a reindent does not
 * rerun a stage while any change to what executes does. Other files are hashed byte for byte.
 *
 * A normalisation is a pure function of the raw bytes, so it is remembered under the cache folder,
 * keyed by their SHA-256 and by esbuild's version: only a run with a fresh cache, or after an edit,
 * starts esbuild. Being keyed by content, a remembered digest can only be missing, never wrong for
 * the bytes it names.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../prereg/lock.ts';

// esbuild itself is loaded only when a digest is not remembered (a warm run never needs it).
const esbuildVersion = (createRequire(import.meta.url)('esbuild/package.json') as { version: string }).version;

/** The project root (where package.json lives); code paths are relative to it, POSIX style. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How modules are normalised before hashing; part of every stage key. */
export const CODE_NORMALISER = `esbuild ${esbuildVersion} transform (loader ts or js, minifyWhitespace)`;

/** One file of a stage's code. */
export interface CodeFileDigest {
  /** SHA-256 of the normalised text (TypeScript) or of the bytes (other files). */
  sha256: string;
  /** SHA-256 of the raw bytes, to notice an edit while the stage runs. */
  raw_sha256: string;
}

export interface Normalised {
  sha256: string;
  /** Relative module specifiers and `new URL` files, as written in the file. */
  references: string[];
}

const IMPORT_SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;
const URL_ASSET = /new URL\(\s*["'](\.{1,2}\/[^"']+)["']\s*,\s*import\.meta\.url\s*\)/g;

/** Relative module specifiers and `new URL` files in a module's text. In the raw text they are every
 *  file the normalised text can reference, and perhaps more (an import in a comment, a type-only one). */
function referencesIn(text: string): string[] {
  return [...text.matchAll(IMPORT_SPECIFIER), ...text.matchAll(URL_ASSET)].map((m) => m[1]);
}

/** In this process: each file's normalisation, once (in flight or done), by kind and raw SHA-256. */
const normalisedByRaw = new Map<string, Promise<Normalised>>();

function memoFile(memoDir: string, memoKey: string): string {
  return join(memoDir, `${memoKey}.json`);
}

/** Where normalised digests are remembered, and whether new ones may be written (not in a dry run). */
export interface CodeMemo {
  dir: string;
  write: boolean;
}

/** The esbuild loader of a module, by its extension; null for a data file (hashed as bytes). */
function moduleLoader(path: string): 'ts' | 'js' | null {
  return path.endsWith('.ts') ? 'ts' : path.endsWith('.js') ? 'js' : null;
}

function normalise(path: string, raw: Buffer, rawSha: string, memo: CodeMemo | null): Promise<Normalised> {
  // The same bytes are normalised differently as TypeScript, as JavaScript and as a data file.
  const memoKey = `${moduleLoader(path) ?? 'bytes'}-${rawSha}`;
  let pending = normalisedByRaw.get(memoKey);
  if (!pending) {
    pending = normaliseOnce(path, raw, rawSha, memo, memoKey);
    normalisedByRaw.set(memoKey, pending);
    pending.catch(() => normalisedByRaw.delete(memoKey));
  }
  return pending;
}

function isNormalised(value: unknown): value is Normalised {
  const n = value as Normalised | null;
  return typeof n?.sha256 === 'string' && /^[0-9a-f]{64}$/.test(n.sha256) && Array.isArray(n.references) && n.references.every((r) => typeof r === 'string');
}

/**
 * esbuild's normalisation of one module (`path` decides the loader), and the relative specifiers
 * in the normalised text.
 *
 * @example
 * (await normaliseModule('a.ts', Buffer.from('// note\nexport const a: number = 1;'))).sha256
 * // the SHA-256 of 'export const a=1;\n'
 */
export async function normaliseModule(path: string, raw: Buffer): Promise<Normalised> {
  const loader = moduleLoader(path);
  if (loader === null) throw new Error(`${path} is not a module`);
  const { transform } = await import('esbuild');
  const { code } = await transform(raw.toString('utf8'), { loader, format: 'esm', minifyWhitespace: true, sourcefile: path });
  return { sha256: sha256Hex(code), references: [...new Set(referencesIn(code))].sort() };
}

async function normaliseOnce(path: string, raw: Buffer, rawSha: string, memo: CodeMemo | null, memoKey: string): Promise<Normalised> {
  if (moduleLoader(path) === null) return { sha256: rawSha, references: [] };
  if (memo !== null && existsSync(memoFile(memo.dir, memoKey))) {
    try {
      const remembered = JSON.parse(readFileSync(memoFile(memo.dir, memoKey), 'utf8')) as unknown;
      if (isNormalised(remembered)) return remembered;
    } catch {
      // A broken memo is recomputed below.
    }
  }
  const result = await normaliseModule(path, raw);
  if (memo !== null && memo.write) {
    const tmp = `${memoFile(memo.dir, memoKey)}.${process.pid}.tmp`;
    try {
      mkdirSync(memo.dir, { recursive: true });
      writeFileSync(tmp, JSON.stringify(result));
      renameSync(tmp, memoFile(memo.dir, memoKey));
    } catch {
      // Only a speed-up: an unwritable cache folder means normalising again next time (and a
      // half-written file on a full disk is not left behind).
      rmSync(tmp, { force: true });
    }
  }
  return result;
}

/** The memo of normalised digests under a cache folder (null: do not remember). */
export function codeMemo(cacheDir: string | null, write: boolean): CodeMemo | null {
  return cacheDir === null ? null : { dir: join(cacheDir, 'code', `esbuild-${esbuildVersion}`), write };
}

/** A file of the project as read once: its bytes and their SHA-256. */
interface Snapshot {
  raw: Buffer;
  rawSha: string;
}

/** Reads `path` (project-relative) if it is a file; null otherwise (e.g. new URL('../../') of a folder). */
function readSnapshot(root: string, path: string): Snapshot | null {
  const full = join(root, path);
  if (!existsSync(full) || !statSync(full).isFile()) return null;
  const raw = readFileSync(full);
  return { raw, rawSha: sha256Hex(raw) };
}

/** A project-relative path reached from `from` by `ref`; null outside the project or in node_modules. */
function referenced(from: string, ref: string): string | null {
  const target = posix.normalize(posix.join(posix.dirname(from), ref));
  return target.startsWith('../') || target.startsWith('node_modules/') ? null : target;
}

/**
 * The digests of every file of a stage's code: the closure of `entries` (paths relative to `root`,
 * the project by default) over relative imports and `new URL(…, import.meta.url)` files, sorted
 * by path.
 *
 * Every file the code could reach is read before this function first awaits (a closure over the
 * raw text, which holds all the normalised text's references), so the digests describe the bytes
 * as they were when the stage was planned, even if one is edited while esbuild normalises, and
 * codeChangedSince notices an edit made after that.
 *
 * @example
 * const code = await stageCode(['pipeline/runner/stages/score.ts'], null);
 * Object.keys(code).includes('pipeline/score/taxonomy.yaml') // true
 */
export function stageCode(entries: string[], memo: CodeMemo | null, root: string = PROJECT_ROOT): Promise<Record<string, CodeFileDigest>> {
  const snapshots = new Map<string, Snapshot | null>();
  const pending = [...entries];
  while (pending.length > 0) {
    const path = pending.pop() as string;
    if (snapshots.has(path)) continue;
    const snapshot = readSnapshot(root, path);
    snapshots.set(path, snapshot);
    if (snapshot === null || moduleLoader(path) === null) continue;
    for (const ref of referencesIn(snapshot.raw.toString('utf8'))) {
      const target = referenced(path, ref);
      if (target !== null && !snapshots.has(target)) pending.push(target);
    }
  }
  return normaliseClosure(entries, snapshots, memo, root);
}

async function normaliseClosure(entries: string[], snapshots: Map<string, Snapshot | null>, memo: CodeMemo | null, root: string): Promise<Record<string, CodeFileDigest>> {
  const found = new Map<string, CodeFileDigest>();
  const seen = new Set<string>();
  // Breadth first, one level of imports at a time, normalising a level's files concurrently:
  // esbuild answers each file over a pipe, and waiting for each answer in turn cost a cold run
  // about as many round trips as there are files.
  let level = [...entries];
  while (level.length > 0) {
    const todo = [...new Set(level)].filter((path) => !seen.has(path));
    for (const path of todo) seen.add(path);
    const done = await Promise.all(todo.map(async (path) => {
      // Always in the snapshot (the raw closure holds the normalised one); read now otherwise.
      const snapshot = snapshots.has(path) ? snapshots.get(path) ?? null : readSnapshot(root, path);
      if (snapshot === null) return null;
      const normalised = await normalise(path, snapshot.raw, snapshot.rawSha, memo);
      return { path, rawSha: snapshot.rawSha, normalised };
    }));
    level = [];
    for (const file of done) {
      if (file === null) continue;
      found.set(file.path, { sha256: file.normalised.sha256, raw_sha256: file.rawSha });
      for (const ref of file.normalised.references) {
        const target = referenced(file.path, ref);
        if (target !== null) level.push(target);
      }
    }
  }
  const sorted = [...found.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(sorted.map((p) => [p, found.get(p) as CodeFileDigest]));
}

/** Files among `code` (paths relative to `root`) whose raw bytes differ now from when they were hashed. */
export function codeChangedSince(code: Record<string, CodeFileDigest>, root: string = PROJECT_ROOT): string[] {
  return Object.entries(code)
    .filter(([path, d]) => {
      const full = join(root, path);
      return !existsSync(full) || sha256Hex(readFileSync(full)) !== d.raw_sha256;
    })
    .map(([path]) => path);
}
