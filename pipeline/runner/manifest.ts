/**
 * manifest.json of a run: the SHA-256 of every input and output file, this project's name and
 * version, the versions of node and of the project's dependencies (from package-lock.json), the
 * digest of the code that ran and the git commit where recorded (provenance.ts), the seed, the
 * command line, the SOURCE_DATE_EPOCH time (or null), and every stage's key with what it was made of (inputs, code
 * files, preregistration sections, parameters) and the digests of its outputs.
 *
 * Nothing from the wall clock or from the run's history: whether a stage ran or came from the
 * cache, and how long it took, differ between two runs of the same inputs, so they are recorded
 * only with `--timings` (then the manifest is no longer byte-identical between runs, by request).
 * The committed reports/ are made without it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../prereg/lock.ts';
import { fileHash } from './file-hash.ts';
import type { KeyMaterial } from './key.ts';
import { exportFiles } from '../ingest/export-files.ts';
import { listFiles } from './list-files.ts';

export const MANIFEST_SCHEMA = 'lend-an-ear-manifest/1';

export interface FileEntry {
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  command_line: string[];
  seed: number;
  source_date_epoch: string | null;
  /** This project's name and version (package.json). */
  software?: { name: string; version: string };
  /** SHA-256 over the normalised code of the four stages (provenance.ts). */
  code_sha256?: string;
  /** The project's git commit, or null with the reason in `git_note` (provenance.ts). */
  git?: { commit: string; uncommitted_changes: boolean } | null;
  git_note?: string | null;
  versions: { node: string; dependencies: Record<string, string> };
  inputs: (FileEntry & { role: string })[];
  outputs: FileEntry[];
  /** The stages in the order they ran (absent in manifests made before the staged runner). */
  stages?: ManifestStage[];
}

/** One stage in manifest.json: its key and the key material, and its outputs' content digests. */
export interface ManifestStage extends Omit<KeyMaterial, 'schema' | 'stage'> {
  name: string;
  key: string;
  outputs: Record<string, { digest: string }>;
  /** Only with --timings: `ran`, `up_to_date` or `ran_not_cached`, and seconds of wall time. */
  timing?: { status: string; seconds: number };
}

const PROJECT_ROOT = new URL('../../', import.meta.url);

export { listFiles };

/** SHA-256 and size of one file, labelled with `label`. */
export function fileEntry(file: string, label: string): FileEntry {
  const bytes = readFileSync(file);
  return { path: label, bytes: bytes.length, sha256: sha256Hex(bytes) };
}

/**
 * One hash for a whole export: SHA-256 of the SHA256SUMS-style listing of the files it consists of
 * (ingest/export-files.ts; `<sha256>  <relative path>\n` per file, sorted by path), so renaming or
 * editing any of them changes it, and a stray file beside them does not. An entry that is not a
 * regular file is listed with an empty hash (ingest refuses it).
 * Example: an export whose only file is `participants.csv` with bytes `x` hashes the text
 * `2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881  participants.csv\n`.
 */
export function exportSha256(dir: string): string {
  const listing = exportFiles(dir).map((rel) => `${fileHash(join(dir, rel))?.sha256 ?? ''}  ${rel}\n`).join('');
  return sha256Hex(listing);
}

/** Node's version and the exact installed version of each direct dependency (package-lock.json). */
export function dependencyVersions(): Manifest['versions'] {
  const pkg = JSON.parse(readFileSync(new URL('package.json', PROJECT_ROOT), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const lock = JSON.parse(readFileSync(new URL('package-lock.json', PROJECT_ROOT), 'utf8')) as { packages?: Record<string, { version?: string }> };
  const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})].sort();
  const dependencies: Record<string, string> = {};
  for (const name of names) dependencies[name] = lock.packages?.[`node_modules/${name}`]?.version ?? 'unknown';
  return { node: process.version, dependencies };
}

/** SOURCE_DATE_EPOCH as an ISO time, or null when unset or not a whole number of seconds. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv): string | null {
  const raw = env.SOURCE_DATE_EPOCH;
  return raw !== undefined && /^\d+$/.test(raw) ? new Date(Number(raw) * 1000).toISOString() : null;
}
