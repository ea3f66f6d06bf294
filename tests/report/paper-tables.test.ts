/**
 * The results as tables for a paper (results-table.tex, results-table.md): APA-formatted cells
 * (APA Publication Manual, 7th ed., 6.36 and 6.44: italic statistic symbols, p without a leading
 * zero and "< .001", a true minus, df whole or to two decimals, the 95% CI in brackets), a LaTeX
 * table with booktabs rules whose every row has one cell per column, and a Markdown table that
 * markdown-it (CommonMark with GFM tables) reads back cell for cell. Text from the data (ids,
 * contrasts, scenario names) reaches neither format as markup.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../pipeline/analyze/types.ts';
import { cellText, escapeLatex, paperTables, renderLatex, renderMarkdown } from '../../pipeline/report/paper-tables.ts';
import { fixtureResults } from './fixture.ts';

const results = fixtureResults();
const tables = paperTables(results, '2026-11-26');
const byId = (id: string) => tables.flatMap((table) => table.rows).find((row) => cellText(row[0]) === id)!.map(cellText);

describe('the paper tables', () => {
  it('hold every confirmatory result in the first table and every exploratory one in the second', () => {
    expect(tables.map((table) => table.caption)).toEqual(['Preregistered (confirmatory) results', 'Exploratory results']);
    expect(tables[0].rows.map((row) => cellText(row[0]))).toEqual(results.tests.filter((r) => r.status === 'confirmatory').map((r) => r.id));
    expect(tables[1].rows.map((row) => cellText(row[0]))).toEqual(['X1.coach_vs_control']);
  });

  it('write each result as APA prints it', () => {
    // H1 of the fixture: estimate 0.412, SE 0.071, CI 0.412 ± 1.968 × 0.071; d = 0.412 / 0.45.
    expect(byId('H1')).toEqual(['H1', 'coach − control, alignment', '200', '0.41 [0.27, 0.55]', 't(296) = 5.80', '< .001', '< .001 (Holm)', 'd = 0.92 [0.61, 1.23]', 'Supported']);
    expect(byId('H3')).toEqual(['H3', 'video − control, alignment', '200', '0.06 [−0.07, 0.20]', 't(296) = 0.88', '.377', '—', 'd = 0.14 [−0.17, 0.44]', 'Not supported']);
    expect(byId('H5.encouraging_elaboration')).toEqual(['H5.encouraging_elaboration', 'Said vs judged: encouraging elaboration', '296', '.52', 'McNemar, 160/6 discordant', '< .001', '< .001 (Holm)', '—', 'Supported']);
    expect(byId('H6.jes')).toEqual(['H6.jes', 'Trait empathy (JES) vs round-1 alignment', '296', '.03 [−.08, .14]', 'r(294) = .03', '.595', '.048 (TOST)', '—', 'Supported']);
    expect(byId('H7')).toEqual(['H7', 'Share of aligned choices vs .5', '296', '0.63 [0.61, 0.66]', 't(295) = 11.96', '< .001', '—', '—', 'Supported']);
    // A Welch df keeps two decimals; the exploratory table has no decision column.
    expect(byId('X1.coach_vs_control')).toEqual(['X1.coach_vs_control', 'coach − control, alignment', '198', '0.39 [0.20, 0.57]', 't(190.46) = 4.16', '< .001', '—', 'd = 0.86 [0.45, 1.27]']);
  });

  it('say under each table whose preregistration decides, and that the data are synthetic', () => {
    expect(cellText(tables[0].note)).toMatch(/^The tests and decision rules are this project's reconstruction of the study's preregistration, locked on 2026-11-26, not the authors' own/);
    for (const table of tables) expect(cellText(table.note)).toContain('SYNTHETIC DATA');
  });
});

describe('results-table.tex', () => {
  const hostile = fixtureResults();
  hostile.tests.push({ ...hostile.tests.find((r) => r.id === 'X1.coach_vs_control')!, id: 'X3.s', method: 'ancova_by_scenario', scenario: '50% & _x_ {y} \\input{z} $w$ #1 ~^ <b>' } as TestResult);
  const latex = renderLatex(paperTables(hostile, '2026-11-26'));

  it('is one booktabs table per table, each row a cell per column', () => {
    expect(latex.match(/\\begin\{table\}/g)).toHaveLength(2);
    for (const rule of ['toprule', 'midrule', 'bottomrule']) expect(latex.match(new RegExp(`\\\\${rule}`, 'g'))).toHaveLength(2);
    const tabulars = [...latex.matchAll(/\\begin\{tabular\}\{([lr]+)\}\n([\s\S]*?)\\end\{tabular\}/g)];
    expect(tabulars).toHaveLength(2);
    for (const [, spec, body] of tabulars) {
      const rows = body.split('\n').filter((line) => line.endsWith('\\\\'));
      expect(rows.length).toBeGreaterThan(1);
      // Unescaped & separates cells: one fewer than the columns on every row.
      for (const line of rows) expect(line.match(/(?<!\\)&/g)?.length ?? 0, line).toBe(spec.length - 1);
    }
  });

  it('sets symbols in italics and the minus, "<" and dashes as LaTeX prints them', () => {
    expect(latex).toContain('H1 & coach $-$ control, alignment & 200 & 0.41 [0.27, 0.55] & \\textit{t}(296) = 5.80 & $<$ .001 & $<$ .001 (Holm) & \\textit{d} = 0.92 [0.61, 1.23] & Supported \\\\');
    expect(latex).toContain('\\textit{Note.}');
  });

  it('escapes text from the data: no command, group, math or cell break from a scenario name', () => {
    const line = latex.split('\n').find((l) => l.startsWith('X3.s'))!;
    expect(line).toContain('50\\% \\& \\_x\\_ \\{y\\} \\textbackslash{}input\\{z\\} \\$w\\$ \\#1 \\textasciitilde{}\\textasciicircum{} $<$b$>$');
    // Braces balance and math shifts pair up on every line.
    for (const l of latex.split('\n')) {
      const unescaped = (ch: string) => (l.match(new RegExp(`(?<!\\\\)\\${ch}`, 'g')) ?? []).length;
      expect(unescaped('{'), l).toBe(unescaped('}'));
      expect(unescaped('$') % 2, l).toBe(0);
    }
    expect(escapeLatex('−0.12 – “x”')).toBe("$-$0.12 -- ``x''");
  });
});

describe('results-table.md', () => {
  const markdown = new MarkdownIt({ html: true, linkify: false });
  const hostile = fixtureResults();
  hostile.tests.push({ ...hostile.tests.find((r) => r.id === 'X1.coach_vs_control')!, id: 'X3.s', method: 'ancova_by_scenario', scenario: '<script>x</script> | [a](javascript:b) *c*' } as TestResult);
  const hostileTables = paperTables(hostile, '2026-11-26');
  const source = renderMarkdown(hostileTables);

  it('is read back by a Markdown parser as the same tables, cell for cell, symbols in italics', () => {
    const tokens = markdown.parse(source, {});
    const tablesRead: string[][][] = [];
    let current: string[][] = [];
    let rowCells: string[] | null = null;
    for (const token of tokens) {
      if (token.type === 'table_open') current = [];
      if (token.type === 'tr_open') rowCells = [];
      if (token.type === 'inline' && rowCells !== null) rowCells.push(token.children!.filter((c) => c.type === 'text' || c.type === 'text_special').map((c) => c.content).join(''));
      if (token.type === 'tr_close' && rowCells !== null) {
        current.push(rowCells);
        rowCells = null;
      }
      if (token.type === 'table_close') tablesRead.push(current);
    }
    expect(tablesRead).toHaveLength(2);
    hostileTables.forEach((table, i) => {
      expect(tablesRead[i]).toEqual([table.columns.map((c) => cellText(c.title)), ...table.rows.map((row) => row.map(cellText))]);
    });
    expect(tokens.some((t) => t.type === 'html_inline' || t.type === 'html_block')).toBe(false);
    expect(markdown.render(source)).toContain('<em>t</em>(296) = 5.80');
    expect(markdown.render(source)).not.toContain('<a ');
  });
});
