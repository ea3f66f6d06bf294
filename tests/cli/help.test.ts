/**
 * The command line behaves like the tools researchers use: every pipeline command and every
 * script (under scripts/ and bench/, and the calibration scripts among the pipeline's modules)
 * answers --help with its usage on stdout and exit 0 (running nothing); a usage error is one line
 * on stderr saying what is wrong and where the usage is, exit 2; bad input (a missing --data, a
 * file where a folder belongs, a bad number) is exit 2 with no stack trace and nothing written.
 * The pipeline's commands are called in this process (cli.ts `main`), the scripts as a user runs
 * them.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, main } from '../../pipeline/cli.ts';

// Every command the program dispatches to, so a new one is held to the same rules.
const COMMANDS = [...COMMAND_NAMES];
const work = mkdtempSync(join(tmpdir(), 'cli-help-'));
const aFile = join(work, 'a-file.txt');
writeFileSync(aFile, 'not a folder\n');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The pipeline's command line in this process: exit status, stdout and stderr. */
async function pipeline(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** One line on stderr: the error and where the usage is. */
function expectUsageError(r: { code: number; stdout: string; stderr: string }, command: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')).toHaveLength(2);
  expect(r.stderr).toMatch(new RegExp(`^error: .+; see '${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --help'\\n$`));
}

describe('the pipeline command line', () => {
  it('answers --help, -h and help with its usage and exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await pipeline(...argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: npm run pipeline -- <command> \[options\]\n/);
      expect(COMMANDS).toEqual(expect.arrayContaining(['run', 'ingest', 'reliability', 'simulate', 'diagnose', 'judge']));
      for (const name of COMMANDS) expect(r.stdout).toContain(`  ${name} `);
    }
  });

  it.each(COMMANDS)('%s --help prints its usage and exit 0, before reading any option', async (name) => {
    for (const argv of [[name, '--help'], [name, '--data', '/nonexistent', '-h']]) {
      const r = await pipeline(...argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: npm run pipeline -- ${name} `));
      expect(r.stderr).toBe('');
    }
  });

  it('says a usage error in one line, pointing to --help, not the whole help', async () => {
    expectUsageError(await pipeline(), 'npm run pipeline --');
    expectUsageError(await pipeline('analyse'), 'npm run pipeline --');
    for (const name of COMMANDS) expectUsageError(await pipeline(name, '--no-such-option'), `npm run pipeline -- ${name}`);
    expectUsageError(await pipeline('run', '--data', 'data/synthetic'), 'npm run pipeline -- run');
    expectUsageError(await pipeline('simulate', '--out', join(work, 's'), '--scale', '-1'), 'npm run pipeline -- simulate');
  });

  // Each of these is refused before any work: exit 2, no stack trace, nothing written.
  // (`reliability` with a bad --data is its own workstream's.)
  const out = (name: string) => join(work, `out-${name}`);
  const cases: [string, string[], RegExp][] = [
    ['run: --data does not exist', ['run', '--data', '/nonexistent', '--out', out('a')], /--data \/nonexistent is not a folder/],
    ['run: --data is a file', ['run', '--data', aFile, '--out', out('b')], /is not a folder/],
    ['run: --out is a file', ['run', '--data', 'data/synthetic', '--out', aFile], /--out .* exists and is not a folder/],
    ['run: --seed is not a number', ['run', '--data', 'data/synthetic', '--out', out('c'), '--seed', 'abc'], /--seed must be an integer \("abc"\)/],
    ['run: --prereg does not exist', ['run', '--data', 'data/synthetic', '--out', out('d'), '--prereg', '/nonexistent.yaml'], /^\/nonexistent\.yaml: cannot read the preregistration/],
    ['run: --reliability is a folder', ['run', '--data', 'data/synthetic', '--out', out('e'), '--reliability', work], /cannot read reliability results/],
    ['ingest: --data does not exist', ['ingest', '--data', '/nonexistent', '--out', out('f')], /the export folder does not exist/],
    ['ingest: --data is a file', ['ingest', '--data', aFile, '--out', out('g')], /the export is not a folder/],
    ['ingest: --out is a file', ['ingest', '--data', 'tests/fixtures/ingest/valid-csv', '--out', aFile], /--out .* exists and is not a folder/],
    ['simulate: --out is a file', ['simulate', '--out', aFile], /--out .* exists and is not a folder/],
    ['simulate: --scale too large', ['simulate', '--out', out('h'), '--scale', '1e9'], /--scale must be at most 1000/],
    ['simulate: --scale not a number', ['simulate', '--out', out('i'), '--scale', 'big'], /--scale must be a positive number/],
    ['diagnose: --sims not a number', ['diagnose', '--out', out('j'), '--sims', 'x'], /--sims must be an integer/],
    ['diagnose: --out is a file', ['diagnose', '--out', aFile, '--sims', '4'], /--out .* exists and is not a folder/],
    ['judge: --data does not exist', ['judge', '--data', '/nonexistent', '--out', out('k'), '--store', out('k-store')], /\/nonexistent/],
    ['judge: --runs not a number', ['judge', '--data', 'data/synthetic', '--out', out('l'), '--runs', 'x'], /--runs must be an integer \("x"\)/],
    ['judge: --endpoint not a URL', ['judge', '--data', 'data/synthetic', '--out', out('m'), '--endpoint', 'nowhere'], /--endpoint must be a URL/],
    ['run: a judge option without --judge', ['run', '--data', 'data/synthetic', '--out', out('n'), '--model', 'm'], /--model is an option of the judge: add --judge/],
  ];
  it.each(cases)('%s: exit 2, no stack trace, nothing written', async (_, argv, message) => {
    const r = await pipeline(...argv);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('internal error');
    expect(readdirSync(work).filter((f) => f.startsWith('out-'))).toEqual([]);
  });
});

/** Modules of the bench that are imported or started by another, never run by a user: nothing to
 *  answer (bench/judge-stand-in.mjs is the judge benchmark's stand-in server, a child of bench/judge.ts). */
const LIBRARY_MODULES = new Set(['bench/child.ts', 'bench/cli-run.ts', 'bench/markdown.ts', 'bench/judge.ts', 'bench/judge-stand-in.mjs']);

/** The pipeline's modules that read a command line but are not scripts: the program and its parts. */
const COMMAND_LINE_MODULES = new Set(['pipeline/cli.ts', 'pipeline/command.ts', 'pipeline/script.ts']);

/**
 * The scripts kept among the pipeline's modules (pipeline/simulate/calibrate.ts, …): every module
 * under pipeline/ that reads its own command line.
 */
function pipelineScripts(): string[] {
  const files = readdirSync('pipeline', { recursive: true, encoding: 'utf8' })
    .map((f) => `pipeline/${f.split('\\').join('/')}`)
    .filter((f) => f.endsWith('.ts') && !COMMAND_LINE_MODULES.has(f));
  return files.filter((f) => /process\.argv|\bparseArgs\(|\b(runScript|startScript)\(/.test(readFileSync(f, 'utf8'))).sort();
}

/** Every script a user can run, and how. */
function scripts(): { file: string; command: string[] }[] {
  const found: { file: string; command: string[] }[] = [];
  for (const dir of ['scripts', 'bench']) {
    for (const name of readdirSync(dir).sort()) {
      const file = `${dir}/${name}`;
      if (LIBRARY_MODULES.has(file) || name.endsWith('.md')) continue;
      if (name.endsWith('.ts')) found.push({ file, command: [process.execPath, '--import', 'tsx', file] });
      else throw new Error(`${file}: a script of an unknown kind; teach this test how to run it`);
    }
  }
  for (const file of pipelineScripts()) found.push({ file, command: [process.execPath, '--import', 'tsx', file] });
  return found;
}

function spawnScript(command: string[], args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], [...command.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('every script: under scripts/ and bench/, and those among the pipeline\'s modules', () => {
  const all = scripts();

  it('is a known kind, and the library modules are left out on purpose', () => {
    expect(all.map((s) => s.file)).toEqual(
      expect.arrayContaining(['scripts/reproduce.ts', 'scripts/lock-prereg.ts', 'bench/index.ts', 'bench/diagnose.ts', 'pipeline/simulate/calibrate.ts', 'pipeline/diagnose/calibrate-null.ts']),
    );
    for (const file of COMMAND_LINE_MODULES) expect(existsSync(file), file).toBe(true);
    for (const file of LIBRARY_MODULES) expect(existsSync(file), file).toBe(true);
  });

  it('answers --help with its usage and exit 0, running nothing; an unknown option is one line and exit 2', async () => {
    // The TypeScript scripts share one entry point (pipeline/script.ts, runScript): one of them is
    // run with a bad option here, with those that do not share it; each one is run with --help.
    const shared = all.filter((s) => s.file.endsWith('.ts'));
    for (const s of shared) expect(readFileSync(s.file, 'utf8'), `${s.file} does not use runScript`).toMatch(/\b(runScript|startScript|runCli)\(/);
    const jobs = [
      ...all.map((s) => ({ s, args: ['--help'] })),
      ...all.filter((s) => !s.file.endsWith('.ts') || s.file === 'scripts/lock-prereg.ts' || s.file.startsWith('pipeline/')).map((s) => ({ s, args: ['--no-such-option'] })),
    ];
    const failures: string[] = [];
    // Two at a time: each is a fresh Node (or Python) process.
    const worker = async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const { s, args } = job;
        const r = await spawnScript(s.command, args);
        const shown = `${s.file} ${args[0]}: exit ${r.code}, stdout ${JSON.stringify(r.stdout.slice(0, 80))}, stderr ${JSON.stringify(r.stderr.slice(0, 300))}`;
        if (args[0] === '--help' && (r.code !== 0 || !/^usage: /i.test(r.stdout) || r.stderr !== '')) failures.push(shown);
        if (args[0] !== '--help' && (r.code !== 2 || r.stderr.split('\n').length !== 2 || !/^error: .*--help'\n$/.test(r.stderr))) failures.push(shown);
      }
    };
    await Promise.all([worker(), worker()]);
    expect(failures).toEqual([]);
  });
});
