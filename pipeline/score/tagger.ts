/**
 * The expression tagger: tags each supporter message with the sub-components of the taxonomy of
 * idiomatic empathic expressions (STUDY.md; patterns in taxonomy.yaml, the one place they are
 * declared), and counts how often each tag occurs per arm × round. A tag's phrase is the text
 * that matched, so every tag explains itself.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DIMENSION_NAMES, ROUNDS, ARMS, type Arm, type Dimension, type Round } from '../study.ts';
import type { Conversation, Message, Participant } from '../ingest/tables.ts';

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
 * The tags of one message, in taxonomy order, at most one per sub-component (its first match).
 * Curly apostrophes are read as straight ones; the phrase is cut from the original text.
 *
 * @example
 * tagMessage("I'm so sorry to hear that. What happened?");
 * // [{ subcomponent: 'expressing_sympathy', category: 'affective', phrase: "I'm so sorry" },
 * //  { subcomponent: 'encouraging_elaboration', category: 'cognitive', phrase: 'What happened' }]
 */
export function tagMessage(text: string, taxonomy?: Taxonomy): Tag[] {
  // Same length replacement, so match indices hold in the original text.
  const normalised = text.replace(/[\u2018\u2019\u02bc]/g, "'");
  const tags: Tag[] = [];
  for (const sub of taxonomyOrDefault(taxonomy).subcomponents) {
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
  const armOf = new Map(participants.map((p) => [p.participant_id, p.arm]));
  const cellOf = new Map<string, string>();
  for (const c of conversations) {
    const arm = armOf.get(c.participant_id);
    if (arm) cellOf.set(c.conversation_id, `${arm}|${c.round}`);
  }
  const totals = new Map<string, number>();
  const tagged = new Map<string, number>();
  for (const m of messages) {
    const cell = cellOf.get(m.conversation_id);
    if (!cell || !isSupporterUtterance(m)) continue;
    totals.set(cell, (totals.get(cell) ?? 0) + 1);
    for (const t of tagMessage(m.text, tax)) tagged.set(`${cell}|${t.subcomponent}`, (tagged.get(`${cell}|${t.subcomponent}`) ?? 0) + 1);
  }
  const rows: TagFrequency[] = [];
  for (const arm of ARMS) {
    for (const round of ROUNDS) {
      const total = totals.get(`${arm}|${round}`) ?? 0;
      for (const sub of tax.subcomponents) {
        const count = tagged.get(`${arm}|${round}|${sub.name}`) ?? 0;
        rows.push({ arm, round, subcomponent: sub.name, category: sub.category, supporter_messages: total, tagged_messages: count, share: total === 0 ? null : count / total });
      }
    }
  }
  return rows;
}
