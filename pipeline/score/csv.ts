/**
 * Tidy CSV files of the scored study, so that R (tests/fixtures/analyze/analysis.R) or a reader
 * can re-run the analysis without the raw export. Participants carry pseudonymous ids (P0001, …)
 * numbered in the scored order (sorted by raw id), never the raw ids; no message text is written.
 * Numbers are written with JavaScript's shortest round-trip form, so reading them back (here or
 * in R) gives the identical doubles. Empty field = missing. Text (a scenario's name comes from the
 * export) is made inert in a spreadsheet (escape/csv.ts): a name beginning with `=` is read back
 * with the quote in front.
 */
import { parse } from 'csv-parse/sync';
import { csvRow } from '../escape/csv.ts';
import { DIMENSION_NAMES, ROUNDS, isArm, type Arm, type Round } from '../study.ts';
import type { DimensionScores, ParticipantRound, ScoredParticipant, ScoredStudy } from './types.ts';

export const SCORED_TABLE_FILES = ['participants.csv', 'participant_rounds.csv', 'perception_choices.csv'] as const;

const PARTICIPANT_COLUMNS = ['participant', 'arm', 'trait_jes', 'trait_sites', 'perception_share', 'perception_items'] as const;
const ROUND_COLUMNS = [
  'participant',
  'arm',
  'round',
  'scenario',
  'alignment',
  ...DIMENSION_NAMES.map((d) => `score_${d}`),
  ...DIMENSION_NAMES.map((d) => `self_${d}`),
] as const;
const CHOICE_COLUMNS = ['participant', 'item', 'chose_aligned'] as const;

type Cell = string | number | null;

function csv(columns: readonly string[], rows: Cell[][]): string {
  return [csvRow(columns), ...rows.map(csvRow)].join('\n') + '\n';
}

/** The pseudonym of the i-th participant (0-based) in the scored order. */
export function pseudonym(index: number): string {
  return `P${String(index + 1).padStart(4, '0')}`;
}

/**
 * The scored study as tidy CSV texts, keyed by file name: `participants.csv` (one row a
 * participant: arm, trait scores, perception share) and `participant_rounds.csv` (one row a
 * participant and round: scenario, alignment, the six judged scores `score_*` and the six
 * self-reports `self_*`) and `perception_choices.csv` (one row a perception choice: participant,
 * item, chose_aligned as 1 or 0).
 *
 * @example
 * scoredTablesCsv(scored)['participants.csv'].split('\n')[1]; // 'P0001,coach,4.5,4,0.75,8'
 */
export function scoredTablesCsv(scored: ScoredStudy): Record<(typeof SCORED_TABLE_FILES)[number], string> {
  const participantRows: Cell[][] = [];
  const roundRows: Cell[][] = [];
  scored.participants.forEach((p, index) => {
    const id = pseudonym(index);
    participantRows.push([id, p.arm, p.trait_jes, p.trait_sites, p.perception_share, p.perception_items]);
    for (const round of ROUNDS) {
      const r = p.rounds[round];
      roundRows.push([
        id,
        p.arm,
        round,
        r.scenario,
        r.alignment,
        ...DIMENSION_NAMES.map((d) => r.scores[d]),
        ...DIMENSION_NAMES.map((d) => r.self_report[d]),
      ]);
    }
  });
  const pseudonymOf = new Map(scored.participants.map((p, index) => [p.participant_id, pseudonym(index)]));
  const choiceRows: Cell[][] = (scored.perception ?? []).map((c) => [pseudonymOf.get(c.participant_id) ?? null, c.item_id, c.chose_aligned ? 1 : 0]);
  return {
    'participants.csv': csv(PARTICIPANT_COLUMNS, participantRows),
    'participant_rounds.csv': csv(ROUND_COLUMNS, roundRows),
    'perception_choices.csv': csv(CHOICE_COLUMNS, choiceRows),
  };
}

function numberOrNull(text: string | undefined, where: string): number | null {
  if (text === undefined || text === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${where}: not a number (${JSON.stringify(text)})`);
  return value;
}

/**
 * Reads the files written by `scoredTablesCsv` back into a `ScoredStudy` (participants and
 * perception choices; the conversation list is empty, since the CSVs hold none; without
 * `perception_choices.csv` there are no choices). Used by the tests that compare the
 * analysis with R on the very inputs R read.
 *
 * @example
 * readScoredTablesCsv(scoredTablesCsv(scored)).participants.length === scored.participants.length; // true
 */
export function readScoredTablesCsv(
  files: Record<string, string>,
  meta: ScoredStudy['meta'] = { name: 'scored tables', description: '', synthetic: true, source: 'scored CSV' },
): ScoredStudy {
  const participantRecords = parse(files['participants.csv'], { columns: true }) as Record<string, string>[];
  const roundRecords = parse(files['participant_rounds.csv'], { columns: true }) as Record<string, string>[];
  const byId = new Map<string, ScoredParticipant>();
  participantRecords.forEach((row, i) => {
    const where = `participants.csv:${i + 2}`;
    if (!isArm(row.arm)) throw new Error(`${where}: arm: not an arm (${JSON.stringify(row.arm)})`);
    const rounds = {} as Record<Round, ParticipantRound>;
    for (const round of ROUNDS) rounds[round] = { scores: emptyScores(), alignment: null, scenario: null, self_report: emptyScores() };
    byId.set(row.participant, {
      participant_id: row.participant,
      arm: row.arm as Arm,
      trait_jes: numberOrNull(row.trait_jes, where),
      trait_sites: numberOrNull(row.trait_sites, where),
      rounds,
      perception_share: numberOrNull(row.perception_share, where),
      perception_items: numberOrNull(row.perception_items, where) ?? 0,
    });
  });
  roundRecords.forEach((row, i) => {
    const where = `participant_rounds.csv:${i + 2}`;
    const participant = byId.get(row.participant);
    const round = Number(row.round) as Round;
    if (!participant || !ROUNDS.includes(round)) throw new Error(`${where}: unknown participant or round`);
    const target = participant.rounds[round];
    target.scenario = row.scenario === '' ? null : row.scenario;
    target.alignment = numberOrNull(row.alignment, where);
    for (const d of DIMENSION_NAMES) {
      target.scores[d] = numberOrNull(row[`score_${d}`], where);
      target.self_report[d] = numberOrNull(row[`self_${d}`], where);
    }
  });
  const perception = files['perception_choices.csv'] === undefined ? [] : (parse(files['perception_choices.csv'], { columns: true }) as Record<string, string>[]).map((row, i) => {
    const where = `perception_choices.csv:${i + 2}`;
    if (!byId.has(row.participant)) throw new Error(`${where}: unknown participant`);
    if (row.chose_aligned !== '1' && row.chose_aligned !== '0') throw new Error(`${where}: chose_aligned: not 1 or 0 (${JSON.stringify(row.chose_aligned)})`);
    return { participant_id: row.participant, item_id: row.item, chose_aligned: row.chose_aligned === '1' };
  });
  return { meta, participants: [...byId.values()], conversations: [], perception };
}

function emptyScores(): DimensionScores {
  return Object.fromEntries(DIMENSION_NAMES.map((d) => [d, null])) as DimensionScores;
}

