/**
 * The report stage: the audit of what ran against the preregistration, and every file of `run`'s
 * output folder except manifest.json (results.json, results.csv, results-table.tex and .md,
 * consort.json, audit.json, audit.md, report.html, figures/). It reads the preregistration's bytes and lock (the audit
 * reports a byte-level change after the lock, even a comment), so any edit of the YAML reruns this
 * stage, and only this one when the parsed sections the earlier stages read are unchanged.
 */
import { resultsToCsv } from '../../analyze/csv.ts';
import type { ResultsDoc } from '../../analyze/types.ts';
import type { Consort } from '../../ingest/tables.ts';
import { auditSummaryFrom, buildAudit } from '../../prereg/audit.ts';
import { renderAuditMarkdown } from '../../prereg/audit-render.ts';
import type { PreregHistory } from '../../prereg/history.ts';
import type { LoadedPreregistration } from '../../prereg/types.ts';
import type { ChartRenderer } from '../../report/chart-renderer.ts';
import { reportFiles } from '../../report/index.ts';
import { paperTables, renderLatex, renderMarkdown } from '../../report/paper-tables.ts';
import { diagnosisReportInput } from '../../diagnose/report-input.ts';
import type { DiagnosisDoc } from '../../diagnose/types.ts';
import type { ReliabilityInput, TagFrequencyRow } from '../../report/inputs.ts';
import type { ScoredStudy } from '../../score/types.ts';
import { STAGE_GRAPH } from '../graph.ts';
import type { Provenance } from '../provenance.ts';
import type { ExportSummary } from './ingest.ts';

export interface ReportStageInput {
  /** From the analyze stage, provenance fields blank. */
  results: ResultsDoc;
  scored: ScoredStudy;
  tagShares: TagFrequencyRow[];
  consort: Consort;
  exportSummary: ExportSummary;
  loaded: LoadedPreregistration;
  /** The git history of the preregistration and its lock (prereg/history.ts); the audit lists it. */
  history?: PreregHistory;
  reliability?: ReliabilityInput;
  /** diagnosis.json as read (`run --diagnosis`); turned into the report's input here, so that
   *  conversion is part of this stage's code. */
  diagnosis?: DiagnosisDoc;
  seed: number;
  /** SHA-256 over the export's files (manifest.ts exportSha256). */
  dataSha256: string;
  /** From SOURCE_DATE_EPOCH, or undefined. */
  generatedAt?: string;
  /** The software, code, commit and command of the run, shown in the report. */
  provenance?: Provenance;
  /** Who draws the charts (default: this thread); the bytes are the same. */
  renderer?: ChartRenderer;
}

/** JSON as written to disk: two-space indent, a final newline, numbers as JS prints them. */
function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/**
 * Fills in results.json's provenance, audits, and makes the output files; returns them (relative
 * POSIX path → bytes; run.ts writes them into --out, and the cache keeps them).
 *
 * @example
 * Object.keys((await reportStage(input)).files) // ['audit.json', 'audit.md', 'consort.json', 'figures/…', …, 'results.json']
 */
export async function reportStage(input: ReportStageInput): Promise<{ files: Record<string, Uint8Array> }> {
  const { loaded, consort } = input;
  const results: ResultsDoc = {
    ...input.results,
    study: { ...input.results.study, data_sha256: input.dataSha256 },
    preregistration: { file: loaded.file, sha256: loaded.sha256, locked: loaded.lock.locked && !loaded.lock.changed_since_lock && loaded.lock.problems.length === 0 },
  };
  const audit = buildAudit({ loaded, results, consort, warnings: input.exportSummary.warnings, judge: input.exportSummary.judge ?? null, history: input.history });
  const written: [string, string | Uint8Array][] = [
    ['results.json', jsonText(results)],
    ['results.csv', resultsToCsv(results)],
    // The differential-attrition test (analyze/attrition.ts) belongs with the flow it tests.
    ['consort.json', jsonText(results.attrition ? { ...consort, differential_attrition: results.attrition.differential_attrition } : consort)],
    ['audit.json', jsonText(audit)],
    ['audit.md', renderAuditMarkdown(audit)],
  ];
  // The results as tables for a paper (LaTeX with booktabs, and Markdown), APA-formatted.
  const tables = paperTables(results, loaded.lock.locked_at);
  written.push(['results-table.tex', renderLatex(tables)], ['results-table.md', renderMarkdown(tables)]);
  written.push(...(await reportFiles({
    results,
    scored: input.scored,
    consort,
    audit: auditSummaryFrom(audit),
    reliability: input.reliability,
    diagnosis: input.diagnosis ? diagnosisReportInput(input.diagnosis) : undefined,
    tagFrequencies: input.tagShares,
    counts: input.exportSummary.counts,
    judge: input.exportSummary.judge ? { audit: audit.judge!, rationales: input.exportSummary.judge.rationales, rationales_note: input.exportSummary.judge.rationales_note } : undefined,
    analysedCounts: input.exportSummary.analysed_counts,
    seed: input.seed,
    lockedAt: loaded.lock.locked_at,
    provenance: input.provenance,
    generatedAt: input.generatedAt,
    stages: STAGE_GRAPH,
  }, input.renderer)).map(([path, content]): [string, string | Uint8Array] => [path.split('\\').join('/'), content]));
  // The files as they go on disk, sorted by path (the order fixes the digest).
  const files: Record<string, Uint8Array> = {};
  for (const [rel, content] of written.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    files[rel] = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  }
  return { files };
}
