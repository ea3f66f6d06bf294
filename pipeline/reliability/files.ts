/**
 * The reliability outputs in memory, and writing them: shared by the `reliability` command and the
 * runner's cached reliability stage (pipeline/runner/stages/reliability.ts), so both give the same
 * bytes.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { StudyTables } from '../ingest/tables.ts';
import type { ReliabilitySpec } from '../prereg/types.ts';
import { loadTaxonomy } from '../score/tagger.ts';
import { computeReliability } from './compute.ts';
import { raterScores } from './raters.ts';
import { tagSupporterMessages, taggedMessagesCsv, taggerValidity } from './taggerValidity.ts';

/** JSON as written: two-space indent, final newline. */
function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/**
 * reliability.json, tagger_validity.json and tagged_messages.csv of validated tables, as
 * [file name, text] in that order.
 *
 * @example
 * reliabilityFiles(tables, prereg.reliability).map(([name]) => name)
 * // ['reliability.json', 'tagger_validity.json', 'tagged_messages.csv']
 */
export function reliabilityFiles(tables: StudyTables, spec: ReliabilitySpec): [string, string][] {
  const doc = computeReliability(tables, spec);
  const taxonomy = loadTaxonomy();
  const tagged = tagSupporterMessages(tables, taxonomy);
  const validity = taggerValidity(tables, raterScores(tables.ratings, spec.rater_groups), spec, taxonomy, tagged);
  return [
    ['reliability.json', json(doc)],
    ['tagger_validity.json', json(validity)],
    ['tagged_messages.csv', taggedMessagesCsv(tagged)],
  ];
}

/**
 * Writes the files into `outDir` (created if needed; files of the same name are replaced, others
 * left alone) through a temporary folder beside it, so a failure writes nothing.
 *
 * @example
 * await writeReliabilityFiles('reports/pilot', files) // reports/pilot/reliability.json, …
 */
export async function writeReliabilityFiles(outDir: string, files: [string, string][]): Promise<void> {
  const target = resolve(outDir);
  await mkdir(dirname(target), { recursive: true });
  const staging = await mkdtemp(join(dirname(target), `.${basename(target)}.tmp-`));
  try {
    for (const [name, text] of files) await writeFile(join(staging, name), text);
    await mkdir(target, { recursive: true });
    for (const [name] of files) await rename(join(staging, name), join(target, name));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
