/**
 * The analyze stage: scored study → results.json, for every hypothesis of the preregistration.
 *
 * The results' provenance fields (`study.data_sha256` and `preregistration.file/sha256/locked`)
 * are left blank here and filled in by the report stage: they describe the bytes of the export and
 * of the YAML, and this stage must not rerun for an edit that leaves the parsed sections it reads
 * unchanged (a comment in the preregistration, a reformatted CSV with the same values).
 */
import { analyzeStudy } from '../../analyze/index.ts';
import type { ResultsDoc } from '../../analyze/types.ts';
import type { Consort } from '../../ingest/tables.ts';
import type { Preregistration } from '../../prereg/types.ts';
import type { ScoredStudy } from '../../score/types.ts';
import type { AnalyzeSections } from './analyze-sections.ts';

export { ANALYZE_SECTIONS, type AnalyzeSections } from './analyze-sections.ts';

/**
 * Runs every preregistered hypothesis; provenance fields blank (see above).
 *
 * @example
 * analyzeStage(scored, consort, sections).results.tests[0].id // 'H1'
 */
export function analyzeStage(scored: ScoredStudy, consort: Consort, sections: AnalyzeSections): { results: ResultsDoc } {
  const results = analyzeStudy(scored, sections as Preregistration, {
    consort,
    dataSha256: '',
    preregInfo: { file: '', sha256: '', locked: false },
  });
  return { results };
}
