/**
 * Per-stage wall time and peak memory of the pipeline on one export, measured in a fresh child
 * process (so the peak RSS is this study's alone): ingest (read and validate the export) →
 * exclusions → score → analyze → report (charts, SVG, PNG, report.html into a temporary folder).
 * The stages are called as the runner calls them, without its cache. Peak RSS after a stage is
 * the process's peak so far (process.resourceUsage().maxRSS), so it is the peak of that stage or
 * an earlier one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInChild } from './child.ts';

export interface StageTiming {
  stage: string;
  seconds: number;
  /** Peak RSS of the process up to the end of this stage, MB. */
  peakRssMb: number;
}

export interface StagesBench {
  stages: StageTiming[];
  /** Analysed participants and rows read. */
  participants: number;
  rows: number;
  /** Seconds from the child's start to the end of the last stage (Node and tsx start-up included). */
  processSeconds: number;
}

async function measureHere(dir: string): Promise<StagesBench> {
  const { Warnings } = await import('../pipeline/errors.ts');
  const { readStudyExport } = await import('../pipeline/ingest/index.ts');
  const { applyExclusions } = await import('../pipeline/ingest/exclusions.ts');
  const { loadPreregistration } = await import('../pipeline/prereg/load.ts');
  const { scoreStudy } = await import('../pipeline/score/index.ts');
  const { tagFrequencies } = await import('../pipeline/score/tagger.ts');
  const { analyzeStudy } = await import('../pipeline/analyze/index.ts');
  const { writeReport } = await import('../pipeline/report/index.ts');
  const { TABLE_NAMES } = await import('../pipeline/ingest/tables.ts');
  const loaded = loadPreregistration();
  const stages: StageTiming[] = [];
  const timed = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const value = await work();
    stages.push({ stage, seconds: (performance.now() - start) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 });
    return value;
  };
  const tables = await timed('ingest', () => readStudyExport(dir, new Warnings()));
  const { analysed, consort } = await timed('exclusions', () => applyExclusions(tables, loaded.prereg.exclusions));
  const scored = await timed('score', () => scoreStudy(analysed, loaded.prereg));
  const tags = await timed('tag expressions', () => tagFrequencies(analysed.messages, analysed.conversations, analysed.participants));
  const results = await timed('analyze', () =>
    analyzeStudy(scored, loaded.prereg, { consort, dataSha256: '', preregInfo: { file: loaded.file, sha256: loaded.sha256, locked: true } }),
  );
  const out = mkdtempSync(join(tmpdir(), 'bench-report-'));
  try {
    await timed('report', () =>
      writeReport(out, {
        results,
        scored,
        consort,
        tagFrequencies: tags.filter((row) => row.share !== null).map((row) => ({ arm: row.arm, round: row.round, subcomponent: row.subcomponent, share: row.share as number })),
        seed: 1,
      }),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return {
    stages,
    participants: scored.participants.length,
    rows: TABLE_NAMES.reduce((sum, t) => sum + tables[t].length, 0),
    processSeconds: performance.now() / 1000,
  };
}

/**
 * Measures every stage on the export in `dir`, in a fresh child process.
 *
 * @example
 * (await benchStages('data/synthetic')).stages.map((s) => s.stage);
 * // ['ingest', 'exclusions', 'score', 'tag expressions', 'analyze', 'report']
 */
export function benchStages(dir: string): Promise<StagesBench> {
  return measureInChild<StagesBench>(import.meta.url, dir, 'stage benchmark');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { runScript } = await import('../pipeline/script.ts');
  const usage = `Usage: npx tsx bench/stages.ts [DIR]

Wall time and peak memory of each stage (ingest, exclusions, score, tag expressions, analyze,
report) on the export in DIR (default data/synthetic), called one by one without the cache, in a
fresh child process; one line per stage on stdout. Part of npm run bench.

Options:
  --measure DIR   measure in this process and print JSON (how the child is run)
  -h, --help      this text`;
  await runScript({ command: 'npx tsx bench/stages.ts', usage, options: { measure: { type: 'string' } }, positionals: true }, async ({ values, positionals }) => {
    if (values.measure !== undefined) {
      process.stdout.write(JSON.stringify(await measureHere(values.measure)) + '\n');
      return;
    }
    const result = await benchStages(positionals[0] ?? 'data/synthetic');
    for (const s of result.stages) process.stdout.write(`${s.stage}: ${s.seconds.toFixed(2)} s, peak RSS ${s.peakRssMb.toFixed(0)} MB\n`);
  });
}
