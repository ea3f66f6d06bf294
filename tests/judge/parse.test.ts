/**
 * The parse rule on a corpus of reply formats (tests/fixtures/judge/reply-formats.json: the
 * formats of recorded replies of GPT-4o, Claude 3.7 Sonnet and Gemini 2.5 Pro, synthetic
 * wording, outcomes read by a person against the rule) and its properties (fast-check).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReply, rationaleOf, UNPARSED_REASONS } from '../../pipeline/judge/parse.ts';
import { REPLY_FORMATS } from './stand-in.ts';

interface Case {
  format: string;
  reply: string | null;
  expect: number | string;
}

const corpus = JSON.parse(readFileSync('tests/fixtures/judge/reply-formats.json', 'utf8')) as { cases: Case[] };

describe('the parse rule on real reply formats', () => {
  for (const c of corpus.cases) {
    it(`${c.format} → ${c.expect}`, () => {
      const parsed = parseReply(c.reply);
      if (typeof c.expect === 'number') expect(parsed).toMatchObject({ ok: true, score: c.expect });
      else expect(parsed).toMatchObject({ ok: false, reason: c.expect });
    });
  }

  it('reads the example and the justification for the report', () => {
    const reply = 'Step 1: Example — "What happened?"\n\nStep 2: Justification — An open question.\n\nStep 3: Score — 3';
    expect(parseReply(reply)).toEqual({ ok: true, score: 3 });
    expect(rationaleOf(reply)).toEqual({ example: '"What happened?"', justification: 'An open question.' });
    expect(rationaleOf('**Step 1: Example** — none\n\n**Step 2: Justification** — no question at all.\n\n**Step 3: Score** — 1')).toEqual({ example: 'none', justification: 'no question at all.' });
  });
});

/** Text with no digit and none of the score labels: no score can be read in it. */
const prose = fc.string({ unit: fc.constantFrom(...'abcdefghij klmnop.,;!?"\'\n—-'.split('')), maxLength: 200 }).filter((s) => !/score|rating|step/i.test(s));
const score = fc.integer({ min: 1, max: 5 });

describe('properties of the parse rule', () => {
  it('reads the stated score in every real format, whatever text comes before and after it', () => {
    fc.assert(fc.property(score, fc.nat(REPLY_FORMATS.length - 1), prose, prose, (s, f, before, after) => {
      expect(parseReply(`${before}\n\n${REPLY_FORMATS[f](s)}\n${after}`)).toMatchObject({ ok: true, score: s });
    }), { numRuns: 300 });
  });

  it('never guesses: text without a score statement is no_score (or empty)', () => {
    fc.assert(fc.property(prose, fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 5 }), (text, numbers) => {
      const parsed = parseReply(`${text} ${numbers.join(' ')}`);
      expect(parsed.ok).toBe(false);
      expect(['no_score', 'empty_reply']).toContain((parsed as { reason: string }).reason);
    }), { numRuns: 300 });
  });

  it('two different scores are conflicting, never one of them', () => {
    fc.assert(fc.property(score, score, fc.nat(REPLY_FORMATS.length - 1), fc.nat(REPLY_FORMATS.length - 1), (a, b, f, g) => {
      fc.pre(a !== b);
      expect(parseReply(`${REPLY_FORMATS[f](a)}\n\n${REPLY_FORMATS[g](b)}`)).toMatchObject({ ok: false, reason: 'conflicting_scores' });
    }), { numRuns: 200 });
  });

  it('a whole number outside 1-5 is out_of_range', () => {
    fc.assert(fc.property(fc.integer({ min: -50, max: 500 }).filter((n) => n < 1 || n > 5), fc.nat(REPLY_FORMATS.length - 1), (n, f) => {
      expect(parseReply(REPLY_FORMATS[f](n).replace(' out of 5', ''))).toMatchObject({ ok: false, reason: 'out_of_range' });
    }), { numRuns: 200 });
  });

  it('never throws, and always answers a score in 1-5 or a known reason', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      const parsed = parseReply(text);
      if (parsed.ok) expect(parsed.score >= 1 && parsed.score <= 5 && Number.isInteger(parsed.score)).toBe(true);
      else expect(UNPARSED_REASONS).toContain(parsed.reason);
    }), { numRuns: 500 });
  });
});
