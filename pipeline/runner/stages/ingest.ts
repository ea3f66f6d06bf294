/**
 * The ingest stage: the export folder → the analysed tables (after the preregistered exclusions),
 * the CONSORT flow, and what the audit and the report need of the whole export (table sizes,
 * ingest warnings). Its code is this file and everything it imports (pipeline/ingest/…).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Warnings, type Warning } from '../../errors.ts';
import { applyExclusions } from '../../ingest/exclusions.ts';
import { readStudyExport } from '../../ingest/index.ts';
import type { Consort, StudyTables } from '../../ingest/tables.ts';
import type { TableFile } from '../../ingest/read-table.ts';
import { JUDGE_FILE, readJudgeRecord, type JudgeRecord } from '../../judge/record.ts';
import type { ExclusionSpec } from '../../prereg/types.ts';

/** Sizes of the whole export and of what is analysed, and the ingest warnings, for the audit and the report. */
export interface ExportSummary {
  counts: { participants: number; conversations: number; messages: number };
  /** The same counts after the exclusions: the analysed participants, their conversations and
   *  messages (every role), as a paper reports its sample. */
  analysed_counts: { participants: number; conversations: number; messages: number };
  warnings: Warning[];
  /** How the ratings were made when the judge made them (judge.json), else null. */
  judge: JudgeRecord | null;
}

/** The judge's ratings and record, read in place of the export's own (`run --judge`). */
export interface JudgedFiles {
  ratings: TableFile;
  /** judge.json's path. */
  record: string;
}

export interface IngestOutputs {
  /**
   * The analysed participants' tables. Only supporter messages are kept: they are all the score
   * stage reads (supporter message counts, expression tags), and seeker turns are half of the
   * rows of a large export.
   */
  analysed: StudyTables;
  consort: Consort;
  export_summary: ExportSummary;
}

/**
 * Reads and validates the export in `dataDir` and applies the exclusions (BadInputError on bad
 * input, as `readStudyExport`). `judged`: the ratings come from the judge (`run --judge`), not from
 * the export; otherwise a judge.json in the export (a judged export) says how its ratings were made.
 *
 * @example
 * (await ingestStage('data/synthetic', prereg.exclusions)).consort.analysed // 968
 */
export async function ingestStage(dataDir: string, exclusions: ExclusionSpec[], judged?: JudgedFiles): Promise<IngestOutputs> {
  const warnings = new Warnings();
  const tables = await readStudyExport(dataDir, warnings, judged ? { ratings: judged.ratings } : {});
  const recordFile = judged?.record ?? join(dataDir, JUDGE_FILE);
  const judge = existsSync(recordFile) ? readJudgeRecord(recordFile, judged ? `judge/${JUDGE_FILE}` : JUDGE_FILE) : null;
  const { analysed, consort } = applyExclusions(tables, exclusions, warnings);
  return {
    analysed: { ...analysed, messages: analysed.messages.filter((m) => m.role === 'supporter') },
    consort,
    export_summary: {
      counts: { participants: tables.participants.length, conversations: tables.conversations.length, messages: tables.messages.length },
      analysed_counts: { participants: analysed.participants.length, conversations: analysed.conversations.length, messages: analysed.messages.length },
      warnings: warnings.items,
      judge,
    },
  };
}
