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
 * Each TypeScript file is hashed after esbuild's `transform` with `minifyWhitespace` (comments and
 * layout removed, type annotations stripped, names kept), so a reworded comment or a reindent does
 * not rerun a stage while any change to what executes does. Other files are hashed byte for byte.
 * esbuild is slow to start (~0.2 s), so the normalised digest of each file is remembered under the
 * cache folder, keyed by the SHA-256 of the file's raw bytes and by esbuild's version.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../prereg/lock.ts';

// esbuild itself is loaded only when a digest is not remembered (a warm run never needs it).
const esbuildVersion = (createRequire(import.meta.url)('esbuild/package.json') as { version: string }).version;

/** The project root (where package.json lives); code paths are relative to it, POSIX style. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How TypeScript is normalised before hashing; part of every stage key. */
export const CODE_NORMALISER = `esbuild ${esbuildVersion} transform (loader ts, minifyWhitespace)`;

/** One file of a stage's code. */
export interface CodeFileDigest {
  /** SHA-256 of the normalised text (TypeScript) or of the bytes (other files). */
  sha256: string;
  /** SHA-256 of the raw bytes, to notice an edit while the stage runs. */
  raw_sha256: string;
}

interface Normalised {
  sha256: string;
  /** Relative module specifiers and `new URL` files, as written in the file. */
  references: string[];
}

const IMPORT_SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;
const URL_ASSET = /new URL\(\s*["'](\.{1,2}\/[^"']+)["']\s*,\s*import\.meta\.url\s*\)/g;

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

function normalise(path: string, raw: Buffer, rawSha: string, memo: CodeMemo | null): Promise<Normalised> {
  // The same bytes are normalised differently as TypeScript and as a data file.
  const memoKey = `${path.endsWith('.ts') ? 'ts' : 'bytes'}-${rawSha}`;
  let pending = normalisedByRaw.get(memoKey);
  if (!pending) {
    pending = normaliseOnce(path, raw, rawSha, memo, memoKey);
    normalisedByRaw.set(memoKey, pending);
    pending.catch(() => normalisedByRaw.delete(memoKey));
  }
  return pending;
}

async function normaliseOnce(path: string, raw: Buffer, rawSha: string, memo: CodeMemo | null, memoKey: string): Promise<Normalised> {
  const memoDir = memo?.dir ?? null;
  if (memoDir !== null && existsSync(memoFile(memoDir, memoKey))) {
    try {
      const remembered = JSON.parse(readFileSync(memoFile(memoDir, memoKey), 'utf8')) as Normalised;
      if (typeof remembered.sha256 === 'string' && /^[0-9a-f]{64}$/.test(remembered.sha256) && Array.isArray(remembered.references) && remembered.references.every((r) => typeof r === 'string')) {
        return remembered;
      }
    } catch {
      // A broken memo is recomputed below.
    }
  }
  let result: Normalised;
  if (path.endsWith('.ts')) {
    const { transform } = await import('esbuild');
    const { code } = await transform(raw.toString('utf8'), { loader: 'ts', format: 'esm', minifyWhitespace: true, sourcefile: path });
    const references = [...code.matchAll(IMPORT_SPECIFIER), ...code.matchAll(URL_ASSET)].map((m) => m[1]);
    result = { sha256: sha256Hex(code), references: [...new Set(references)].sort() };
  } else {
    result = { sha256: rawSha, references: [] };
  }
  if (memoDir !== null && memo?.write) {
    try {
      mkdirSync(memoDir, { recursive: true });
      const tmp = `${memoFile(memoDir, memoKey)}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(result));
      renameSync(tmp, memoFile(memoDir, memoKey));
    } catch {
      // Only a speed-up: an unwritable cache folder means normalising again next time.
    }
  }
  return result;
}

/** The memo of normalised digests under a cache folder (null: do not remember). */
export function codeMemo(cacheDir: string | null, write: boolean): CodeMemo | null {
  return cacheDir === null ? null : { dir: join(cacheDir, 'code', `esbuild-${esbuildVersion}`), write };
}

/**
 * The digests of every file of a stage's code: the closure of `entries` (paths relative to `root`,
 * the project by default) over relative imports and `new URL(…, import.meta.url)` files, sorted
 * by path.
 *
 * @example
 * const code = await stageCode(['pipeline/runner/stages/score.ts'], null);
 * Object.keys(code).includes('pipeline/score/taxonomy.yaml') // true
 */
export async function stageCode(entries: string[], memo: CodeMemo | null, root: string = PROJECT_ROOT): Promise<Record<string, CodeFileDigest>> {
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
      const full = join(root, path);
      if (!existsSync(full) || !statSync(full).isFile()) return null; // e.g. new URL('../../') of a folder
      const raw = readFileSync(full);
      const rawSha = sha256Hex(raw);
      const normalised = await normalise(path, raw, rawSha, memo);
      return { path, rawSha, normalised };
    }));
    level = [];
    for (const file of done) {
      if (file === null) continue;
      found.set(file.path, { sha256: file.normalised.sha256, raw_sha256: file.rawSha });
      for (const ref of file.normalised.references) {
        const target = posix.normalize(posix.join(posix.dirname(file.path), ref));
        if (!target.startsWith('../') && !target.startsWith('node_modules/')) level.push(target);
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
