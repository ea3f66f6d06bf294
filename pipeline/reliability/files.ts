/**
 * The reliability outputs in memory, and writing them: shared by the `reliability` command and the
 * runner's cached reliability stage (pipeline/runner/stages/reliability.ts), so both give the same
 * bytes.
 */
import type { StudyTables } from '../ingest/tables.ts';
import type { OutputFolder } from '../output/folder.ts';
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
 * Writes the files into a claimed output folder (pipeline/output/), which is put in the place of
 * --out when the command commits it.
 *
 * @example
 * writeReliabilityFiles(output, files) // reliability.json, tagger_validity.json, tagged_messages.csv
 */
export function writeReliabilityFiles(output: OutputFolder, files: [string, string][]): void {
  for (const [name, text] of files) output.write(name, text);
}
