/**
 * The shared Markdown escaper, checked against markdown-it (a CommonMark parser with GFM tables,
 * run with raw HTML allowed, as the most permissive viewer would be): hostile text comes out as
 * the same characters, as text, never as HTML, a link, an image, emphasis, a code span, a heading
 * or a list, and a table cell stays one cell of one row.
 */
import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDiagnosisMarkdown } from '../../pipeline/diagnose/render-md.ts';
import type { DiagnosisDoc } from '../../pipeline/diagnose/types.ts';
import { escapeMarkdown, markdownCell, markdownCode } from '../../pipeline/escape/markdown.ts';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { renderPreregistrationMarkdown } from '../../pipeline/prereg/render.ts';

const markdown = new MarkdownIt({ html: true, linkify: false });

/** Hostile text: HTML, links and images, autolinks, entities, emphasis, code, block markers. */
export const HOSTILE_MARKDOWN = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '![x](http://tracker.example/p.png)',
  '<javascript:alert(1)>',
  '[a]: javascript:alert(1)',
  '&lt;script&gt;',
  '**bold** _em_ ~~strike~~ `code`',
  '# heading',
  '- item',
  '1. item',
  '> quote',
  '---',
  'a | b | c',
  'back\\slash\\',
  '_leading and trailing_',
  '<!-- comment -->',
];

/** The inline tokens of a one-paragraph document, with what they add up to as text. */
function inlineOf(source: string) {
  const tokens = markdown.parse(source, {});
  expect(tokens.map((t) => t.type)).toEqual(['paragraph_open', 'inline', 'paragraph_close']);
  const children = tokens[1].children ?? [];
  return { types: [...new Set(children.map((c) => c.type))], text: children.map((c) => c.content).join('') };
}

describe('escapeMarkdown', () => {
  it.each(HOSTILE_MARKDOWN)('renders %j as the same characters, as plain text', (text) => {
    const { types, text: shown } = inlineOf(escapeMarkdown(text));
    expect(types).toEqual(['text']);
    expect(shown).toBe(text);
  });

  it('folds line breaks and replaces other control characters, so the text stays on its line', () => {
    expect(escapeMarkdown('a\nb\r\nc\td')).toBe('a b c d');
    expect(escapeMarkdown('\u001b[31mred\u0000')).toBe('\uFFFD\\[31mred\uFFFD');
  });

  it('leaves the study\'s own words readable', () => {
    for (const word of ['H4.validating_emotions.coach_vs_video', 'ancova_ols_hc3; alignment; coach - control', 'alpha changed: planned 0.05, ran 0.1', '-0.5', '2.31e-75'])
      expect(escapeMarkdown(word)).toBe(word);
  });

  it('any text of markup characters renders as itself (property)', () => {
    const char = fc.constantFrom('<', '>', '[', ']', '(', ')', '!', '*', '_', '~', '`', '&', '#', '|', '\\', '-', '+', '=', '.', '1', 'a', ' ', ':', ';', '/');
    fc.assert(
      fc.property(fc.string({ unit: char, minLength: 1, maxLength: 16 }), (text) => {
        fc.pre(text.trim() === text && text !== '');
        const { types, text: shown } = inlineOf(escapeMarkdown(text));
        expect(types).toEqual(['text']);
        expect(shown).toBe(text);
      }),
      { numRuns: 300, seed: 20261126 },
    );
  });
});

describe('markdownCell', () => {
  it('keeps each hostile text in one cell of one row, as text', () => {
    const row = `| ${HOSTILE_MARKDOWN.map(markdownCell).join(' | ')} |`;
    const source = [`| ${HOSTILE_MARKDOWN.map((_, i) => `c${i}`).join(' | ')} |`, `| ${HOSTILE_MARKDOWN.map(() => '---').join(' | ')} |`, row].join('\n');
    const tokens = markdown.parse(source, {});
    const body = tokens.slice(tokens.findIndex((t) => t.type === 'tbody_open'));
    expect(body.filter((t) => t.type === 'tr_open')).toHaveLength(1);
    const cells = body.filter((t) => t.type === 'inline');
    expect(cells.map((c) => (c.children ?? []).map((k) => k.content).join(''))).toEqual(HOSTILE_MARKDOWN);
    for (const c of cells) expect(new Set((c.children ?? []).map((k) => k.type))).toEqual(new Set(['text']));
    expect(markdown.render(source)).not.toMatch(/<(script|img|a |em|strong|code|s>|h1)/);
  });
});

describe('markdownCode', () => {
  it('shows a path with backticks and markup as the same characters in one code span', () => {
    for (const path of ['preregistration/preregistration.yaml', 'a`b``c', '`start', '<script>x</script>.yaml']) {
      const tokens = markdown.parseInline(markdownCode(path), {})[0].children ?? [];
      expect(tokens.map((t) => t.type)).toEqual(['code_inline']);
      expect(tokens[0].content).toBe(path);
    }
  });
});

describe('the Markdown files the pipeline writes', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const LINK = '[x](javascript:alert(1))';
  const viewer = (md: string) => markdown.render(md);

  it('PREREGISTRATION.md shows a preregistration\'s hostile words as text', () => {
    const { prereg } = loadPreregistration();
    const hostile = structuredClone(prereg);
    hostile.title = SCRIPT;
    hostile.hypotheses[0].question = LINK;
    hostile.hypotheses[1].family = `# ${SCRIPT}`;
    hostile.missing_data!.description = `- ${LINK} <img src=x onerror=alert(1)>`;
    hostile.reliability.rater_groups[0].name = 'a`b';
    const html = viewer(renderPreregistrationMarkdown(hostile));
    expect(html).not.toMatch(/<script|<img|<a |href=/);
    expect(html).toContain('<h1>Preregistration: &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(html).toContain('<h3># &lt;script&gt;alert(1)&lt;/script&gt;</h3>');
    expect(html).toContain('<p>- [x](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt;</p>');
    expect(html).toContain('<code>a`b</code>');
  });

  it('diagnosis.md shows a hostile preregistration path and family name as text', () => {
    const doc = JSON.parse(readFileSync('reports/diagnosis/diagnosis.json', 'utf8')) as DiagnosisDoc;
    doc.settings.preregistration.file = `${LINK}${SCRIPT}.yaml`;
    doc.family_wise_error[0].family = `${SCRIPT} | x`;
    const html = viewer(renderDiagnosisMarkdown(doc));
    expect(html).not.toMatch(/<script|<a |href=/);
    expect(html).toContain('preregistration [x](javascript:alert(1))&lt;script&gt;alert(1)&lt;/script&gt;.yaml');
    expect(html).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt; | x</td>');
  });
});
