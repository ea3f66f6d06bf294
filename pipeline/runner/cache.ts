/**
 * The stage cache: one folder per entry, `DIR/STAGE/KEY/`, holding `entry.json` (the key material,
 * and per output its content digest, the SHA-256 of its file and its size, with a checksum over
 * these records) and one `NAME.v8` file
 * per output (v8.serialize: fast to write and read back, even for millions of message rows).
 *
 * An entry is used only when its key material hashes to its key and every output file hashes to
 * the checksum recorded for it; anything else (a truncated file, a flipped byte, a half-written
 * entry, unreadable JSON) is reported as corrupted, removed, and the stage is rebuilt. Entries are
 * written into a temporary folder and renamed into place, so a crash never leaves a half entry
 * under a real key; a failed write (a full disk) removes it (the run goes on, stage.ts), and a
 * killed run's temporary folder is removed by the next (`removeStaleTemps`).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { sha256Hex } from '../prereg/lock.ts';
import { canonicalJson } from './canonical-json.ts';
import { outputDigest } from './digest.ts';
import { stageKey, type KeyMaterial } from './key.ts';
import { RefusedError } from '../errors.ts';
import { isErrnoError } from '../errno.ts';
import { injectedWriteFault } from '../output/fault.ts';
import { cannotWriteCache } from '../output/messages.ts';
import { hostTag } from '../output/names.ts';
import { processAlive } from '../output/process-alive.ts';

export const ENTRY_SCHEMA = 'lend-an-ear-cache-entry/3';

/** One output of a stage, as recorded. */
export interface OutputRecord {
  /** Content digest (digest.ts): what downstream keys use. */
  digest: string;
  /** SHA-256 of the stored `.v8` file: the entry's checksum ('' when not stored). */
  file_sha256: string;
  bytes: number;
  /** Not stored: the stage is run again when a later stage reads it (see stage.ts). */
  recompute?: true;
}

interface EntryFile {
  schema: typeof ENTRY_SCHEMA;
  key: string;
  material: KeyMaterial;
  outputs: Record<string, OutputRecord>;
  /** SHA-256 of the canonical JSON of `outputs`: the records themselves are checked too (the
   *  material is checked by hashing to the key). */
  records_sha256: string;
}

function recordsChecksum(entry: Pick<EntryFile, 'outputs'>): string {
  return sha256Hex(canonicalJson(entry.outputs));
}

/** A verified entry: its records, and its outputs decoded on first use. */
export interface CacheHit {
  kind: 'hit';
  outputs: Record<string, OutputRecord>;
  read(name: string): unknown;
  /** Forgets a decoded output (reading it again decodes it again). */
  release(name: string): void;
}

export type CacheLookup = CacheHit | { kind: 'miss' } | { kind: 'corrupt'; why: string };

/** An output encoded for the cache, with its records. */
export interface EncodedOutput {
  bytes: Buffer;
  record: OutputRecord;
}

/**
 * Encodes one stage output: v8.serialize bytes, their SHA-256, and the content digest.
 *
 * @example
 * encodeOutput({ n: 1 }).record.bytes // a few bytes; .record.digest is 64 hex digits
 */
export function encodeOutput(value: unknown): EncodedOutput {
  const bytes = serialize(value);
  return { bytes, record: { digest: outputDigest(value), file_sha256: sha256Hex(bytes), bytes: bytes.length } };
}

const isSafeName = (name: string) => /^[a-z][a-z0-9_]*$/.test(name);

/** The cache of stage outputs under one folder (created on first write). */
export class StageCache {
  constructor(readonly dir: string) {}

  private entryDir(stage: string, key: string): string {
    return join(this.dir, stage, key);
  }

  /**
   * The verified entry of `stage` under `key`, or why there is none. A corrupted entry is left in
   * place (call `remove`); `verifyFiles: false` checks the entry record and file sizes only (for
   * a dry run).
   */
  lookup(stage: string, key: string, verifyFiles = true): CacheLookup {
    const dir = this.entryDir(stage, key);
    if (!existsSync(dir)) return { kind: 'miss' };
    let entry: EntryFile;
    try {
      entry = JSON.parse(readFileSync(join(dir, 'entry.json'), 'utf8')) as EntryFile;
    } catch (err) {
      return { kind: 'corrupt', why: `entry.json unreadable: ${(err as Error).message}` };
    }
    if (entry?.schema !== ENTRY_SCHEMA) return { kind: 'corrupt', why: `entry.json is of format ${JSON.stringify(entry?.schema)}, not ${ENTRY_SCHEMA}` };
    if (entry.key !== key || typeof entry.outputs !== 'object' || entry.outputs === null) {
      return { kind: 'corrupt', why: 'entry.json is not an entry for this key' };
    }
    if (stageKey(entry.material) !== key) return { kind: 'corrupt', why: 'entry.json key material does not hash to its key' };
    if (entry.records_sha256 !== recordsChecksum(entry)) return { kind: 'corrupt', why: 'entry.json output records do not match their checksum' };
    for (const [name, record] of Object.entries(entry.outputs)) {
      if (!isSafeName(name)) return { kind: 'corrupt', why: `bad output name ${JSON.stringify(name)}` };
      if (record.recompute) continue;
      const file = join(dir, `${name}.v8`);
      if (!existsSync(file)) return { kind: 'corrupt', why: `${name}.v8 is missing` };
      const size = statSync(file).size;
      if (size !== record.bytes) return { kind: 'corrupt', why: `${name}.v8 has ${size} bytes, not ${record.bytes}` };
      // Hashed now and dropped (a large export's entry is not held in memory for nothing);
      // read again, and checked again, only if a later stage needs it.
      if (verifyFiles && sha256Hex(readFileSync(file)) !== record.file_sha256) return { kind: 'corrupt', why: `${name}.v8 does not match its checksum` };
    }
    const decoded = new Map<string, unknown>();
    return {
      kind: 'hit',
      outputs: entry.outputs,
      read(name: string): unknown {
        if (!decoded.has(name)) {
          const record = entry.outputs[name];
          if (!record || record.recompute) throw new Error(`cache entry ${stage}/${key} has no stored output ${name}`);
          const bytes = readFileSync(join(dir, `${name}.v8`));
          if (sha256Hex(bytes) !== record.file_sha256) throw new Error(`cache entry ${stage}/${key}: ${name}.v8 changed after it was checked; run again`);
          decoded.set(name, deserialize(bytes));
        }
        return decoded.get(name);
      },
      release(name: string): void {
        decoded.delete(name);
      },
    };
  }

  /**
   * Stores a stage's encoded outputs under its key (atomically: a temporary folder renamed); an
   * output without bytes (record `recompute`) is recorded, digest only, and not written.
   */
  store(stage: string, key: string, material: KeyMaterial, outputs: Record<string, EncodedOutput | { record: OutputRecord }>): void {
    const target = this.entryDir(stage, key);
    const tmp = join(this.dir, stage, `.tmp-${key.slice(0, 12)}-${hostTag()}-${process.pid}`);
    const write = (path: string, bytes: string | Uint8Array) => {
      const fault = injectedWriteFault(path);
      if (fault) throw fault;
      writeFileSync(path, bytes);
    };
    try {
      mkdirSync(join(this.dir, stage), { recursive: true });
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp);
      const records: Record<string, OutputRecord> = {};
      for (const [name, encoded] of Object.entries(outputs)) {
        if (!isSafeName(name)) throw new Error(`bad output name ${JSON.stringify(name)}`);
        if ('bytes' in encoded) write(join(tmp, `${name}.v8`), encoded.bytes);
        else if (!encoded.record.recompute) throw new Error(`output ${name} has no bytes to store`);
        records[name] = encoded.record;
      }
      const entry: EntryFile = { schema: ENTRY_SCHEMA, key, material, outputs: records, records_sha256: recordsChecksum({ outputs: records }) };
      write(join(tmp, 'entry.json'), JSON.stringify(entry, null, 1) + '\n');
    } catch (err) {
      // A full or read-only cache disk: no half entry is left (the run goes on without storing).
      rmSync(tmp, { recursive: true, force: true });
      throw isErrnoError(err) ? new RefusedError(cannotWriteCache(join(this.dir, stage, key), err), { cause: err }) : err;
    }
    rmSync(target, { recursive: true, force: true });
    try {
      renameSync(tmp, target);
    } catch (err) {
      // Another run stored the same key at the same moment: same content, keep theirs.
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(target)) throw err;
    }
  }

  /**
   * Removes the temporary entry folders (`STAGE/.tmp-…`) and code-digest files (`code/…/*.PID.tmp`)
   * that runs killed while storing left behind: only names of this cache's own making, whose
   * process is gone (a live run's are its business).
   */
  removeStaleTemps(): void {
    const stale = (host: string | undefined, pid: string) => (host === undefined || host === hostTag()) && !processAlive(Number(pid));
    const entries = (dir: string) => {
      try {
        return readdirSync(dir, { withFileTypes: true });
      } catch {
        return [];
      }
    };
    for (const stage of entries(this.dir)) {
      if (!stage.isDirectory() || !/^[a-z]+$/.test(stage.name)) continue;
      for (const entry of entries(join(this.dir, stage.name))) {
        const match = /^\.tmp-[0-9a-f]{12}(?:-([0-9a-f]{8}))?-(\d+)$/.exec(entry.name);
        if (match && entry.isDirectory() && stale(match[1], match[2])) rmSync(join(this.dir, stage.name, entry.name), { recursive: true, force: true });
        // code/esbuild-VERSION/ holds the memo files
        if (stage.name === 'code' && entry.isDirectory() && entry.name.startsWith('esbuild-')) {
          for (const file of entries(join(this.dir, stage.name, entry.name))) {
            const m = /\.json\.(\d+)\.tmp$/.exec(file.name);
            if (m && file.isFile() && stale(undefined, m[1])) rmSync(join(this.dir, stage.name, entry.name, file.name), { force: true });
          }
        }
      }
    }
  }

  /** Removes an entry (a corrupted one, before rebuilding it). */
  remove(stage: string, key: string): void {
    rmSync(this.entryDir(stage, key), { recursive: true, force: true });
  }

  /** The key material of every readable entry of `stage`, for explaining a change. */
  materials(stage: string): KeyMaterial[] {
    const dir = join(this.dir, stage);
    if (!existsSync(dir)) return [];
    const out: KeyMaterial[] = [];
    for (const name of readdirSync(dir).sort()) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue;
      try {
        const entry = JSON.parse(readFileSync(join(dir, name, 'entry.json'), 'utf8')) as EntryFile;
        if (entry.schema === ENTRY_SCHEMA && entry.material) out.push(entry.material);
      } catch {
        // unreadable entries explain nothing
      }
    }
    return out;
  }
}
