/**
 * `npm run pipeline -- diagnose`: the design diagnosis (power, type I error of every confirmatory
 * family, bias, coverage, the per-protocol analysis under arm-dependent attrition, the power curve
 * and the minimum detectable effect of H1) over the simulator and the preregistered analyses, as
 * one cached stage (pipeline/runner/diagnose.ts). Writes diagnosis.json and diagnosis.md to --out;
 * progress on stderr.
 */
import { availableParallelism } from 'node:os';
import { intOption, numberOption, parseCommandArgs, requireOption, type Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { OUT_FOLDER_HELP } from '../output/help.ts';
import { terminalSafe } from '../terminal.ts';
import { DEFAULT_PREREGISTRATION_FILE, loadPreregistration } from '../prereg/load.ts';

const DEFAULT_SEED = 20260401;

const help = `Usage: npm run pipeline -- diagnose --sims N --out DIR [--seed S] [--participants N]
         [--effect-coach D] [--effect-video D] [--attrition-sims A] [--curve-sims M]
         [--planted-scale X] [--workers K] [--prereg FILE] [--cache DIR] [--dry-run] [--force]

Diagnoses the preregistered design by simulation. Each simulated study is run through the
preregistered exclusions, scoring and confirmatory analyses in memory (no files):
  - N studies with the planted effects: per hypothesis power (share 'supported'), the test's
    rejection rate, bias and CI coverage against the true value (H7: against the items used and
    against the pool of items), the empirical SE and the SE the analysis reports;
  - N studies of the null setting (the same seeds), where every confirmatory hypothesis is at its
    null: no treatment effect (H1-H4), self-report distributed as the judged score (H5), trait
    empathy at the equivalence bound |r| = 0.1 (H6), no pull across the pool of items (H7): the
    type I error of each, and the family-wise error of each family;
  - A studies with attrition after round 1 that depends on the arm and on skill: how far the
    per-protocol estimate of H1-H3 moves and whether its CI covers the effect;
  - M studies each searched for the smallest coaching effect at which H1 is supported: the power
    curve, and the minimum detectable effect at 80% power with its interval.
Every rate comes with its Wilson 95% interval, every mean with its Monte Carlo SE; diagnosis.md
and the report explain in plain words what looks alarming but is expected.

Options:
  --sims N            studies with the planted effects, and as many in the null setting (at least 2)
  --out DIR           folder for diagnosis.json and diagnosis.md: new, empty, or an earlier
                      output of this pipeline (see below)
  --seed S            integer seed (default ${DEFAULT_SEED}); study i's seed depends only on (S, i)
  --participants N    analysed participants per study (default 968, the paper's)
  --effect-coach D    planted coaching effect, in SD of round-1 alignment (the d of H1);
                      default: the simulator's calibrated effect (about 0.97)
  --effect-video D    planted video effect, same units (d of H3); default: calibrated (about 0.36)
  --attrition-sims A  studies with arm-dependent attrition (default N; 0 = none)
  --curve-sims M      power-curve studies, each searched by bisection (9 simulations each;
                      default min(N, 200); 0 = no curve and no minimum detectable effect)
  --planted-scale X   size of the paired studies that measure the true values, as the
                      simulator's scale (default 20 = 19,360 participants)
  --workers K         worker threads (default: the number of cores, at most 8); the output
                      is the same for any K
  --prereg FILE       the preregistration (default ${DEFAULT_PREREGISTRATION_FILE})
  --cache DIR         the stage cache (default .cache/ in the current folder): the diagnosis is
                      keyed on its settings and seed, the preregistration file and its code, and
                      skipped when that key is cached ("diagnose: up to date (key ...)")
  --dry-run           print whether it would run and why; compute and write nothing
  --force             compute even when up to date
  -h, --help          this text

Effects are planted by scaling the simulator's calibrated latent effects (every dimension in
proportion), so a requested d is reached through the calibrated d measured at the start.
Same arguments give byte-identical files whatever --workers, computed or cached. Exit 2 on bad
arguments.

${OUT_FOLDER_HELP}`;

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
  summary: 'design diagnosis by simulation: power, type I error, bias, coverage, attrition, MDE',
  help,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      sims: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      participants: { type: 'string' },
      'effect-coach': { type: 'string' },
      'effect-video': { type: 'string' },
      'attrition-sims': { type: 'string' },
      workers: { type: 'string' },
      'curve-sims': { type: 'string' },
      'planted-scale': { type: 'string' },
      prereg: { type: 'string' },
      cache: { type: 'string' },
      'dry-run': { type: 'boolean' },
      force: { type: 'boolean' },
    });
    const out = requireOption(values, 'out');
    requireOption(values, 'sims');
    const sims = nonNegativeInt(values, 'sims', 0);
    if (sims < 2) throw new UsageError(`--sims must be at least 2 (${sims})`);
    const participants = nonNegativeInt(values, 'participants', 968);
    if (participants < 30) throw new UsageError(`--participants must be at least 30 (${participants})`);
    const workers = nonNegativeInt(values, 'workers', Math.max(1, Math.min(8, availableParallelism())));
    if (workers < 1 || workers > 64) throw new UsageError(`--workers must be between 1 and 64 (${workers})`);
    const curveSims = nonNegativeInt(values, 'curve-sims', Math.min(sims, 200));
    if (curveSims === 1) throw new UsageError('--curve-sims must be 0 or at least 2 (1)');
    const attritionSims = nonNegativeInt(values, 'attrition-sims', sims);
    if (attritionSims === 1) throw new UsageError('--attrition-sims must be 0 or at least 2 (1)');
    const plantedScale = numberOption(values, 'planted-scale', 20);
    if (!(plantedScale > 0)) throw new UsageError(`--planted-scale must be positive (${plantedScale})`);
    const preregFile = values.prereg ?? DEFAULT_PREREGISTRATION_FILE;
    const loaded = loadPreregistration(preregFile);
    const settings = {
      sims,
      seed: intOption(values, 'seed', DEFAULT_SEED),
      participants,
      effectCoach: effectOption(values, 'effect-coach'),
      effectVideo: effectOption(values, 'effect-video'),
      attritionSims,
      curveSims,
      plantedScale,
      prereg: loaded.prereg,
      preregFile,
      preregSha256: loaded.sha256,
    };
    // The runner caches this command as one stage (pipeline/runner/diagnose.ts).
    const { runDiagnoseStage, dryRunDiagnoseStage } = await import('../runner/diagnose.ts');
    const options = { settings, out, workers, cache: values.cache ?? '.cache', force: values.force ?? false, log: (line: string) => process.stderr.write(`${terminalSafe(line)}\n`) };
    if (values['dry-run']) {
      process.stdout.write(`${await dryRunDiagnoseStage(options)}\n`);
      return;
    }
    await runDiagnoseStage(options);
  },
};
