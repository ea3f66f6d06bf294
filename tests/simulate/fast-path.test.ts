/**
 * The text-free fast path of the simulator (`messageText: false`, for design diagnosis) leaves
 * the default output alone, keeps the planned study (the same people, arms, rounds, message
 * counts and roles; empty texts) and draws the judged expressions with the same probabilities.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyExclusions, applyExclusionsWithCounts } from '../../pipeline/ingest/exclusions.ts';
import type { StudyTables } from '../../pipeline/ingest/tables.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { CALIBRATION, DEFAULT_SEED, PUBLISHED_TARGETS } from '../../pipeline/simulate/calibration.ts';
import { writeExport } from '../../pipeline/simulate/export-writer.ts';
import { simulateStudy } from '../../pipeline/simulate/generate.ts';
import { DIMENSION_NAMES } from '../../pipeline/study.ts';

const BUNDLED_SUMS = readFileSync(new URL('../../data/synthetic/SHA256SUMS', import.meta.url), 'utf8');
const exclusions = loadPreregistration().prereg.exclusions;
const scratch = mkdtempSync(join(tmpdir(), 'fast-path-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('simulateStudy with messageText', () => {
  const withText = simulateStudy(CALIBRATION, DEFAULT_SEED, 1, { messageText: true });
  const fast = simulateStudy(CALIBRATION, DEFAULT_SEED, 1, { messageText: false });

  it('true (the default) still writes data/synthetic byte for byte (its SHA256SUMS)', () => {
    const sums = writeExport(join(scratch, 'with-text'), withText);
    expect(readFileSync(join(scratch, 'with-text', 'SHA256SUMS'), 'utf8')).toBe(BUNDLED_SUMS);
    expect(Object.keys(sums).length).toBe(7);
  });

  it('false keeps the plan: same participants and arms; analysed rounds with the same message counts and roles; texts empty', () => {
    // Excluded participants' broken-off rounds are drawn, not planned, so compare what is planned:
    // everyone's arm, and the analysed participants' rounds (the ids of conversations may shift).
    const skeleton = (t: StudyTables) => {
      const { analysed } = applyExclusions(t, exclusions);
      const owner = new Map(analysed.conversations.map((c) => [c.conversation_id, `${c.participant_id}/${c.round}/${c.completed}`]));
      const roles = new Map<string, string>();
      for (const m of analysed.messages) roles.set(owner.get(m.conversation_id) as string, (roles.get(owner.get(m.conversation_id) as string) ?? '') + m.role[1]);
      return {
        participants: t.participants.map((p) => [p.participant_id, p.arm, p.attention_passed]),
        rounds: [...roles.entries()],
        counts: [analysed.participants.length, analysed.conversations.length, analysed.messages.length],
      };
    };
    const fastSkeleton = skeleton(fast);
    expect(fastSkeleton).toEqual(skeleton(withText));
    expect(fastSkeleton.counts).toEqual([PUBLISHED_TARGETS.participants, PUBLISHED_TARGETS.conversations, PUBLISHED_TARGETS.messages]);
    expect(fast.messages.every((m) => m.text === '')).toBe(true);
  });

  it('false draws judged scores from the same distribution: mean judge score per dimension within 4 SE of the text path', () => {
    // Two independent samples of the same population (the streams differ after the first
    // participant's text), so the difference of means has SE sqrt(s1²/n1 + s2²/n2).
    for (const dimension of DIMENSION_NAMES) {
      const stats = (t: StudyTables) => {
        const scores = t.ratings.filter((r) => r.dimension === dimension).map((r) => r.score);
        const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
        const variance = scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (scores.length - 1);
        // Three judge runs of a conversation share its latent score: count conversations, not runs.
        return { mean, varianceOfMean: variance / (scores.length / 3) };
      };
      const a = stats(withText);
      const b = stats(fast);
      expect(Math.abs(a.mean - b.mean), dimension).toBeLessThan(4 * Math.sqrt(a.varianceOfMean + b.varianceOfMean));
    }
  });

  it('false with a supporterMessages map: the same draws and rows except no message rows; the counts are the supporter rows; exclusions from the counts are those from the rows', () => {
    const supporterMessages = new Map<string, number>();
    const lean = simulateStudy(CALIBRATION, DEFAULT_SEED, 1, { messageText: false, supporterMessages });
    expect(lean.messages).toEqual([]);
    const { messages: _ignored, ...rest } = fast;
    expect({ ...lean, messages: undefined }).toEqual({ ...rest, messages: undefined });
    const fromRows = new Map<string, number>();
    for (const m of fast.messages) if (m.role === 'supporter') fromRows.set(m.conversation_id, (fromRows.get(m.conversation_id) ?? 0) + 1);
    for (const c of fast.conversations) expect(supporterMessages.get(c.conversation_id) ?? 0, c.conversation_id).toBe(fromRows.get(c.conversation_id) ?? 0);
    const counted = applyExclusionsWithCounts(lean, exclusions, supporterMessages);
    const counting = applyExclusions(fast, exclusions);
    expect(counted.consort).toEqual(counting.consort);
    expect({ ...counted.analysed, messages: [] }).toEqual({ ...counting.analysed, messages: [] });
    expect(counted.consort.analysed).toBe(PUBLISHED_TARGETS.participants);
  });
});
