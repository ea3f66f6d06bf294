/**
 * The bundled synthetic export (data/synthetic/) is a valid study export, its exclusions bite,
 * and after them it has exactly the published counts: 968 participants, 2,904 conversations,
 * 33,938 messages (Kumar et al. 2026, STUDY.md "Published figures").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Warnings } from '../../pipeline/errors.ts';
import { applyExclusions, readStudyExport } from '../../pipeline/ingest/index.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import type { Consort, StudyTables } from '../../pipeline/ingest/tables.ts';
import { CALIBRATION, PUBLISHED_TARGETS } from '../../pipeline/simulate/calibration.ts';
import { analysedParticipants } from '../../pipeline/simulate/calibration-check.ts';

const BUNDLED = new URL('../../data/synthetic/', import.meta.url).pathname;

describe('the bundled synthetic export', () => {
  let tables: StudyTables;
  let warnings: Warnings;
  let analysed: StudyTables;
  let consort: Consort;

  beforeAll(async () => {
    warnings = new Warnings();
    tables = await readStudyExport(BUNDLED, warnings);
    ({ analysed, consort } = applyExclusions(tables, loadPreregistration().prereg.exclusions));
  });

  it('passes the contract checks of ingest without a warning and says it is synthetic', () => {
    expect(warnings.items).toEqual([]);
    expect(tables.meta.synthetic).toBe(true);
    expect(tables.meta.name).toMatch(/synthetic/);
    expect(tables.meta.source).toMatch(/seed 20260315/);
  });

  it('has exactly the published counts after exclusions E1–E3', () => {
    expect(analysed.participants.length).toBe(PUBLISHED_TARGETS.participants);
    expect(analysed.conversations.length).toBe(PUBLISHED_TARGETS.conversations);
    expect(analysed.messages.length).toBe(PUBLISHED_TARGETS.messages);
    expect(consort.analysed).toBe(968);
  });

  it('agrees with the simulator\'s own exclusion count (calibration-check.ts) on who is analysed', () => {
    const own = analysedParticipants(tables).map((p) => p.participantId).sort();
    expect(own).toEqual(analysed.participants.map((p) => p.participant_id).sort());
  });

  it('excludes participants under every rule, as planned in the calibration', () => {
    const before = Object.fromEntries(consort.excluded_before_randomisation.map((e) => [e.id, e.n]));
    expect(before.E1).toBe(CALIBRATION.sample.failedAttention);
    const lost = (id: string) => Object.values(consort.by_arm).reduce((sum, arm) => sum + (arm.lost.find((e) => e.id === id)?.n ?? 0), 0);
    expect(lost('E2')).toBe(CALIBRATION.sample.droppedOut);
    expect(lost('E3')).toBe(CALIBRATION.sample.tooFewMessages);
    expect(consort.enrolled).toBe(968 + 43 + 41 + 21);
  });

  it('allocates 1:1:1 in permuted blocks of six', () => {
    const allocated = Object.values(consort.by_arm).map((arm) => arm.allocated);
    expect(Math.max(...allocated) - Math.min(...allocated)).toBeLessThanOrEqual(2);
    expect(allocated.reduce((a, b) => a + b, 0)).toBe(consort.randomised);
  });

  it('gives every analysed conversation a different scenario per participant and alternating roles', () => {
    const scenarios = new Map<string, Set<string>>();
    for (const c of analysed.conversations) {
      const set = scenarios.get(c.participant_id) ?? new Set();
      set.add(c.scenario);
      scenarios.set(c.participant_id, set);
    }
    for (const set of scenarios.values()) expect(set.size).toBe(3);
    const bad = analysed.messages.filter((m) => m.role !== (m.turn % 2 === 1 ? 'seeker' : 'supporter'));
    expect(bad).toEqual([]);
  });
});
