/**
 * `npm run pipeline -- diagnose`: the design diagnosis (power, type I error, bias, coverage, the
 * power curve and the minimum detectable effect of H1) over the simulator and the preregistered
 * analyses. Writes diagnosis.json and diagnosis.md to --out; progress on stderr.
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { intOption, numberOption, parseCommandArgs, requireOption, type Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_PREREGISTRATION_FILE, loadPreregistration } from '../prereg/load.ts';
import { diagnoseDesign } from './diagnose.ts';
import { createJobPool } from './pool.ts';
import { createProgress } from './progress.ts';
import { renderDiagnosisMarkdown } from './render-md.ts';

const DEFAULT_SEED = 20260401;

const help = `Usage: npm run pipeline -- diagnose --sims N --out DIR [--seed S] [--participants N]
         [--effect-coach D] [--effect-video D] [--workers K] [--curve-sims M] [--planted-scale X]
         [--prereg FILE]

Diagnoses the preregistered design by simulation: N synthetic studies with the planted effects
and N without any treatment effect (the same seeds), each run through the preregistered
exclusions, scoring and confirmatory analyses in memory (no files). Per hypothesis: power (share
'supported'), the test's rejection rate, type I error under no effect, bias of the estimate
against the planted value, CI coverage, each with its Monte Carlo standard error; the
family-wise error under no effect; the power curve of H1 over the coaching effect and its
minimum detectable effect at 80% power (bisection with common random numbers).

Options:
  --sims N            studies per set (required; planted and null sets: 2N studies)
  --out DIR           folder for diagnosis.json and diagnosis.md (created if missing)
  --seed S            integer seed (default ${DEFAULT_SEED}); study i's seed depends only on (S, i)
  --participants N    analysed participants per study (default 968, the paper's)
  --effect-coach D    planted coaching effect, in SD of round-1 alignment (the d of H1);
                      default: the simulator's calibrated effect (about 0.98)
  --effect-video D    planted video effect, same units (d of H3); default: calibrated (about 0.35)
  --workers K         worker threads (default: the number of cores, at most 8); the output
                      is the same for any K
  --curve-sims M      studies per power-curve point and bisection step (default: min(N, 100);
                      0 = no curve and no minimum detectable effect)
  --planted-scale X   size of the paired study that measures the planted values, as the
                      simulator's scale (default 20 = 19,360 participants)
  --prereg FILE       the preregistration (default ${DEFAULT_PREREGISTRATION_FILE})
  -h, --help          this text

Effects are planted by scaling the simulator's calibrated latent effects (every dimension in
proportion), so a requested d is reached through the calibrated d measured at the start.
Same arguments give byte-identical files whatever --workers. Exit 2 on bad arguments.`;

function nonNegativeInt(values: Record<string, unknown>, name: string, fallback: number): number {
  const n = intOption(values, name, fallback);
  if (n < 0) throw new UsageError(`--${name} must not be negative (${n})`);
  return n;
}

function effectOption(values: Record<string, unknown>, name: string): number | null {
  const v = values[name];
  if (v === undefined) return null;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 3) throw new UsageError(`--${name} must be a number of SD between 0 and 3 (${JSON.stringify(v)})`);
  return n;
}

export const command: Command = {
  name: 'diagnose',
  summary: 'design diagnosis by simulation: power, type I error, bias, coverage, MDE',
  help,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      sims: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      participants: { type: 'string' },
      'effect-coach': { type: 'string' },
      'effect-video': { type: 'string' },
      workers: { type: 'string' },
      'curve-sims': { type: 'string' },
      'planted-scale': { type: 'string' },
      prereg: { type: 'string' },
    });
    const out = requireOption(values, 'out');
    requireOption(values, 'sims');
    const sims = nonNegativeInt(values, 'sims', 0);
    if (sims < 2) throw new UsageError(`--sims must be at least 2 (${sims})`);
    const participants = nonNegativeInt(values, 'participants', 968);
    if (participants < 30) throw new UsageError(`--participants must be at least 30 (${participants})`);
    const workers = nonNegativeInt(values, 'workers', Math.max(1, Math.min(8, availableParallelism())));
    if (workers < 1 || workers > 64) throw new UsageError(`--workers must be between 1 and 64 (${workers})`);
    const curveSims = nonNegativeInt(values, 'curve-sims', Math.min(sims, 100));
    const plantedScale = numberOption(values, 'planted-scale', 20);
    if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out ${out} exists and is not a folder`);
    const preregFile = values.prereg ?? DEFAULT_PREREGISTRATION_FILE;
    const settings = {
      sims,
      seed: intOption(values, 'seed', DEFAULT_SEED),
      participants,
      effectCoach: effectOption(values, 'effect-coach'),
      effectVideo: effectOption(values, 'effect-video'),
      curveSims,
      plantedScale,
    };
    const loaded = loadPreregistration(preregFile);
    const pool = createJobPool(loaded.prereg, workers);
    const progress = createProgress('diagnose', 0);
    let doc;
    try {
      doc = await diagnoseDesign({ ...settings, prereg: loaded.prereg, preregFile, preregSha256: loaded.sha256 }, pool, progress);
    } finally {
      await pool.close();
    }
    progress.done();
    mkdirSync(out, { recursive: true });
    // Written under temporary names and renamed, so an interrupted run leaves no half file.
    const write = (name: string, text: string) => {
      writeFileSync(join(out, `.${name}.tmp`), text);
      renameSync(join(out, `.${name}.tmp`), join(out, name));
    };
    write('diagnosis.json', JSON.stringify(doc, null, 2) + '\n');
    write('diagnosis.md', renderDiagnosisMarkdown(doc));
  },
};
