/** The entry module of each stage's code (code-hash.ts), project-relative. */
export const STAGE_ENTRY = {
  ingest: 'pipeline/runner/stages/ingest.ts',
  score: 'pipeline/runner/stages/score.ts',
  analyze: 'pipeline/runner/stages/analyze.ts',
  report: 'pipeline/runner/stages/report.ts',
  reliability: 'pipeline/runner/stages/reliability.ts',
  diagnose: 'pipeline/runner/stages/diagnose.ts',
} as const;
