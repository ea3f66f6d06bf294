/**
 * The rater series of a framework, and the aligned values of a pair: every rater file in long
 * form (`id, dimension, value, line`), each declared group formed from its members (e.g.
 * `experts` = the per-conversation median of expert1..3, missing when any member is missing), and
 * two series joined on the conversation id, read as text. Ids that one side has and the other
 * lacks are an error located at the row that has them, never paired by position.
 *
 * The table work (a group as a grouped rollup, the unmatched ids as an anti-join) is arquero's;
 * the values are then held as plain maps, id → value per rater and dimension, because every pair
 * and dimension reads them again (arquero compiles a filter at each call: 126 rows took 2 s).
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { Problem } from '../errors.ts';
import { medianOfRuns as median } from '../score/aggregate.ts';
import type { GroupSpec } from './framework.ts';
import type { RaterSeries } from './rater-file.ts';
import * as msg from './catalogue.ts';

interface Series {
  /** `id, dimension, value, line`, as read or formed. */
  table: ColumnTable;
  /** Each conversation once, with the line of its row and the file: `id, line, file`. */
  ids: ColumnTable;
  /** dimension → id → value (null where not rated). */
  values: Map<string, Map<string, number | null>>;
  /** The rater's file, or the group's members. */
  where: string;
}

function seriesOf(table: ColumnTable, file: string, where: string, idsOf?: ColumnTable): Series {
  const ids = idsOf ?? table.groupby('id').rollup({ line: aq.op.min('line') }).derive({ file: aq.escape(() => file) });
  const values = new Map<string, Map<string, number | null>>();
  const id = table.array('id') as string[];
  const dimension = table.array('dimension') as string[];
  const value = table.array('value') as (number | null | undefined)[];
  for (let i = 0; i < id.length; i++) {
    let byId = values.get(dimension[i]);
    if (!byId) values.set(dimension[i], (byId = new Map()));
    byId.set(id[i], value[i] ?? null);
  }
  return { table, ids, values, where };
}

/** The rater and group series of one framework. */
export class FrameworkSeries {
  private readonly series = new Map<string, Series>();

  constructor(raters: RaterSeries[]) {
    for (const r of raters) this.series.set(r.rater, seriesOf(r.table, r.file, r.file));
  }

  private get(name: string): Series {
    const s = this.series.get(name);
    if (!s) throw new Error(`no series named ${name}`);
    return s;
  }

  /**
   * Problems for the conversations that `a` has and `b` lacks, and the other way round: each
   * located at the row of the file that has it.
   */
  unmatched(a: string, b: string): Problem[] {
    const report = (has: string, lacks: string): Problem[] => {
      const extra = this.get(has).ids.antijoin(this.get(lacks).ids, 'id').orderby('line').objects() as { id: string; line: number; file: string }[];
      return extra.map((row) => ({ file: row.file, line: row.line, column: null, message: msg.notRatedBy(lacks, this.get(lacks).where), value: row.id }));
    };
    return [...report(a, b), ...report(b, a)];
  }

  /**
   * Forms a group from its members, after checking that they rated the same conversations;
   * returns the problems found (the group is not formed when there are any).
   *
   * @example
   * series.addGroup({ name: 'experts', combine: 'median', members: ['expert1', 'expert2', 'expert3'] }); // []
   */
  addGroup(group: GroupSpec): Problem[] {
    const { members, combine } = group;
    const problems = members.slice(1).flatMap((m) => this.unmatched(members[0], m));
    if (problems.length > 0) return problems;
    const formed = members
      .map((m) => this.get(m).table)
      .reduce((all, t) => all.concat(t))
      .groupby('id', 'dimension')
      .rollup({ values: aq.op.array_agg('value') })
      .derive({
        // numpy's median of a NaN is NaN: a group value is missing when any member's is
        // (array_agg keeps only the values present).
        value: aq.escape((d: { values: number[] }) =>
          d.values.length < members.length ? null : combine === 'median' ? median(d.values) : d.values.reduce((s, v) => s + v, 0) / d.values.length,
        ),
      })
      .select('id', 'dimension', 'value');
    // The group's conversations are its first member's (all members have the same), so a problem
    // with one is located in that member's file.
    const first = this.get(members[0]);
    this.series.set(group.name, seriesOf(formed, first.where, `the ${combine} of ${members.join(', ')}`, first.ids));
    return [];
  }

  /**
   * The two raters' values on one dimension, joined on the conversation id, in id order (text
   * order). Check `unmatched(a, b)` first: conversations either side lacks are left out here.
   *
   * @example
   * series.aligned('experts', 'llm', 'empathy'); // { a: [4, 5, …], b: [4, 4, …] } (50 each)
   */
  aligned(a: string, b: string, dimension: string): { a: (number | null)[]; b: (number | null)[] } {
    const left = this.get(a).values.get(dimension) ?? new Map<string, number | null>();
    const right = this.get(b).values.get(dimension) ?? new Map<string, number | null>();
    const ids = [...left.keys()].filter((id) => right.has(id)).sort();
    return { a: ids.map((id) => left.get(id)!), b: ids.map((id) => right.get(id)!) };
  }

  /** Units for Krippendorff's alpha: per conversation (id order), the values of `raters` on `dimension`. */
  units(raters: string[], dimension: string): (number | null)[][] {
    const columns = raters.map((r) => this.get(r).values.get(dimension) ?? new Map<string, number | null>());
    const ids = [...new Set(columns.flatMap((c) => [...c.keys()]))].sort();
    return ids.map((id) => columns.map((c) => c.get(id) ?? null));
  }

  /** Conversations rated by `name`. */
  conversations(name: string): number {
    return this.get(name).ids.numRows();
  }
}
