/** The small parts of ingest: cell parsing, UTF-8 checks (RFC 3629 §4 byte grammar), transcripts. */
import { describe, expect, it } from 'vitest';
import { INVALID, booleanCell, integerCell, numberCell, textCell } from '../../pipeline/ingest/cells.ts';
import { completePrefixLength, invalidUtf8Offsets } from '../../pipeline/ingest/utf8.ts';
import { parseTranscript } from '../../pipeline/ingest/transcript.ts';
import { inferPilotScenario, PILOT_SCENARIO_IDS } from '../../pipeline/ingest/pilot-scenario.ts';
import { SCENARIOS } from '../../pipeline/simulate/scenarios.ts';

describe('cells', () => {
  it('reads integers strictly', () => {
    expect(['3', ' 4 ', '+2', '-1', 5, '', null, undefined].map(integerCell)).toEqual([3, 4, 2, -1, 5, null, null, null]);
    expect(['3.5', '0x10', '1e2', 'three', 2.5, true].map(integerCell)).toEqual(Array(6).fill(INVALID));
  });
  it('reads decimal numbers, not hex or Infinity', () => {
    expect(['2.6666666666666665', '1e0', '-0.5', 4].map(numberCell)).toEqual([2.6666666666666665, 1, -0.5, 4]);
    expect(['0x1', 'Infinity', 'NaN', '.', '1,5', Number.NaN].map(numberCell)).toEqual(Array(6).fill(INVALID));
  });
  it('reads booleans as true/false or 1/0', () => {
    expect(['true', 'FALSE', '1', '0', true, 0, ''].map(booleanCell)).toEqual([true, false, true, false, true, false, null]);
    expect(['yes', 'no', 2, 't'].map(booleanCell)).toEqual(Array(4).fill(INVALID));
  });
  it('reads text; blank is missing', () => {
    expect(['p1', '  ', 12, false].map(textCell)).toEqual(['p1', null, '12', INVALID]);
  });
});

describe('UTF-8', () => {
  it('finds each invalid sequence', () => {
    const ok = Buffer.from('aé😢日', 'utf8');
    expect(invalidUtf8Offsets(ok)).toEqual([]);
    // a lone continuation byte, an overlong "/" (C0 AF), a truncated 3-byte sequence, a surrogate (ED A0 80)
    expect(invalidUtf8Offsets(Buffer.from([0x61, 0x80, 0xc0, 0xaf, 0x62, 0xe2, 0x82, 0x63, 0xed, 0xa0, 0x80]))).toEqual([1, 2, 3, 5, 6, 8, 9, 10]);
  });
  it('cuts a chunk before an unfinished character', () => {
    const emoji = Buffer.from('a😢', 'utf8'); // 61 F0 9F 98 A2
    expect(completePrefixLength(emoji)).toBe(5);
    expect(completePrefixLength(emoji.subarray(0, 4))).toBe(1);
    expect(completePrefixLength(emoji.subarray(0, 2))).toBe(1);
    expect(completePrefixLength(Buffer.from([0x61, 0x80]))).toBe(2); // stray byte: left to the validator
  });
});

describe('pilot transcripts', () => {
  it('keeps multi-line turns whole and drops empty turns', () => {
    const parsed = parseTranscript('Seeker: I lost my job\nSupporter: I am sorry \nwhat happened?\n\nSeeker: They closed\r\nSupporter: \nSeeker: ok');
    expect(parsed.turns).toEqual([
      { role: 'seeker', text: 'I lost my job' },
      { role: 'supporter', text: 'I am sorry \nwhat happened?' },
      { role: 'seeker', text: 'They closed' },
      { role: 'seeker', text: 'ok' },
    ]);
    expect(parsed.emptyTurnsDropped).toBe(1);
  });
  it('infers the scenario from an obvious opening only', () => {
    expect(inferPilotScenario("I'm feeling so discouraged.. I just got passed over for the promotion I was working hard for")).toBe('passed_over_promotion');
    expect(inferPilotScenario("So, I just lost my job today. I had a sense this was coming, but it's still a shock..")).toBe('job_loss');
    expect(inferPilotScenario("I've been feeling so detached from everything lately")).toBe('detached_at_work');
    expect(inferPilotScenario('Hi there')).toBe('unknown');
  });
  it('uses the study’s scenario ids', () => {
    const ids = SCENARIOS.map((s) => s.id);
    for (const id of PILOT_SCENARIO_IDS) expect(ids).toContain(id);
  });
});
