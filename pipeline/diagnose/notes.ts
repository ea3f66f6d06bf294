/**
 * The diagnosis in plain words: for every figure that looks alarming but is expected, why; and for
 * any that is not expected, that it is not. Written into diagnosis.json (`notes`) so that
 * diagnosis.md and the report show the same sentences beside the numbers. Added to the simulated
 * diagnosis every time it is written (runner/diagnose.ts), not cached with it: better wording
 * never costs a new simulation. Pure.
 */
import { binomialCdf } from '../stats/distributions.ts';
import type { McEstimate } from './monte-carlo.ts';
import type { DiagnosisDoc, DiagnosisNote, HypothesisDiagnosis, TargetDiagnosis } from './types.ts';

const f3 = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));
const pc = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)}%`);
/** "0.948 [0.933, 0.960]": a rate with its Wilson interval. */
const rate = (e: McEstimate | null | undefined): string =>
  !e || e.value === null ? '–' : e.ci_low === undefined || e.ci_high === undefined ? f3(e.value) : `${f3(e.value)} [${f3(e.ci_low)}, ${f3(e.ci_high)}]`;

/** True when the rate's Wilson interval leaves out `nominal`. */
function misses(e: McEstimate | null | undefined, nominal: number): boolean {
  return !!e && e.value !== null && e.ci_low !== undefined && e.ci_high !== undefined && (nominal < e.ci_low || nominal > e.ci_high);
}

function target(h: HypothesisDiagnosis, part: 'planted' | 'null', name: string): TargetDiagnosis | undefined {
  return (part === 'planted' ? h.planted.targets : h.null?.targets ?? []).find((t) => t.target === name);
}

/**
 * The notes of a diagnosis.
 *
 * @example
 * diagnosisNotes(doc).find((n) => n.about === 'H7')?.text; // "H7's interval covers the share on the items used …"
 */
export function diagnosisNotes(doc: DiagnosisDoc): DiagnosisNote[] {
  const notes: DiagnosisNote[] = [];
  const { sims, alpha } = doc.settings;
  const confidence = 0.95;
  const halfWidth = 1.96 * Math.sqrt((confidence * (1 - confidence)) / Math.max(1, sims));
  notes.push({
    about: 'reading',
    text:
      `Every rate is a share of ${sims} simulated studies and comes with its 95% Wilson interval (in brackets); a rate of 0 or 1 is not exact, its interval says how far from it the truth could be. ` +
      `At this size a CI coverage of ${confidence} is estimated to about ±${halfWidth.toFixed(3)}, so 0.94 or 0.96 is noise, not a fault. ` +
      'Bias and means come with their Monte Carlo SE in parentheses; the empirical SE (the spread of the estimates) with its own (Morris, White & Crowther 2019, Table 6).',
  });

  const contrasts = doc.hypotheses.filter((h) => h.contrast !== null && h.null);
  if (contrasts.length > 0) {
    const typeI = contrasts.map((h) => h.null!.type_i_error.value ?? 0);
    const supported = contrasts.map((h) => h.null!.supported_rate.value ?? 0);
    notes.push({
      about: 'H1–H4',
      text:
        `Under no treatment effect, the type I error counts two-sided rejections at alpha = ${alpha} (here ${f3(Math.min(...typeI))} to ${f3(Math.max(...typeI))} across the ${contrasts.length} arm comparisons). ` +
        `"Supported under no effect" is far lower (${f3(Math.min(...supported))} to ${f3(Math.max(...supported))}): a decision also needs the preregistered direction (half the rejections go the other way) and the corrected p (Holm over H1 and H2, Benjamini–Hochberg over the 18 H4). That is the error rate of a decision; it is meant to be small.`,
    });
  }

  const h6 = doc.hypotheses.filter((h) => h.id.startsWith('H6'));
  if (h6.length > 0) {
    const bound = h6.map((h) => `${h.id} ${rate(h.null?.type_i_error)} at mean r ${f3(h.null?.targets[0]?.truth.value)}`).join('; ');
    const power = h6.map((h) => `${h.id} ${rate(h.planted.power)}`).join('; ');
    notes.push({
      about: 'H6',
      text:
        `H6 is an equivalence test (two one-sided tests on Fisher's z, bound |r| = 0.1). Its type I error is the share of studies that claim equivalence when the true r sits on the bound: ${bound}. ` +
        `At the bound the two one-sided tests reject at about alpha = ${alpha} (a little less, since the other side almost never rejects). Its power is the share claiming equivalence when r = 0 (${power}). ` +
        `Its "p < alpha" column is the ordinary test of r = 0, which with r = 0 should reject about ${alpha} of the time (${h6.map((h) => `${h.id} ${rate(h.planted.rejection_rate)}`).join('; ')}) and at the bound most of the time (${h6.map((h) => `${h.id} ${rate(h.null?.rejection_rate)}`).join('; ')}): it is not H6's decision. The true r = 0 is exact (trait empathy is drawn independently of skill); the bound's r is the mean over the null studies, set by the latent loadings ${doc.null_setting.trait_skill_correlation.jes} (JES) and ${doc.null_setting.trait_skill_correlation.sites} (SITES).`,
    });
  }

  const h7 = doc.hypotheses.find((h) => h.outcome === 'perception_share');
  const companions = doc.exploratory ?? [];
  if (h7) {
    const used = target(h7, 'planted', 'the items used');
    const pool = target(h7, 'planted', 'the pool of items');
    const nullPool = target(h7, 'null', 'the pool of items');
    const nullUsed = target(h7, 'null', 'the items used');
    notes.push({
      about: 'H7',
      text:
        `H7's 95% interval covers the expected share on the items used ${rate(used?.coverage)} of the time, but the share on the pool of items only ${rate(pool?.coverage)}; with no pull across the pool it rejects ${rate(h7.null?.type_i_error)} of the time (nominal ${alpha}) and is "supported" ${rate(h7.null?.supported_rate)}. ` +
        `Both are expected, and they answer different questions. The one-sample t test treats the perception items as fixed: its SE (mean ${f3(h7.planted.model_se.value)}) is the spread of participants on these items, so it is right for a claim about them (coverage near 0.95, also in the null setting: ${rate(nullUsed?.coverage)}). ` +
        `Read as a claim about responses in general, it is anticonservative: each study draws its own bank of items, whose mean difficulty varies from bank to bank, and the test's SE leaves that out; the estimates spread around the pool's share with SD ${f3(h7.planted.empirical_se.value)}, about ${h7.planted.model_se.value ? (h7.planted.empirical_se.value! / h7.planted.model_se.value).toFixed(1) : '–'} times the SE the test reports. ` +
        `So the confirmatory H7 speaks for the items used; the pool needs the item-level analyses, which are exploratory. Coverage of the pool in the null setting: ${rate(nullPool?.coverage)}.` +
        (companions.length > 0
          ? ` The exploratory analyses that let the share vary from item to item cover the pool's share ${companions.map((c) => `${c.id} ${rate(target(c, 'planted', 'the pool of items')?.coverage)}`).join(', ')}, and with no pull across the pool reject ${companions.map((c) => `${c.id} ${rate(c.null?.rejection_rate)}`).join(', ')} of the time.`
          : ''),
    });
  }

  const h5 = doc.hypotheses.filter((h) => h.id.startsWith('H5') && h.null);
  if (h5.length > 0) {
    notes.push({
      about: 'H5',
      text:
        `H5's power is 1 with the planted gap between saying and being judged to do it (about ${f3(h5[0].planted.targets[0]?.truth.value)}): the calibrated silent-empathy gap is huge for 968 participants. ` +
        `In the null setting the self-report is drawn exactly as the judge scores, so the true gap is 0; the exact McNemar test rejects ${h5.map((h) => `${h.id.replace('H5.', '')} ${rate(h.null?.type_i_error)}`).join(', ')}: at most alpha, as an exact test should.`,
    });
  }

  // Anything else whose interval leaves out its nominal value: counted, named, and not explained away.
  const flagged: string[] = [];
  const flaggedIds: string[] = [];
  let largestMiss = 0;
  let checked = 0;
  for (const h of doc.hypotheses) {
    for (const t of h.planted.targets) {
      if (h.outcome === 'perception_share' && t.target === 'the pool of items') continue;
      if (t.coverage.value === null) continue;
      checked++;
      if (misses(t.coverage, 0.95)) {
        flagged.push(`${h.id} coverage of ${t.target} ${rate(t.coverage)}`);
        flaggedIds.push(h.id);
        largestMiss = Math.max(largestMiss, Math.abs((t.coverage.value as number) - 0.95));
      }
    }
    if (h.null && h.null.error === 'p_below_alpha' && h.outcome !== 'perception_share') {
      checked++;
      if (h.null.type_i_error.ci_low !== undefined && h.null.type_i_error.ci_low > alpha) {
        flagged.push(`${h.id} type I error ${rate(h.null.type_i_error)}`);
        flaggedIds.push(h.id);
        largestMiss = Math.max(largestMiss, (h.null.type_i_error.value as number) - alpha);
      }
    }
  }
  // By chance alone each interval misses 1 time in 20; in 95% of diagnoses at most `chance` of them would.
  let chance = 0;
  while (chance < checked && binomialCdf(chance, checked, 0.05) < 0.95) chance++;
  notes.push({
    about: 'intervals',
    text:
      flagged.length === 0
        ? `Of the ${checked} coverages and type I errors above (H7 on the pool aside), none has an interval that leaves out its nominal value (0.95, or at most ${alpha}).`
        : `Of the ${checked} coverages and type I errors above (H7 on the pool aside), ${flagged.length} ha${flagged.length === 1 ? 's an interval that leaves' : 've an interval that leaves'} out the nominal value: ${flagged.join('; ')}. ` +
          `Each interval misses 1 time in 20 by chance, so about ${(checked / 20).toFixed(1)} would, and at most ${chance} in 95% of diagnoses (fewer independent chances in fact: the rows share their studies). ` +
          (flagged.length > chance
            ? `These are more than chance alone would give, and the diagnosis knows of no artefact of its own behind them (a type I error does not depend on a measured truth): ${
                flaggedIds.every((id) => id.startsWith('H4.'))
                  ? 'they most likely show that the robust (HC3) t tests of single dimension scores, which take only five values, run slightly off nominal in this design'
                  : 'they most likely show a small miscalibration of these tests in this design'
              } (the largest miss ${f3(largestMiss)}), which a reader should know of.`
            : 'Within what chance alone gives.'),
  });
  const fwer = doc.family_wise_error.filter((f) => f.rate.ci_low !== undefined && f.rate.ci_low > alpha);
  if (fwer.length > 0) {
    notes.push({
      about: 'family-wise error',
      text:
        `Above alpha in the null setting: ${fwer.map((f) => `${f.family} ${rate(f.rate)}`).join('; ')}. Expected from the preregistration: a family's decisions are corrected together only where a correction set says so. ` +
        'In the silent-empathy family the three H5 are Holm-corrected (C3) but H6.jes and H6.sites are each decided at alpha, so at the bound each claims equivalence about 5% of the time and together about 10%. ' +
        'The perception family is H7 alone, whose rate against the pool is explained above.',
    });
  }

  if (doc.attrition) {
    const a = doc.attrition;
    const rows = a.contrasts.map((c) => `${c.id} moves by ${f3(c.shift.value)} (MCSE ${f3(c.shift.mcse)}), its CI covers the effect on everyone ${rate(c.coverage_all)}`).join('; ');
    notes.push({
      about: 'attrition',
      text:
        `With attrition that depends on the arm and on the outcome (${a.description}), the analysis of those who stayed (per protocol) is biased by design: the coached arm loses more of those who would do worse, so those left do better than those randomised would. ` +
        `Against the same studies without this attrition: ${rows}. Lost after allocation: control ${pc(a.lost_share.control.value)}, video ${pc(a.lost_share.video.value)}, coach ${pc(a.lost_share.coach.value)}; Fisher's test of arm × lost detects it ${rate(a.differential_test.power)} of the time. ` +
        `The bounds answer for it. Lee's bounds are about those who would stay in either arm, whose effect differs from everyone's (${a.contrasts.map((c) => `${c.id} ${f3(c.truth_always_observed?.value)} against ${f3(c.truth_all.value)}`).join('; ')}): ` +
        `they contain it ${a.contrasts.map((c) => `${c.id} ${rate(c.lee.covers_always_observed)}`).join(', ')}, and so may miss the effect on everyone without being wrong. ` +
        `The worst/best-case bounds assume nothing and contain the effect on everyone ${a.contrasts.map((c) => `${c.id} ${rate(c.worst_case.covers_all)}`).join(', ')}, at the price of width (${a.contrasts.map((c) => `${c.id} ${f3(c.worst_case.lower.value)} to ${f3(c.worst_case.upper.value)}`).join('; ')}). ` +
        'Both are estimated bounds without a sampling interval, so near an edge they miss about half the time. The per-protocol bias is the analysis meeting attrition it was not built for, not a fault of the simulation.',
    });
  }

  if (doc.mde && doc.mde.d !== null) {
    const m = doc.mde;
    notes.push({
      about: 'MDE',
      text:
        `The minimum detectable effect of H1 (d = ${f3(m.d)}, 95% interval ${f3(m.interval?.low)} to ${m.interval?.high === null ? 'beyond the range searched' : f3(m.interval?.high)}) is the 80th percentile of the curve studies' detection thresholds; the interval is that of a sample quantile (${doc.power_curve?.sims} studies). ` +
        `Checked on the same studies at d = ${f3(m.d)}: power ${rate(m.power_at_mde)}, with ${m.non_monotone} stud${m.non_monotone === 1 ? 'y' : 'ies'} whose decision there disagreed with its threshold. ` +
        `It relies on Holm's rule: ${m.holm_rule}. Of the studies supported at the MDE, ${rate(m.through_h2)} had an H1 p between alpha/2 and alpha and were supported only through that rule.`,
    });
  }
  return notes;
}

/**
 * The diagnosis with its notes.
 *
 * @example
 * withNotes(doc).notes.length; // 9
 */
export function withNotes(doc: DiagnosisDoc): DiagnosisDoc {
  return { ...doc, notes: diagnosisNotes(doc) };
}
