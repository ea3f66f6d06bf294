/**
 * An output folder being written: the one way every command that writes (ingest, run,
 * reliability, simulate, diagnose) puts files on disk. See README.md for the rules it keeps.
 *
 *   const output = claimOutput({ command: 'run', out, apart: [{ option: '--data', path: data }] });
 *   try {
 *     … the analysis …
 *     output.write('results.json', text);
 *     output.commit();              // the marker, then the atomic swap into --out
 *   } finally {
 *     output.discard();             // removes the unfinished folder unless committed
 *   }
 *
 * or `await withOutput(request, async (output) => { … })`, which does the same.
 */
import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RefusedError } from '../errors.ts';
import { isErrnoError } from '../errno.ts';
import { fileHash } from '../runner/file-hash.ts';
import { crashPoint } from './fault.ts';
import { inspectOutput, type OutputState } from './inspect.ts';
import { MARKER_SCHEMA, isPlainRelativePath, writeMarker, type MarkedFile } from './marker.ts';
import { cannotCreate, cannotWrite, notAFolder, parentMissing, rootFolder } from './messages.ts';
import { MARKER_FILE, newWriterId, tempPath, type WriterId } from './names.ts';
import { checkFoldersApart, checkInputsOutside, resolveNamed, type NamedPath } from './paths.ts';
import { recoverInterrupted } from './recover.ts';
import { openSink, type FileSink } from './sink.ts';
import { swapIntoPlace } from './swap.ts';

/** What a command is about to write, and what must stay out of its way. */
export interface OutputRequest {
  /** The command, recorded in the marker (`run`, `ingest`, …). */
  command: string;
  /** --out as the user gave it (messages show it so). */
  out: string;
  /** Folders that must be apart from --out and from each other (--data, --cache): none the same
   *  as another or inside it, after resolving symbolic links. Null or undefined paths are skipped. */
  apart?: { option: string; path: string | null | undefined }[];
  /** Input files that must not be inside --out, which is replaced (--prereg, its lock, …). */
  inputs?: { option: string; path: string | null | undefined }[];
  /** Lines about recovering an interrupted earlier run (stderr in the command line). */
  log?: (line: string) => void;
}

const given = (list: OutputRequest['apart']): NamedPath[] => (list ?? []).filter((p): p is NamedPath => typeof p.path === 'string' && p.path !== '');

/** The checks that need no writing: --out is not the root, is apart from the other folders, holds
 *  no input; returns its resolved path. */
function checkPaths(request: OutputRequest): string {
  const out = { option: '--out', path: request.out };
  const real = resolveNamed(out);
  if (dirname(real) === real) throw new RefusedError(rootFolder('--out'));
  checkFoldersApart([out, ...given(request.apart)]);
  // The current folder inside --out would be moved away under the running command.
  checkInputsOutside([...given(request.inputs), { option: 'the current folder', path: process.cwd() }], out);
  return real;
}

/**
 * Everything `claimOutput` checks, without writing anything (for --dry-run): the folders apart,
 * the inputs outside --out, and --out absent, empty or the pipeline's own output. Throws
 * RefusedError (exit 2) otherwise.
 *
 * @example
 * checkOutput({ command: 'run', out: 'reports/synthetic', apart: [{ option: '--data', path: 'data/synthetic' }] }).kind // 'ours'
 */
export function checkOutput(request: OutputRequest): OutputState {
  return inspectOutput(checkPaths(request), request.out);
}

/**
 * Claims --out for writing, before any work is done: checks as `checkOutput`, finishes or undoes
 * what an interrupted earlier run left beside --out, and creates the folder the new output is
 * written into (beside --out, with the user's umask) — which is also the check that the
 * location can be written (a missing parent, no permission, a read-only or full disk: exit 2,
 * one line). Call `commit` when every file is written, and `discard` in a `finally`.
 */
export function claimOutput(request: OutputRequest): OutputFolder {
  const out = checkPaths(request);
  const log = request.log ?? (() => {});
  const writer = newWriterId();
  recoverInterrupted(out, request.out, writer, log);
  inspectOutput(out, request.out);
  const parent = dirname(out);
  try {
    if (!lstatSync(parent).isDirectory()) throw new RefusedError(notAFolder('the folder of --out', parent));
  } catch (err) {
    if (err instanceof RefusedError) throw err;
    throw new RefusedError(parentMissing(request.out, parent), { cause: err });
  }
  return new OutputFolder(request.command, out, request.out, writer, log);
}

/**
 * Runs `work` with a claimed output folder, commits it when `work` returns, and removes the
 * unfinished folder whatever happens.
 *
 * @example
 * await withOutput({ command: 'diagnose', out: 'reports/diagnosis' }, (output) => { output.write('diagnosis.json', text); });
 */
export async function withOutput<T>(request: OutputRequest, work: (output: OutputFolder) => T | Promise<T>): Promise<T> {
  const output = claimOutput(request);
  try {
    const result = await work(output);
    output.commit();
    return result;
  } finally {
    output.discard();
  }
}

export class OutputFolder {
  /** The folder being written, beside --out (absolute). */
  readonly staging: string;
  private readonly files = new Map<string, MarkedFile>();
  private readonly openSinks = new Set<FileSink>();
  private state: 'writing' | 'committed' | 'discarded' = 'writing';

  constructor(
    private readonly command: string,
    /** --out, absolute and resolved. */
    readonly out: string,
    /** --out as the user wrote it. */
    readonly shown: string,
    private readonly writer: WriterId,
    private readonly log: (line: string) => void,
  ) {
    this.staging = tempPath(out, 'new', writer);
    try {
      // mkdir's default mode (0777 less the umask): the output is as readable as the user's other
      // folders (a mkdtemp folder would be 0700, closed to colleagues).
      mkdirSync(this.staging);
      writeMarker(this.staging, { schema: MARKER_SCHEMA, command, complete: false, files: [] });
    } catch (err) {
      rmSync(this.staging, { recursive: true, force: true });
      throw isErrnoError(err) ? new RefusedError(cannotCreate(shown, dirname(out), err), { cause: err }) : err;
    }
    beingWritten.add(this);
    listenForSignals();
  }

  /** A file system error while writing `shownPath`, as the one-line refusal the user sees. */
  private failure(err: unknown, shownPath: string): unknown {
    return isErrnoError(err) ? new RefusedError(cannotWrite(shownPath, err, this.shown), { cause: err }) : err;
  }

  private target(rel: string): string {
    if (this.state !== 'writing') throw new Error(`output ${this.shown}: written after ${this.state}`);
    if (!isPlainRelativePath(rel)) throw new Error(`output file name ${JSON.stringify(rel)} is not a plain relative path`);
    return join(this.staging, rel);
  }

  /**
   * Writes one whole file, `rel` relative to --out (POSIX separators; folders are made).
   *
   * @example
   * output.write('figures/alignment.svg', svgText)
   */
  write(rel: string, data: string | Uint8Array): void {
    const file = this.open(rel);
    file.write(data);
    file.close();
  }

  /**
   * Opens one file for writing in pieces (a large table); `close()` it when done. Write errors come
   * as the one-line refusal, naming the file.
   */
  open(rel: string): { write(data: string | Uint8Array): void; close(): { bytes: number; sha256: string } } {
    const sink = this.openFile(rel);
    return {
      write: (data) => {
        try {
          sink.write(data);
        } catch (err) {
          sink.abort();
          this.openSinks.delete(sink);
          throw this.failure(err, join(this.shown, rel));
        }
      },
      close: () => this.closeSink(rel, sink),
    };
  }

  private openFile(rel: string): FileSink {
    const path = this.target(rel);
    if (rel === MARKER_FILE || this.files.has(rel)) throw new Error(`output file ${rel} written twice`);
    try {
      const sink = openSink(path);
      this.openSinks.add(sink);
      return sink;
    } catch (err) {
      throw this.failure(err, join(this.shown, rel));
    }
  }

  private closeSink(rel: string, sink: FileSink): { bytes: number; sha256: string } {
    this.openSinks.delete(sink);
    let closed;
    try {
      closed = sink.close();
    } catch (err) {
      throw this.failure(err, join(this.shown, rel));
    }
    this.files.set(rel, { path: rel, ...closed });
    crashPoint('writing');
    return closed;
  }

  /** The files written so far, relative to --out, sorted. */
  written(): string[] {
    return [...this.files.keys()].sort();
  }

  /**
   * Finishes the output: writes its complete marker and puts the folder in the place of --out
   * (swap.ts), removing the previous output's listed files. Returns the files written, sorted.
   */
  commit(): string[] {
    if (this.state !== 'writing') throw new Error(`output ${this.shown}: commit after ${this.state}`);
    if (this.openSinks.size > 0) throw new Error(`output ${this.shown}: ${this.openSinks.size} file(s) still open at commit`);
    this.listUnrecorded('');
    const files = [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    try {
      writeMarker(this.staging, { schema: MARKER_SCHEMA, command: this.command, complete: true, files });
    } catch (err) {
      throw this.failure(err, join(this.shown, MARKER_FILE));
    }
    swapIntoPlace(this.staging, this.out, this.shown, this.writer, this.log);
    this.state = 'committed';
    this.stopListening();
    return files.map((f) => f.path);
  }

  /** Files put into the folder other than through `write`/`open` are listed too, never left out
   *  of the marker (the next run would refuse the folder). */
  private listUnrecorded(relDir: string): void {
    for (const entry of readdirSync(join(this.staging, relDir), { withFileTypes: true })) {
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (rel === MARKER_FILE) continue;
      if (entry.isDirectory()) this.listUnrecorded(rel);
      else if (!this.files.has(rel)) {
        const hash = entry.isFile() ? fileHash(join(this.staging, rel)) : null;
        if (hash === null) throw new Error(`output ${this.shown}: ${rel} is not a regular file`);
        this.files.set(rel, { path: rel, bytes: hash.bytes, sha256: hash.sha256 });
      }
    }
  }

  /** Removes the unfinished folder (nothing partial is left); nothing after `commit`. */
  discard(): void {
    if (this.state !== 'writing') return;
    this.state = 'discarded';
    this.stopListening();
    for (const sink of this.openSinks) sink.abort();
    this.openSinks.clear();
    rmSync(this.staging, { recursive: true, force: true });
  }

  private stopListening(): void {
    beingWritten.delete(this);
  }
}

/** The output folders this process is writing now. */
const beingWritten = new Set<OutputFolder>();
let listening = false;

/**
 * Ctrl-C (SIGINT) or a plain kill (SIGTERM) while writing: the unfinished folders go too, then the
 * process ends as the signal would have ended it. (A kill -9 cannot be caught; the next run
 * removes what it leaves, recover.ts.) One listener for the process, however many folders.
 */
function listenForSignals(): void {
  if (listening) return;
  listening = true;
  const onSignal = (signal: NodeJS.Signals) => {
    for (const output of [...beingWritten]) output.discard();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    listening = false;
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
