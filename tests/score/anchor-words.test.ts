import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anchorWords } from '../../pipeline/score/anchor-words.ts';
import { loadTaxonomy, tagMessage, type Tag, type Taxonomy } from '../../pipeline/score/tagger.ts';

/**
 * The tagger before its anchor prefilter (the plain definition: every pattern of every
 * sub-component tried in order, first match wins). The prefiltered tagger must give exactly this.
 */
function referenceTags(text: string, taxonomy: Taxonomy): Tag[] {
  const normalised = text.replace(/[\u2018\u2019\u02bc]/g, "'");
  const tags: Tag[] = [];
  for (const sub of taxonomy.subcomponents) {
    for (const pattern of sub.patterns) {
      const m = pattern.exec(normalised);
      if (m) {
        tags.push({ subcomponent: sub.name, category: sub.category, phrase: text.slice(m.index, m.index + m[0].length).trim() });
        break;
      }
    }
  }
  return tags;
}

describe('anchorWords', () => {
  it('keeps the two rarest whole words of each way through the pattern', () => {
    // all four are in the list of common words: "to" most common, then "about", "sorry", "hear"
    expect(anchorWords(/\bsorry (to hear|about)\b/i)).toEqual([
      { key: 'hear', also: 'sorry' },
      { key: 'sorry', also: 'about' },
    ]);
    expect(anchorWords(/\bno wonder you/i)).toEqual([{ key: 'wonder', also: 'no' }]);
  });
  it('uses a word beginning when the pattern ends inside a word', () => {
    expect(anchorWords(/\bwhat happened/i)).toEqual([{ key: 'happ*', also: 'what' }]);
  });
  it('keeps a question mark as a word of its own', () => {
    expect(anchorWords(/\bdo you\b[^.!?]*\?/i)).toEqual([{ key: '?', also: 'do' }]);
  });
  it('gives up where a match may sit inside a longer word, or on syntax it does not read', () => {
    expect(anchorWords(/sorry/i)).toBeNull();
    expect(anchorWords(/\bmin/i)).toBeNull(); // "min" is shorter than a word-beginning key
    expect(anchorWords(/\b(?<w>sorry)\b/i)).toBeNull();
    expect(anchorWords(/\bsor{2}y\b/i)).toBeNull();
    expect(anchorWords(/\bsorry\b/iu)).toBeNull();
  });
  it('does not pin a word next to a stretch that may hold word characters', () => {
    // "x.*sorry" can match "xyzsorrynot": only the beginning "x…" is certain, and it is too short
    expect(anchorWords(/\bx.*sorry/i)).toBeNull();
    expect(anchorWords(/\bworry.*\bsorry\b/i)).toEqual([{ key: 'worr*', also: 'sorry' }]);
    // "nevermind" is one word that begins with "neve"; "never mind" two
    expect(anchorWords(/\bnever ?mind/i)).toEqual([{ key: 'neve*', also: null }, { key: 'never', also: 'mind*' }]);
  });
});

describe('tagMessage with the anchor prefilter = every pattern tried in order', () => {
  const taxonomy = loadTaxonomy();
  // Hand-written messages, several made to sit on the edges of the prefilter: capitals, curly
  // apostrophes, words glued to punctuation, question marks far from the verb, word beginnings,
  // non-ASCII letters that lower-case to ASCII (the Kelvin sign) or to two characters.
  const messages = [
    "I'm so sorry to hear that. What happened?",
    'Never mind, life will give you many opportunities.',
    'NEVERMIND. WHAT HAPPENED??',
    'Why don\u2019t you ask?',
    'Do you think, given everything going on at work and at home, that it was fair?',
    'So you felt overlooked.Take some time for yourself.',
    'That\u2019s awful\u2026 I\u2019m here if you need anything',
    'condolences!',
    'Oh no!! My condolences',
    '\u212Aing sorry, it is understandable to feel \u212Aind of lost',
    '\u0130\u2019m so sorry; is it okay to feel this way?',
    'it_is_normal to feel; it is normal_to feel; it is normal to feel',
    'I have been through the same thing myself. In my experience, HR helps.',
    'sounds like your boss is tough. Have you tried talking to HR?',
    'You\u2019ve got this! Believe in yourself. Don\u2019t worry.',
    'Tell me more? How are you holding up? When did it start?',
    'Things will get better; it\u2019s not your fault.',
    'The meeting is on Tuesday.',
    '',
    '?',
  ];
  for (const text of messages) {
    it(JSON.stringify(text), () => {
      expect(tagMessage(text, taxonomy)).toEqual(referenceTags(text, taxonomy));
    });
  }

  it('on random messages made of the patterns’ own words', () => {
    const vocabulary = [
      ...new Set(
        taxonomy.subcomponents
          .flatMap((s) => s.patterns.map((p) => p.source))
          .join(' ')
          .toLowerCase()
          .match(/[a-z']+/g) ?? [],
      ),
    ];
    const token = fc.oneof(
      fc.constantFrom(...vocabulary),
      fc.constantFrom(...vocabulary).map((w) => w.toUpperCase()),
      fc.constantFrom(' ', ' ', ' ', '. ', '? ', '! ', ', ', '\u2019', "'", '-', '\u212A', 'x', 'ing'),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const text = tokens.join(' ').replace(/ {2,}/g, ' ');
        expect(tagMessage(text, taxonomy)).toEqual(referenceTags(text, taxonomy));
      }),
      { numRuns: 3000, seed: 20261126 },
    );
  });
});
