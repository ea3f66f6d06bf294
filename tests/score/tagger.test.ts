import { describe, expect, it } from 'vitest';
import { loadTaxonomy, tagFrequencies, tagMessage } from '../../pipeline/score/tagger.ts';
import type { Conversation, Message, Participant } from '../../pipeline/ingest/tables.ts';

// Hand-written example messages (several from STUDY.md's examples of the taxonomy).
const names = (text: string) => tagMessage(text).map((t) => t.subcomponent);

describe('the taxonomy file', () => {
  it('declares the 10 sub-components in 4 categories of STUDY.md', () => {
    const t = loadTaxonomy();
    expect(t.subcomponents.map((s) => `${s.category}:${s.name}`)).toEqual([
      'affective:validating_emotions', 'affective:demonstrating_availability', 'affective:expressing_sympathy',
      'cognitive:demonstrating_understanding', 'cognitive:encouraging_elaboration',
      'motivational:reassuring', 'motivational:affirming',
      'misattuned:advice_giving', 'misattuned:dismissing_emotions', 'misattuned:self_oriented',
    ]);
    expect(t.subcomponents.filter((s) => s.kind === 'proscriptive').map((s) => s.name)).toEqual(['advice_giving', 'dismissing_emotions', 'self_oriented']);
    expect(t.subcomponents.find((s) => s.name === 'reassuring')!.dimension).toBeNull();
  });
  it('refuses a malformed file, naming the entry', () => {
    expect(() => loadTaxonomy('categories: {affective: prescriptive}\nsubcomponents:\n  - name: x\n    category: nonsense\n    patterns: ["("]\n')).toThrow(/subcomponents\[0\].*category[\s\S]*bad pattern/);
  });
});

describe('tagMessage: one example per sub-component', () => {
  const examples: [string, string, string][] = [
    ['validating_emotions', "That's how it feels when you work so hard for something.", "That's how it feels"],
    ['validating_emotions', 'It is completely understandable to feel that way.', 'It is completely understandable to feel'],
    ['demonstrating_availability', "I'm here for you, always.", "I'm here"],
    ['expressing_sympathy', 'So sorry to hear this.', 'So sorry'],
    ['demonstrating_understanding', "I can understand how you're feeling.", 'I can understand how you'],
    ['encouraging_elaboration', 'Tell me more.', 'Tell me more'],
    ['encouraging_elaboration', 'What happened?', 'What happened'],
    ['reassuring', 'Life will give you many opportunities.', 'Life will give you'],
    ['affirming', 'Be courageous.', 'Be courageous'],
    ['advice_giving', "Why don't you talk to HR?", "Why don't you"],
    ['dismissing_emotions', "Don't worry about it.", "Don't worry"],
    ['self_oriented', 'When I was laid off I went hiking for a month.', 'When I was'],
  ];
  for (const [sub, text, phrase] of examples) {
    it(`${sub}: "${text}"`, () => {
      const tag = tagMessage(text).find((t) => t.subcomponent === sub);
      expect(tag?.phrase).toBe(phrase);
    });
  }
  it('reads curly apostrophes and keeps the original text in the phrase', () => {
    expect(tagMessage('Why don\u2019t you ask?').find((t) => t.subcomponent === 'advice_giving')?.phrase).toBe('Why don\u2019t you');
  });
});

describe('tagMessage: several tags or none', () => {
  it('tags sympathy and elaboration in one message', () => {
    expect(names("I'm so sorry to hear that. What happened?")).toEqual(['expressing_sympathy', 'encouraging_elaboration']);
  });
  it('tags dismissing and reassuring together (STUDY.md: "Never mind, life will give you many opportunities")', () => {
    expect(names('Never mind, life will give you many opportunities.')).toEqual(['reassuring', 'dismissing_emotions']);
  });
  it('tags nothing in a neutral message', () => {
    expect(tagMessage('The meeting is on Tuesday.')).toEqual([]);
    expect(tagMessage('')).toEqual([]);
  });
});

describe('tagFrequencies', () => {
  const participants: Participant[] = [
    { participant_id: 'p1', arm: 'coach', attention_passed: true, trait_jes: null, trait_sites: null },
    { participant_id: 'p2', arm: null, attention_passed: false, trait_jes: null, trait_sites: null },
  ];
  const conversations: Conversation[] = [
    { conversation_id: 'c1', participant_id: 'p1', round: 1, scenario: 's', completed: true, realism: null },
    { conversation_id: 'c2', participant_id: 'p2', round: 1, scenario: 's', completed: true, realism: null },
  ];
  const messages: Message[] = [
    { conversation_id: 'c1', turn: 1, role: 'seeker', text: 'I lost my job. What happened to me?' },
    { conversation_id: 'c1', turn: 2, role: 'supporter', text: 'What happened?' },
    { conversation_id: 'c1', turn: 3, role: 'supporter', text: 'Okay.' },
    { conversation_id: 'c1', turn: 4, role: 'supporter', text: '   ' },
    { conversation_id: 'c2', turn: 1, role: 'supporter', text: 'What happened?' },
  ];
  it('counts the share of non-empty supporter messages with the tag, per arm x round, randomised only', () => {
    const rows = tagFrequencies(messages, conversations, participants);
    expect(rows).toHaveLength(3 * 3 * 10);
    const cell = rows.find((r) => r.arm === 'coach' && r.round === 1 && r.subcomponent === 'encouraging_elaboration')!;
    expect(cell).toMatchObject({ supporter_messages: 2, tagged_messages: 1, share: 0.5 });
    expect(rows.find((r) => r.arm === 'control' && r.round === 1)!.share).toBeNull();
  });
});
