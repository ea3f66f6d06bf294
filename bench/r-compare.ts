/**
 * The preregistered analyses in TypeScript and in R on the same scored tables, timed in the same
 * run. R runs tests/fixtures/analyze/analysis.R (the reference the analyze tests are pinned to: lm
 * + sandwich HC3, binom.test, cor.test, t.test, Welch, lmerTest with a polished REML optimum,
 * p.adjust) on the scored tables pipeline/score/csv.ts writes. R's time is given whole and less
 * its start-up (Rscript loading jsonlite, yaml, sandwich and lmerTest, timed alone); TypeScript's
 * is analyzeStudy in a fresh process, first call (no warm-up, as in a run).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInChild } from './child.ts';

export interface RCompareBench {
  participants: number;
  /** analyzeStudy, every hypothesis of the preregistration. */
  typescriptSeconds: number;
  /** Rscript analysis.R, whole. */
  rSeconds: number;
  /** Rscript loading the same packages and doing nothing else. */
  rStartupSeconds: number;
}

/**
 * Whether `Rscript` runs here.
 *
 * @example
 * rscriptAvailable(); // true where R is installed
 */
export function rscriptAvailable(): boolean {
  return spawnSync('Rscript', ['--version'], { stdio: 'ignore' }).status === 0;
}

function seconds(run: () => void): number {
  const start = performance.now();
  run();
  return (performance.now() - start) / 1000;
}

async function measureHere(dataDir: string): Promise<RCompareBench> {
  const { Warnings } = await import('../pipeline/errors.ts');
  const { readStudyExport } = await import('../pipeline/ingest/index.ts');
  const { applyExclusions } = await import('../pipeline/ingest/exclusions.ts');
  const { DEFAULT_PREREGISTRATION_FILE, loadPreregistration } = await import('../pipeline/prereg/load.ts');
  const { scoreStudy } = await import('../pipeline/score/index.ts');
  const { scoredTablesCsv } = await import('../pipeline/score/csv.ts');
  const { analyzeStudy } = await import('../pipeline/analyze/index.ts');
  const loaded = loadPreregistration();
  const { analysed, consort } = applyExclusions(await readStudyExport(dataDir, new Warnings()), loaded.prereg.exclusions);
  const scored = scoreStudy(analysed, loaded.prereg);
  const dir = mkdtempSync(join(tmpdir(), 'bench-r-'));
  try {
    // The scored tables and the CONSORT flow, as tests/fixtures/analyze/make-fixtures.ts writes them for analysis.R.
    const files = { ...scoredTablesCsv(scored), 'consort.json': JSON.stringify(consort, null, 2) + '\n' };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const typescriptSeconds = seconds(() => analyzeStudy(scored, loaded.prereg, { consort, dataSha256: '', preregInfo: { file: loaded.file, sha256: loaded.sha256, locked: true } }));
    const script = fileURLToPath(new URL('../tests/fixtures/analyze/analysis.R', import.meta.url));
    const rSeconds = seconds(() => execFileSync('Rscript', [script, dir, DEFAULT_PREREGISTRATION_FILE, join(dir, 'r-results.json')], { stdio: ['ignore', 'ignore', 'inherit'] }));
    const startup = 'suppressPackageStartupMessages({ library(jsonlite); library(yaml); library(sandwich); library(lmerTest) })';
    const rStartupSeconds = seconds(() => execFileSync('Rscript', ['-e', startup], { stdio: 'ignore' }));
    return { participants: scored.participants.length, typescriptSeconds, rSeconds, rStartupSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Times both analyses of the export in `dataDir` (scored once, in a fresh child process).
 *
 * @example
 * await benchAgainstR('data/synthetic'); // { participants: 968, typescriptSeconds: 0.4, rSeconds: 6.1, rStartupSeconds: 1.9 } (machine-dependent)
 */
export function benchAgainstR(dataDir: string): Promise<RCompareBench> {
  return measureInChild<RCompareBench>(import.meta.url, dataDir, 'R comparison');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { runScript } = await import('../pipeline/script.ts');
  const usage = `Usage: npx tsx bench/r-compare.ts [DIR]

The preregistered analyses of the export in DIR (default data/synthetic) in TypeScript and in R
(tests/fixtures/analyze/analysis.R) on the same scored tables, timed; needs Rscript with jsonlite,
yaml, sandwich and lmerTest. Part of npm run bench.

Options:
  --measure DIR   measure in this process and print JSON (how the child is run)
  -h, --help      this text`;
  await runScript({ command: 'npx tsx bench/r-compare.ts', usage, options: { measure: { type: 'string' } }, positionals: true }, async ({ values, positionals }) => {
    if (values.measure !== undefined) {
      process.stdout.write(JSON.stringify(await measureHere(values.measure)) + '\n');
      return;
    }
    const r = await benchAgainstR(positionals[0] ?? 'data/synthetic');
    process.stdout.write(`${r.participants} participants: TypeScript ${r.typescriptSeconds.toFixed(2)} s; R ${r.rSeconds.toFixed(2)} s whole, ${r.rStartupSeconds.toFixed(2)} s of it start-up\n`);
  });
}
