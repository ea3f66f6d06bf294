/**
 * The expression tagger's validity on rated conversations: per conversation, the share of
 * supporter messages carrying each tag, against the expert group's score on the matching
 * dimension (Spearman with a Fisher-z CI), with the experts' own pairwise Spearman beside it as
 * the ceiling. Reported as it comes out; nothing here is tuned to the result.
 */
import { csvRow } from '../escape/csv.ts';
import type { StudyTables } from '../ingest/tables.ts';
import type { ReliabilitySpec } from '../prereg/types.ts';
import { isSupporterUtterance, tagMessage, type Tag, type Taxonomy } from '../score/tagger.ts';
import type { RaterScores } from './raters.ts';
import type { TaggerValidityDoc, TagValidityRow } from './types.ts';
import { rankAgreement } from './rankAgreement.ts';

export interface TaggedMessage {
  conversation_id: string;
  turn: number;
  tags: Tag[];
}

/** Tags every non-empty supporter message, in (conversation, turn) order. */
export function tagSupporterMessages(tables: StudyTables, taxonomy: Taxonomy): TaggedMessage[] {
  return tables.messages
    .filter(isSupporterUtterance)
    .map((m) => ({ conversation_id: m.conversation_id, turn: m.turn, tags: tagMessage(m.text, taxonomy) }))
    .sort((a, b) => (a.conversation_id < b.conversation_id ? -1 : a.conversation_id > b.conversation_id ? 1 : a.turn - b.turn));
}

/** The expert group: the group named `experts`, else the first declared group. */
function referenceGroup(spec: ReliabilitySpec): { name: string; members: string[] } {
  const g = spec.rater_groups.find((x) => x.name === 'experts') ?? spec.rater_groups[0];
  if (!g) throw new Error('the preregistration declares no rater group to validate the tagger against');
  return g;
}

/**
 * Tagger validity per sub-component with a matching dimension.
 *
 * @example
 * taggerValidity(tables, scores, spec, taxonomy, tagged).rows[0];
 * // { subcomponent: 'validating_emotions', dimension: 'validating_emotions', rho: 0.3…, expert_mean_rho: 0.5…, … }
 */
export function taggerValidity(tables: StudyTables, scores: RaterScores, spec: ReliabilitySpec, taxonomy: Taxonomy, tagged: TaggedMessage[]): TaggerValidityDoc {
  const group = referenceGroup(spec);
  const position = new Map(scores.conversations.map((c, i) => [c, i]));
  const totals = scores.conversations.map(() => 0);
  const counts = new Map<string, number[]>(taxonomy.subcomponents.map((s) => [s.name, scores.conversations.map(() => 0)]));
  for (const m of tagged) {
    const i = position.get(m.conversation_id);
    if (i === undefined) continue;
    totals[i] += 1;
    for (const t of m.tags) counts.get(t.subcomponent)![i] += 1;
  }
  const rateOf = (name: string): (number | null)[] => counts.get(name)!.map((c, i) => (totals[i] === 0 ? null : c / totals[i]));
  const meanRate = (rates: (number | null)[]): number | null => {
    const xs = rates.filter((r): r is number => r !== null);
    return xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length;
  };
  const members = group.members;
  // expert1–expert2, expert2–expert3, expert3–expert1, as the paper pairs them.
  const memberPairs: [string, string][] =
    members.length < 2 ? [] : members.length === 2 ? [[members[0], members[1]]] : members.map((m, i) => [m, members[(i + 1) % members.length]]);
  const rows: TagValidityRow[] = [];
  const unmatched: TaggerValidityDoc['unmatched'] = [];
  for (const sub of taxonomy.subcomponents) {
    const rates = rateOf(sub.name);
    if (sub.dimension === null) {
      unmatched.push({ subcomponent: sub.name, mean_rate: meanRate(rates) });
      continue;
    }
    const dimension = sub.dimension;
    const r = rankAgreement(rates, scores.score(group.name, dimension), spec.confidence_level);
    const expertPairs = memberPairs.map(([a, b]) => {
      const e = rankAgreement(scores.score(a, dimension), scores.score(b, dimension), spec.confidence_level);
      return { pair: [a, b] as [string, string], rho: e.rho, ci_low: e.ci_low, ci_high: e.ci_high, n: e.n };
    });
    const rhos = expertPairs.map((e) => e.rho).filter((x): x is number => x !== null);
    rows.push({
      subcomponent: sub.name,
      dimension,
      reference: group.name,
      ...r,
      mean_rate: meanRate(rates),
      expert_pairs: expertPairs,
      expert_mean_rho: rhos.length === 0 ? null : rhos.reduce((s, x) => s + x, 0) / rhos.length,
    });
  }
  return {
    schema: 'lend-an-ear-tagger-validity/1',
    taxonomy_tag: taxonomy.tag,
    confidence_level: spec.confidence_level,
    conversations: totals.filter((t) => t > 0).length,
    supporter_messages: totals.reduce((s, t) => s + t, 0),
    rows,
    unmatched,
  };
}

/**
 * tagged_messages.csv: one row per tagged supporter message × tag (messages without a tag get
 * one row with empty tag fields). Message ids and tags only: no message text and no phrase. The
 * conversation id comes from the export: made inert in a spreadsheet (escape/csv.ts).
 */
export function taggedMessagesCsv(tagged: TaggedMessage[]): string {
  const lines = ['conversation_id,turn,subcomponent,category'];
  for (const m of tagged) {
    if (m.tags.length === 0) lines.push(csvRow([m.conversation_id, m.turn, null, null]));
    for (const t of m.tags) lines.push(csvRow([m.conversation_id, m.turn, t.subcomponent, t.category]));
  }
  return lines.join('\n') + '\n';
}
