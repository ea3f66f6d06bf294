/**
 * The stage graph of `run`, as the report and manifest.json show it: what each stage reads, what
 * it produces, and what counts as its code. One place for these facts; run.ts wires the same
 * edges (a test checks that every input named here is one the runner hashes).
 */
import type { StageGraphRow } from '../report/inputs.ts';

export const STAGE_GRAPH: StageGraphRow[] = [
  {
    stage: 'ingest',
    reads: ['every file of the export (--data)', 'preregistration: exclusions'],
    produces: ['analysed tables (supporter messages only)', 'CONSORT flow', 'export counts and warnings'],
    code: 'pipeline/runner/stages/ingest.ts and its imports (pipeline/ingest)',
  },
  {
    stage: 'score',
    reads: ['ingest: analysed tables', 'preregistration: scoring'],
    produces: ['scored study', 'expression-tag shares'],
    code: 'pipeline/runner/stages/score.ts and its imports (pipeline/score, taxonomy.yaml)',
  },
  {
    stage: 'analyze',
    reads: ['score: scored study', 'ingest: CONSORT flow', 'preregistration: alpha, confidence_level, scoring, hypotheses, corrections'],
    produces: ['results (provenance fields left to the report stage)'],
    code: 'pipeline/runner/stages/analyze.ts and its imports (pipeline/analyze, pipeline/stats)',
  },
  {
    stage: 'report',
    reads: ['analyze: results', 'score: scored study, tag shares', 'ingest: CONSORT flow, counts, warnings', 'preregistration file and lock (bytes, for the audit)', 'reliability.json (--reliability)', 'diagnosis.json (--diagnosis)', 'seed, SOURCE_DATE_EPOCH'],
    produces: ['results.json, results.csv, consort.json, audit.json, audit.md, report.html, figures/'],
    code: 'pipeline/runner/stages/report.ts and its imports (pipeline/report, pipeline/prereg audit)',
  },
];
