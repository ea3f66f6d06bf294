/**
 * The expression tagger: tags each supporter message with the sub-components of the taxonomy of
 * idiomatic empathic expressions (STUDY.md; patterns in taxonomy.yaml, the one place they are
 * declared), and counts how often each tag occurs per arm × round. A tag's phrase is the text
 * that matched, so every tag explains itself.
 *
 * Speed: a pattern is run on a message only when the message holds the words any match of it
 * must contain (anchor-words.ts, anchor-index.ts); the others cannot match, so the tags are those
 * of trying every pattern (tests/score/anchor-words.test.ts holds the two together).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DIMENSION_NAMES, ROUNDS, ARMS, type Arm, type Dimension, type Round } from '../study.ts';
import type { Conversation, Message, Participant } from '../ingest/tables.ts';
import { anchorWords } from './anchor-words.ts';
import { AnchorIndex } from './anchor-index.ts';

export type TaxonomyCategory = 'affective' | 'cognitive' | 'motivational' | 'misattuned';

export interface Subcomponent {
  name: string;
  category: TaxonomyCategory;
  kind: 'prescriptive' | 'proscriptive';
  /** The matching judged dimension, or null where none of the six matches. */
  dimension: Dimension | null;
  example: string;
  patterns: RegExp[];
}

export interface Taxonomy {
  tag: 'paper' | 'reconstructed';
  subcomponents: Subcomponent[];
}

export interface Tag {
  subcomponent: string;
  category: TaxonomyCategory;
  /** The matched text that explains the tag. */
  phrase: string;
}

const TAXONOMY_FILE = new URL('./taxonomy.yaml', import.meta.url);
const CATEGORIES: readonly TaxonomyCategory[] = ['affective', 'cognitive', 'motivational', 'misattuned'];

/**
 * Reads and checks pipeline/score/taxonomy.yaml (or `source`, YAML text, for tests) and compiles
 * its patterns (case-insensitive). Throws an Error naming the entry when the file is malformed.
 *
 * @example
 * loadTaxonomy().subcomponents.map((s) => s.name).length; // 10
 */
export function loadTaxonomy(source?: string): Taxonomy {
  const doc = parse(source ?? readFileSync(TAXONOMY_FILE, 'utf8')) as {
    tag?: unknown;
    categories?: Record<string, unknown>;
    subcomponents?: unknown[];
  };
  const problems: string[] = [];
  const subcomponents: Subcomponent[] = [];
  for (const [i, raw] of (doc.subcomponents ?? []).entries()) {
    const entry = raw as Record<string, unknown>;
    const where = `taxonomy.yaml: subcomponents[${i}]`;
    const name = entry.name;
    const category = entry.category as TaxonomyCategory;
    const kind = doc.categories?.[category as string];
    const dimension = entry.dimension ?? null;
    if (typeof name !== 'string' || name === '') problems.push(`${where}: name missing`);
    if (!CATEGORIES.includes(category)) problems.push(`${where}: unknown category ${JSON.stringify(category)}`);
    if (kind !== 'prescriptive' && kind !== 'proscriptive') problems.push(`${where}: category has no prescriptive/proscriptive kind`);
    if (dimension !== null && !(DIMENSION_NAMES as readonly unknown[]).includes(dimension)) problems.push(`${where}: unknown dimension ${JSON.stringify(dimension)}`);
    const patterns: RegExp[] = [];
    for (const p of Array.isArray(entry.patterns) ? entry.patterns : []) {
      try {
        patterns.push(new RegExp(String(p), 'i'));
      } catch (err) {
        problems.push(`${where}: bad pattern ${JSON.stringify(p)} (${(err as Error).message})`);
      }
    }
    if (patterns.length === 0) problems.push(`${where}: no patterns`);
    subcomponents.push({
      name: String(name),
      category,
      kind: kind as 'prescriptive' | 'proscriptive',
      dimension: dimension as Dimension | null,
      example: String(entry.example ?? ''),
      patterns,
    });
  }
  if (subcomponents.length === 0) problems.push('taxonomy.yaml: no subcomponents');
  if (problems.length > 0) throw new Error(`malformed taxonomy:\n${problems.join('\n')}`);
  return { tag: doc.tag === 'paper' ? 'paper' : 'reconstructed', subcomponents };
}

let defaultTaxonomy: Taxonomy | null = null;
function taxonomyOrDefault(taxonomy?: Taxonomy): Taxonomy {
  if (taxonomy) return taxonomy;
  defaultTaxonomy ??= loadTaxonomy();
  return defaultTaxonomy;
}

/**
 * A taxonomy's patterns in one flat list, with the index of their anchors (anchor-index.ts) that
 * rules out, per message, the patterns that cannot match it. Built once per taxonomy.
 */
interface PatternIndex {
  /** Per sub-component, the range [first, end) of its patterns in the flat list. */
  firstPattern: Int32Array;
  patterns: RegExp[];
  anchors: AnchorIndex;
}

const indexes = new WeakMap<Taxonomy, PatternIndex>();

function patternIndex(taxonomy: Taxonomy): PatternIndex {
  let index = indexes.get(taxonomy);
  if (index) return index;
  const patterns: RegExp[] = [];
  const firstPattern = new Int32Array(taxonomy.subcomponents.length + 1);
  taxonomy.subcomponents.forEach((sub, s) => {
    firstPattern[s] = patterns.length;
    patterns.push(...sub.patterns);
  });
  firstPattern[taxonomy.subcomponents.length] = patterns.length;
  index = { firstPattern, patterns, anchors: new AnchorIndex(patterns.map(anchorWords)) };
  indexes.set(taxonomy, index);
  return index;
}

/** Curly apostrophes, read as straight ones (the same length, so match indices hold). */
const CURLY_APOSTROPHES = /[\u2018\u2019\u02bc]/g;

/**
 * Calls `onTag(s, match)` for each sub-component `s` (its position in the taxonomy, in order) whose
 * patterns match `text`, with the first matching pattern's match; a pattern whose anchor words are
 * all absent cannot match and is not run. `wantMatch` false passes null (no match object is made).
 */
function forEachTag(text: string, index: PatternIndex, wantMatch: boolean, onTag: (s: number, match: RegExpExecArray | null) => void): void {
  const { firstPattern, patterns, anchors } = index;
  // Curly apostrophes are non-ASCII: an ASCII text needs no replacing.
  const normalised = anchors.read(text) ? text.replace(CURLY_APOSTROPHES, "'") : text;
  const subcomponents = firstPattern.length - 1;
  for (let s = 0; s < subcomponents; s++) {
    for (let p = firstPattern[s]; p < firstPattern[s + 1]; p++) {
      if (!anchors.mayMatch(p)) continue;
      if (wantMatch) {
        const m = patterns[p].exec(normalised);
        if (m === null) continue;
        onTag(s, m);
      } else {
        if (!patterns[p].test(normalised)) continue;
        onTag(s, null);
      }
      break;
    }
  }
}

/**
 * The tags of one message, in taxonomy order, at most one per sub-component (its first match).
 * Curly apostrophes are read as straight ones; the phrase is cut from the original text.
 *
 * @example
 * tagMessage("I'm so sorry to hear that. What happened?");
 * // [{ subcomponent: 'expressing_sympathy', category: 'affective', phrase: "I'm so sorry" },
 * //  { subcomponent: 'encouraging_elaboration', category: 'cognitive', phrase: 'What happened' }]
 */
export function tagMessage(text: string, taxonomy?: Taxonomy): Tag[] {
  const tax = taxonomyOrDefault(taxonomy);
  const tags: Tag[] = [];
  forEachTag(text, patternIndex(tax), true, (s, m) => {
    const sub = tax.subcomponents[s];
    const match = m as RegExpExecArray;
    tags.push({ subcomponent: sub.name, category: sub.category, phrase: text.slice(match.index, match.index + match[0].length).trim() });
  });
  return tags;
}

/** A supporter message that says something (the pilot's transcripts have empty turns). */
export function isSupporterUtterance(message: Message): boolean {
  return message.role === 'supporter' && message.text.trim() !== '';
}

export interface TagFrequency {
  arm: Arm;
  round: Round;
  subcomponent: string;
  category: TaxonomyCategory;
  supporter_messages: number;
  tagged_messages: number;
  /** tagged / supporter messages; null when there are none. */
  share: number | null;
}

/**
 * Per arm × round × sub-component, the share of (non-empty) supporter messages carrying the tag.
 * Conversations of participants without an arm (not randomised) are left out.
 *
 * @example
 * tagFrequencies(tables.messages, tables.conversations, tables.participants)
 * // [{ arm: 'control', round: 1, subcomponent: 'validating_emotions', share: 0.12, … }, …]
 */
export function tagFrequencies(messages: Message[], conversations: Conversation[], participants: Participant[], taxonomy?: Taxonomy): TagFrequency[] {
  const tax = taxonomyOrDefault(taxonomy);
  const index = patternIndex(tax);
  const subcomponents = tax.subcomponents.length;
  // cell = arm × round, numbered in ARMS × ROUNDS order
  const armIndex = new Map<string, number>();
  for (const p of participants) if (p.arm !== null) armIndex.set(p.participant_id, ARMS.indexOf(p.arm));
  const cellOf = new Map<string, number>();
  for (const c of conversations) {
    const arm = armIndex.get(c.participant_id);
    if (arm !== undefined) cellOf.set(c.conversation_id, arm * ROUNDS.length + ROUNDS.indexOf(c.round));
  }
  const totals = new Float64Array(ARMS.length * ROUNDS.length);
  const tagged = new Float64Array(ARMS.length * ROUNDS.length * subcomponents);
  let cell = 0;
  const count = (s: number): void => {
    tagged[cell * subcomponents + s] += 1;
  };
  // Messages come grouped by conversation: look the cell up only when the conversation changes.
  let lastConversation: string | null = null;
  let lastCell: number | undefined;
  for (const m of messages) {
    if (m.role !== 'supporter') continue;
    if (m.conversation_id !== lastConversation) {
      lastConversation = m.conversation_id;
      lastCell = cellOf.get(lastConversation);
    }
    if (lastCell === undefined || !isSupporterUtterance(m)) continue;
    cell = lastCell;
    totals[cell] += 1;
    forEachTag(m.text, index, false, count);
  }
  const rows: TagFrequency[] = [];
  for (let a = 0; a < ARMS.length; a++) {
    for (let r = 0; r < ROUNDS.length; r++) {
      const total = totals[a * ROUNDS.length + r];
      tax.subcomponents.forEach((sub, s) => {
        const tagCount = tagged[(a * ROUNDS.length + r) * subcomponents + s];
        rows.push({ arm: ARMS[a], round: ROUNDS[r], subcomponent: sub.name, category: sub.category, supporter_messages: total, tagged_messages: tagCount, share: total === 0 ? null : tagCount / total });
      });
    }
  }
  return rows;
}
