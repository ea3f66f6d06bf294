/**
 * The diagnosis stage (the `diagnose` command): the preregistration and the diagnosis settings →
 * the simulated diagnosis (diagnosis.json's numbers), by simulation on worker threads. Its code is
 * this file and its imports (pipeline/diagnose and, through its jobs, the simulator, ingest's
 * exclusions, score and analyze); the number of workers is not part of it, since the output is the
 * same for any. The notes in plain words and the Markdown are made from it afterwards, every run
 * (runner/diagnose.ts): they are not part of what is cached.
 */
import { diagnoseDesign, type DiagnoseSettings } from '../../diagnose/diagnose.ts';
import { createJobPool } from '../../diagnose/pool.ts';
import { createProgress } from '../../diagnose/progress.ts';
import type { DiagnosisDoc } from '../../diagnose/types.ts';

export interface DiagnoseOutputs {
  /** The diagnosis without its notes. */
  doc: DiagnosisDoc;
}

/**
 * Runs the diagnosis on `workers` threads, with a progress bar on stderr.
 *
 * @example
 * (await diagnoseStage(settings, 2)).doc.hypotheses.length; // 27
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
  return { doc };
}
