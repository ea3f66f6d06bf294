/**
 * Why the score stage does not use arquero: the judge-run medians and the per-participant pivot by
 * round written with arquero's verbs (as one would write them with dplyr and tidyr), timed against
 * `scoreStudy` on the bundled study's analysed tables, and arquero's import. `npx tsx
 * bench/arquero-score.ts`; bench/results.md records a run.
 *
 * The arquero version computes less than scoreStudy (no self-reports, perception or message
 * counts), so the comparison favours it; it checks that its alignments equal scoreStudy's.
 */
import { performance } from 'node:perf_hooks';
import { runScript } from '../pipeline/script.ts';

const USAGE = `Usage: npx tsx bench/arquero-score.ts

Times the score stage's judge-run medians and per-participant pivot by round written with
arquero's verbs against scoreStudy on the bundled study (median of 5 after a warm-up), and the
import of arquero, in this process. Takes no options.`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await runScript({ command: 'npx tsx bench/arquero-score.ts', usage: USAGE, options: {} }, async () => {
  const { Warnings } = await import('../pipeline/errors.ts');
  const { applyExclusions, readStudyExport } = await import('../pipeline/ingest/index.ts');
  const { loadPreregistration } = await import('../pipeline/prereg/load.ts');
  const { scoreStudy } = await import('../pipeline/score/index.ts');
  const { prereg } = loadPreregistration();
  const { analysed } = applyExclusions(await readStudyExport('data/synthetic', new Warnings()), prereg.exclusions);

  const importStart = performance.now();
  const aq = await import('arquero');
  const importMs = performance.now() - importStart;
  const { op } = aq;
  const reflect = prereg.scoring.alignment_reflect;

  /** The medians of the judge's runs and each participant's alignment by round, as with dplyr. */
  const withArquero = () => {
    const scores = aq
      .from(analysed.ratings)
      .groupby('conversation_id', 'dimension')
      .rollup({ score: op.median('score') })
      .groupby('conversation_id')
      .pivot('dimension', 'score');
    return aq
      .from(analysed.conversations)
      .filter((d: { completed: boolean }) => d.completed)
      .select('conversation_id', 'participant_id', 'round')
      .join(scores, 'conversation_id')
      .params({ reflect })
      .derive({
        alignment: (d: Record<string, number>, $: { reflect: number }) =>
          (d.validating_emotions + d.encouraging_elaboration + d.demonstrating_understanding + ($.reflect - d.advice_giving) + ($.reflect - d.self_oriented) + ($.reflect - d.dismissing_emotions)) / 6,
      })
      .groupby('participant_id')
      .pivot('round', 'alignment')
      .orderby('participant_id');
  };

  const time = (work: () => unknown) => {
    work();
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      work();
      runs.push(performance.now() - start);
    }
    return median(runs);
  };
  const arqueroMs = time(withArquero);
  const scoreMs = time(() => scoreStudy(analysed, prereg));

  const wide = withArquero().objects() as Record<string, number | string>[];
  const scored = scoreStudy(analysed, prereg);
  const mismatches = scored.participants.filter((p, i) => wide[i]?.participant_id !== p.participant_id || Math.abs((wide[i]?.['1'] as number) - (p.rounds[1].alignment as number)) > 1e-12).length;
  process.stdout.write(
    `bundled study (${analysed.ratings.length} judge runs, ${scored.participants.length} participants): ` +
      `arquero medians + pivot ${median([arqueroMs]).toFixed(0)} ms, scoreStudy (everything) ${scoreMs.toFixed(0)} ms, ` +
      `import of arquero ${importMs.toFixed(0)} ms; round-1 alignments that differ: ${mismatches}\n`,
  );
});
