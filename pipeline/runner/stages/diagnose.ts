/**
 * The diagnosis stage (the `diagnose` command): the preregistration and the diagnosis settings →
 * diagnosis.json and diagnosis.md, by simulation on worker threads. Its code is this file and its
 * imports (pipeline/diagnose and, through its jobs, the simulator, ingest's exclusions, score and
 * analyze); the number of workers is not part of it, since the output is the same for any.
 */
import { diagnoseDesign, type DiagnoseSettings } from '../../diagnose/diagnose.ts';
import { createJobPool } from '../../diagnose/pool.ts';
import { createProgress } from '../../diagnose/progress.ts';
import { renderDiagnosisMarkdown } from '../../diagnose/render-md.ts';

export interface DiagnoseOutputs {
  /** File name → text, in the order written. */
  files: Record<string, string>;
}

/**
 * Runs the diagnosis on `workers` threads, with a progress bar on stderr, and renders its files.
 *
 * @example
 * Object.keys((await diagnoseStage(settings, 2)).files); // ['diagnosis.json', 'diagnosis.md']
 */
export async function diagnoseStage(settings: DiagnoseSettings, workers: number): Promise<DiagnoseOutputs> {
  const pool = createJobPool(settings.prereg, workers);
  const progress = createProgress('diagnose', 0);
  let doc;
  try {
    doc = await diagnoseDesign(settings, pool, progress);
  } finally {
    await pool.close();
  }
  progress.done();
  return { files: { 'diagnosis.json': JSON.stringify(doc, null, 2) + '\n', 'diagnosis.md': renderDiagnosisMarkdown(doc) } };
}
