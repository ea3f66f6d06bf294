/**
 * A Markdown table from a header and rows of cells (already formatted).
 *
 * @example
 * markdownTable(['a', 'b'], [['1', '2']]); // '| a | b |\n|---|---|\n| 1 | 2 |'
 */
export function markdownTable(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Seconds with two decimals, MB as a whole number. */
export const s2 = (x: number): string => x.toFixed(2);
export const mb = (x: number): string => x.toFixed(0);

/** The heading that starts the A/B section of bench/results.md (bench/ab.ts --record). */
export const AB_HEADING = '## A/B against another checkout';

/**
 * The A/B section of a results.md text, from its heading to the end, or '' when it has none.
 *
 * @example
 * abSection('# Benchmark\n…\n## A/B against another checkout\n…') // '\n## A/B against another checkout\n…'
 */
export function abSection(text: string): string {
  const at = text.indexOf(`\n${AB_HEADING}`);
  return at === -1 ? '' : text.slice(at);
}
