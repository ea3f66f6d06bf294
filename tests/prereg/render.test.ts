/**
 * PREREGISTRATION.md is generated from preregistration.yaml; the committed copy must be exactly the
 * current rendering (regenerate with `npx tsx scripts/lock-prereg.ts --render-only`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPreregistration } from '../../pipeline/prereg/load.ts';
import { markdownCell } from '../../pipeline/escape/markdown.ts';
import { renderPreregistrationMarkdown } from '../../pipeline/prereg/render.ts';

describe('PREREGISTRATION.md', () => {
  const { prereg } = loadPreregistration('preregistration/preregistration.yaml');
  const rendered = renderPreregistrationMarkdown(prereg);

  it('is the current rendering of preregistration.yaml', () => {
    expect(readFileSync('preregistration/PREREGISTRATION.md', 'utf8')).toBe(rendered);
  });

  it('has one table row per hypothesis, with its correction and tag', () => {
    for (const h of prereg.hypotheses) expect(rendered).toContain(`| ${h.id} | `);
    expect(rendered).toMatch(/\| H1 \| .* \| holm \(C1\) \| confirmatory, reconstructed \|/);
    expect(rendered).toMatch(/\| H3 \| .* \| none \| confirmatory, reconstructed \|/);
    expect(rendered).toMatch(/\| H4\.advice_giving\.coach_vs_video \| .* \| negative \| p below alpha \| bh \(C2\) \|/);
  });
});

describe('markdownCell', () => {
  it('escapes pipes and folds line breaks so a row stays one row', () => {
    expect(markdownCell('a | b\nc')).toBe('a \\| b c');
  });
});
