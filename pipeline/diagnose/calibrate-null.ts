/**
 * Checks (and helps re-tune) the null setting's trait loadings (settings.ts TRAIT_AT_BOUND): the
 * mean Pearson r of trait_jes and of trait_sites with round-1 alignment over large simulated
 * studies of the null setting, which should be 0.1, the equivalence bound of H6.
 *
 *   npx tsx pipeline/diagnose/calibrate-null.ts [--scale 50] [--studies 20]
 *
 * The loadings were set from a first pass with a loading near 1 (r per unit of loading: 0.833 for
 * the JES, 0.781 for SITES) and corrected once at the bound; the last check (scale 50, 20 studies,
 * 968,000 participants): JES 0.1000 (SE 0.0010) at 0.12, SITES 0.0992 (0.0009) at 0.1281, so SITES
 * went to 0.1292. Each diagnosis also reports the mean r of its own null studies.
 */
import { outcomeAt } from '../analyze/outcomes.ts';
import { intOption, numberOption } from '../command.ts';
import { UsageError } from '../errors.ts';
import { loadPreregistration } from '../prereg/load.ts';
import { runScript } from '../script.ts';
import { pearson } from '../stats/correlation.ts';
import { meanWithMcse } from './monte-carlo.ts';
import { TRAIT_AT_BOUND, settingParams } from './settings.ts';
import { simulateScoredStudy } from './simulated-study.ts';

const USAGE = `Usage: npx tsx pipeline/diagnose/calibrate-null.ts [--scale X] [--studies N]

Prints the mean Pearson r of trait_jes and trait_sites with round-1 alignment over N studies of the
design diagnosis's null setting at simulator scale X (default 50 x 968 participants, 20 studies):
both should be 0.1, the equivalence bound of H6 (pipeline/diagnose/settings.ts TRAIT_AT_BOUND).`;

await runScript(
  { command: 'npx tsx pipeline/diagnose/calibrate-null.ts', usage: USAGE, options: { scale: { type: 'string' }, studies: { type: 'string' } } },
  ({ values }) => {
    const scale = numberOption(values, 'scale', 50);
    const studies = intOption(values, 'studies', 20);
    if (studies < 1) throw new UsageError(`--studies must be at least 1 (${studies})`);
    calibrateNull(scale, studies);
  },
);

function calibrateNull(scale: number, studies: number): void {
  const { prereg } = loadPreregistration();
  const params = settingParams({ kind: 'null', coach: 0, video: 0 });
  const r = { jes: [] as number[], sites: [] as number[] };
  for (let seed = 100; seed < 100 + studies; seed++) {
    const { scored } = simulateScoredStudy(prereg, params, seed, scale);
    const y: number[] = [];
    const jes: number[] = [];
    const sites: number[] = [];
    for (const p of scored.participants) {
      const v = outcomeAt(p, 'alignment', prereg.scoring.baseline_round);
      if (v === null || p.trait_jes === null || p.trait_sites === null) continue;
      y.push(v);
      jes.push(p.trait_jes);
      sites.push(p.trait_sites);
    }
    r.jes.push(pearson(jes, y).r);
    r.sites.push(pearson(sites, y).r);
    process.stderr.write(`study ${seed - 99} of ${studies}\r`);
  }
  for (const trait of ['jes', 'sites'] as const) {
    const m = meanWithMcse(r[trait]);
    process.stdout.write(`${trait}: loading ${TRAIT_AT_BOUND[trait]}, mean r ${m.value?.toFixed(4)} (SE ${m.mcse?.toFixed(4)}) over ${studies} studies at scale ${scale}\n`);
  }
}
