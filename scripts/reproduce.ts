/**
 * `npm run reproduce`: every result on the bundled data, into reports/.
 *
 * 1. checks the bundled data against their SHA256SUMS, and writes the files derived from code (the
 *    export contract's codebook, docs/codebook.schema.json, docs/codebook.csv and the column tables of
 *    docs/CONTRACT.md);
 * 2. judge reliability and the expression tagger on the real pilot (data/lend-an-ear-pilot, vendored
 *    with its licence), as the preregistration declares (reports/pilot/); and the companion paper's
 *    whole reliability table, its four frameworks declared in data/frameworks (reports/reliability/);
 * 3. a design diagnosis of the preregistered design by simulation (power, type I error of every
 *    confirmatory family, bias, coverage, attrition, the minimum detectable effect), cached like
 *    every stage: skipped when its code, the preregistration, its settings and the seed are
 *    unchanged;
 * 4. the preregistered analysis of the bundled study (run), with the four frameworks' reliability and
 *    the diagnosis in its report;
 * 5. a terminal summary: one line per confirmatory hypothesis.
 *
 * Each step is the public command line, run as a child process, exactly as a user would run it.
 */
import { $, fs, path } from 'zx';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { writeCodebook } from '../pipeline/ingest/codebook.ts';
import { RefusedError } from '../pipeline/errors.ts';
import { inspectOutput } from '../pipeline/output/inspect.ts';
import { startScript } from '../pipeline/script.ts';

startScript({
  command: 'npm run reproduce --',
  usage: `Usage: npm run reproduce   (or: npx tsx scripts/reproduce.ts)

Recomputes every result on the bundled data into reports/, as the public command line would:
checks the bundled data against their SHA256SUMS; writes the codebook derived from ingest's column
declarations (docs/codebook.schema.json, docs/codebook.csv, the tables of docs/CONTRACT.md); judge
reliability on the real pilot (reports/pilot/); the companion paper's four frameworks
(reports/reliability/); a design diagnosis by simulation (reports/diagnosis/); the preregistered
analysis of the bundled synthetic study (reports/synthetic/); and a summary, one line per
confirmatory hypothesis, on stdout. Takes no options. The outputs are the same bytes on every
machine (CI checks them against the committed reports/).

Exit status: 0 done, 1 a bundled file does not match its SHA256SUMS or a step failed (its own exit
status is passed on).`,
  options: {},
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Paths are given relative to the project root, so nothing machine-specific reaches the outputs
// (CI regenerates reports/ in another folder and compares them byte for byte).
const dataDir = path.join('data', 'synthetic');
const pilotDir = path.join('data', 'lend-an-ear-pilot');
const reportsDir = 'reports';
const seed = '20260326';
// The bundled diagnosis: 1,000 studies with the planted effects and 1,000 in the null setting (a
// rate near 0.05 to about ±0.014, a coverage near 0.95 to ±0.014), 500 with arm-dependent
// attrition, and 200 power-curve studies (9 simulations each). Cold, about 2.5 minutes of the 2
// cores (pipeline/diagnose/README.md, "Speed"); cached, nothing.
const DIAGNOSIS_SIMS = '1000';
const DIAGNOSIS_ATTRITION_SIMS = '500';
const DIAGNOSIS_CURVE_SIMS = '200';

$.cwd = root;
$.verbose = false;
$.quiet = true;

function log(line: string): void {
  process.stderr.write(`reproduce: ${line}\n`);
}

/**
 * reports/X is replaced by the pipeline only when it is the pipeline's own output (its marker,
 * pipeline/output/). A folder of reports/ that is not (written before the marker existed, or
 * mixed by a merge) but whose every file git holds unchanged is removed first: git keeps every
 * byte of it. Anything else is left for the pipeline to refuse.
 */
async function clearIfCommitted(dir: string): Promise<void> {
  try {
    inspectOutput(path.join(root, dir), dir);
    return;
  } catch (err) {
    if (!(err instanceof RefusedError)) throw err;
  }
  const tracked = (await $`git ls-files -- ${dir}`).stdout.trim();
  const changed = (await $`git status --porcelain --ignored -- ${dir}`).stdout.trim();
  if (tracked === '' || changed !== '') return;
  log(`${dir} has no valid output marker, but git holds all of it unchanged: removed, to be written again`);
  await fs.rm(path.join(root, dir), { recursive: true });
}

async function pipeline(...args: string[]): Promise<void> {
  const child = await $({ stdio: ['ignore', 'inherit', 'inherit'], nothrow: true })`${process.execPath} --import tsx pipeline/cli.ts ${args}`;
  if (child.exitCode !== 0) {
    log(`'pipeline ${args.join(' ')}' failed with exit status ${child.exitCode}`);
    process.exit(child.exitCode ?? 1);
  }
}

/** Checks a bundled data folder against its SHA256SUMS (the vendored real data are byte-for-byte copies). */
async function checkBundledData(dir: string, remedy: string): Promise<void> {
  const sums = await fs.readFile(path.join(root, dir, 'SHA256SUMS'), 'utf8');
  let checked = 0;
  for (const line of sums.split('\n')) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (!match) continue;
    const bytes = await fs.readFile(path.join(root, dir, match[2]));
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== match[1]) {
      log(`${dir}/${match[2]} does not match its SHA-256 in ${dir}/SHA256SUMS; ${remedy}`);
      process.exit(1);
    }
    checked++;
  }
  log(`${dir}: ${checked} files match its SHA256SUMS`);
}

await checkBundledData(dataDir, "regenerate it with 'npm run pipeline -- simulate --out data/synthetic'");
await checkBundledData(pilotDir, 'restore it from git (a byte-for-byte copy of the published data)');
await checkBundledData(path.join('data', 'companion-reliability'), 'restore it from git (a byte-for-byte copy of the published data)');

// The export contract's codebook (docs/codebook.schema.json, docs/codebook.csv and the column
// tables of docs/CONTRACT.md), generated from the column declarations ingest checks cells against.
log(`codebook from pipeline/ingest/columns.ts: ${writeCodebook(root).join(', ') || 'current'}`);

const pilotOut = path.join(reportsDir, 'pilot');
// The companion paper's whole table: four frameworks (data/frameworks), 126 rows; the report shows it.
const frameworksOut = path.join(reportsDir, 'reliability');
const diagnosisOut = path.join(reportsDir, 'diagnosis');
const runOut = path.join(reportsDir, 'synthetic');
for (const dir of [pilotOut, frameworksOut, diagnosisOut, runOut]) await clearIfCommitted(dir);

log(`judge reliability and the expression tagger on the real pilot in ${pilotDir}, as preregistered`);
await pipeline('reliability', '--data', pilotDir, '--out', pilotOut);

log(`the companion paper's four frameworks (${path.join('data', 'frameworks')}) into ${frameworksOut}`);
await pipeline('reliability', '--framework', path.join('data', 'frameworks'), '--out', frameworksOut);
const reliabilityFile = path.join(frameworksOut, 'reliability.json');

log(`design diagnosis: ${DIAGNOSIS_SIMS} simulated studies with the planted effects, ${DIAGNOSIS_SIMS} in the null setting, ${DIAGNOSIS_ATTRITION_SIMS} with attrition, ${DIAGNOSIS_CURVE_SIMS} for the power curve (skipped when cached)`);
await pipeline('diagnose', '--sims', DIAGNOSIS_SIMS, '--attrition-sims', DIAGNOSIS_ATTRITION_SIMS, '--curve-sims', DIAGNOSIS_CURVE_SIMS, '--seed', seed, '--out', diagnosisOut);
const diagnosisFile = path.join(diagnosisOut, 'diagnosis.json');

log('preregistered analysis of the bundled synthetic study');
// --no-git-commit: these reports are committed, so they cannot name the commit that holds them
// (pipeline/runner/provenance.ts); they carry the digest of the code that ran.
await pipeline('run', '--data', dataDir, '--out', runOut, '--seed', seed, '--reliability', reliabilityFile, '--diagnosis', diagnosisFile, '--no-git-commit');

const { terminalSummary } = await import('../pipeline/report/summary.ts');
const results = JSON.parse(await fs.readFile(path.join(root, runOut, 'results.json'), 'utf8'));
process.stdout.write(terminalSummary(results, path.join(runOut, 'report.html')) + '\n');
