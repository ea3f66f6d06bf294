/**
 * Other seeds, scales and the null variant are valid exports too, and keep their planned counts
 * after the preregistered exclusions (round(968 × scale) participants, round(33,938 × scale)
 * messages).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Warnings } from '../../pipeline/errors.ts';
import { applyExclusions, readStudyExport } from '../../pipeline/ingest/index.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { CALIBRATION, nullParams } from '../../pipeline/simulate/calibration.ts';
import { command } from '../../pipeline/simulate/command.ts';
import { simulateStudy } from '../../pipeline/simulate/generate.ts';

const scratch = mkdtempSync(join(tmpdir(), 'simulate-variants-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const { prereg } = loadPreregistration();

describe('simulated variants', () => {
  it.each([
    { seed: 7, scale: 0.5, participants: 484, messages: 16_969 },
    { seed: 8, scale: 1.5, participants: 1_452, messages: 50_907 },
  ])('seed $seed at scale $scale keeps the planned counts after exclusions', ({ seed, scale, participants, messages }) => {
    const { analysed } = applyExclusions(simulateStudy(CALIBRATION, seed, scale), prereg.exclusions);
    expect(analysed.participants).toHaveLength(participants);
    expect(analysed.conversations).toHaveLength(3 * participants);
    expect(analysed.messages).toHaveLength(messages);
  });

  it('the null variant written by the command passes ingest without a warning', async () => {
    const out = join(scratch, 'null');
    await command.run(['--out', out, '--null', '--scale', '0.3', '--seed', '12']);
    const warnings = new Warnings();
    const tables = await readStudyExport(out, warnings);
    expect(warnings.items).toEqual([]);
    expect(tables.meta.name).toMatch(/synthetic, null variant/);
    expect(applyExclusions(tables, prereg.exclusions).analysed.participants).toHaveLength(290);
  });

  it('the null variant is the calibrated study, draw for draw, up to the first treated participant', () => {
    const calibrated = simulateStudy(CALIBRATION, 12, 0.3);
    const nulled = simulateStudy(nullParams(CALIBRATION), 12, 0.3);
    // Same enrolment, allocation and control arm: the plan and the control participants' draws do not depend on effects.
    expect(nulled.participants.map((p) => p.arm)).toEqual(calibrated.participants.map((p) => p.arm));
    const firstTreated = calibrated.participants.findIndex((p) => p.arm !== 'control' && p.arm !== null);
    const before = calibrated.participants[firstTreated].participant_id;
    const controlRatingsBefore = (s: typeof calibrated) => s.ratings.filter((r) => s.conversations.find((c) => c.conversation_id === r.conversation_id)!.participant_id < before);
    expect(controlRatingsBefore(nulled)).toEqual(controlRatingsBefore(calibrated));
  });
});
