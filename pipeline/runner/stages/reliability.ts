/**
 * The reliability stage (the `reliability` command): the export's ratings → reliability.json,
 * tagger_validity.json and tagged_messages.csv, computed as the preregistration's `reliability`
 * section declares. Its code is this file and its imports (pipeline/reliability, pipeline/ingest,
 * the tagger and its taxonomy).
 */
import { Warnings, type Warning } from '../../errors.ts';
import { readStudyExport } from '../../ingest/index.ts';
import type { ReliabilitySpec } from '../../prereg/types.ts';
import { reliabilityFiles } from '../../reliability/files.ts';

export interface ReliabilityOutputs {
  /** File name → text, in the order written. */
  files: Record<string, string>;
  warnings: Warning[];
}

/**
 * Reads the export and computes the three reliability files in memory.
 *
 * @example
 * Object.keys((await reliabilityStage('data/lend-an-ear-pilot', prereg.reliability)).files)
 * // ['reliability.json', 'tagger_validity.json', 'tagged_messages.csv']
 */
export async function reliabilityStage(dataDir: string, spec: ReliabilitySpec): Promise<ReliabilityOutputs> {
  const warnings = new Warnings();
  const tables = await readStudyExport(dataDir, warnings);
  return { files: Object.fromEntries(reliabilityFiles(tables, spec)), warnings: warnings.items };
}
