/**
 * The scored CSVs and the CONSORT flow that R analysed are what the pipeline makes of the studies today: the handmade
 * study and the bundled export (data/synthetic/, through ingest, exclusions and score). When the
 * bundled data change, regenerate with `npx tsx tests/fixtures/analyze/make-fixtures.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Warnings } from '../../pipeline/errors.ts';
import { applyExclusions } from '../../pipeline/ingest/exclusions.ts';
import { readStudyExport } from '../../pipeline/ingest/index.ts';
import type { StudyTables } from '../../pipeline/ingest/tables.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { scoredTablesCsv } from '../../pipeline/score/csv.ts';
import { scoreStudy } from '../../pipeline/score/index.ts';
import { handmadeStudy } from '../fixtures/analyze/handmade-study.ts';

const { prereg } = loadPreregistration();

function expectFixture(name: string, tables: StudyTables): void {
  const { analysed, consort } = applyExclusions(tables, prereg.exclusions);
  const files = { ...scoredTablesCsv(scoreStudy(analysed, prereg)), 'consort.json': JSON.stringify(consort, null, 2) + '\n' };
  for (const [file, text] of Object.entries(files)) {
    expect(text === readFileSync(`tests/fixtures/analyze/${name}/${file}`, 'utf8'), `${name}/${file} is stale`).toBe(true);
  }
}

describe('the R fixtures are current', () => {
  it('handmade: the committed scored CSVs are the handmade study scored today', () => {
    expectFixture('handmade', handmadeStudy());
  });

  it.runIf(existsSync('data/synthetic/participants.csv'))('bundled: the committed scored CSVs are data/synthetic/ scored today', async () => {
    expectFixture('bundled', await readStudyExport('data/synthetic', new Warnings()));
  });
});
