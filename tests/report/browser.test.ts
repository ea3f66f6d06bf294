/**
 * A real headless Chromium opens report.html from disk (file://), offline: every chart is drawn
 * (inline SVG with marks), the console stays clean, and `<script>` in the study's text fields runs
 * nothing. The page's frame: the summary is on the first screen, every link of the contents leads
 * to a section, nothing is wider than the page on a wide or a laptop screen, and in print (A4) no
 * table scrolls, tables and charts are kept whole, and a PDF is made. Skipped, with the reason,
 * when /usr/bin/chromium is missing, unless REQUIRE_BROWSER=1 (as in CI), in which case a missing
 * browser fails.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { writeReport } from '../../pipeline/report/index.ts';
import { PAGE_MAX_WIDTH_PX } from '../../pipeline/report/style.ts';
import { EVIL, fixtureInputs, hostileInputs } from './fixture.ts';

// The page's own globals, used inside page.evaluate (which runs in the browser): declared here,
// in this module only, since the project type-checks without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare function getComputedStyle(element: any): any;
type Element = any;

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = process.env.REQUIRE_BROWSER === '1';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('report.html in headless Chromium', () => {
  if (!available && !required) {
    console.warn(`browser test skipped: ${CHROMIUM} not found (install chromium, or set REQUIRE_BROWSER=1 to make this a failure)`);
    it.skip(`skipped: ${CHROMIUM} not found`, () => {});
    return;
  }
  if (!available) {
    it('needs Chromium because REQUIRE_BROWSER=1', () => {
      throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM} does not exist`);
    });
    return;
  }

  it('renders every chart, logs no error, and executes no injected script', async () => {
    const out = mkdtempSync(join(tmpdir(), 'report-browser-'));
    const profile = mkdtempSync(join(tmpdir(), 'report-chromium-profile-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, offline: true });
    try {
      await writeReport(out, hostileInputs());
      const page = await context.newPage();
      const problems: string[] = [];
      const dialogs: string[] = [];
      const requests: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('dialog', async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
      });
      page.on('request', (req) => {
        if (!req.url().startsWith('file://')) requests.push(req.url());
      });
      await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });

      const charts = await page.$$eval('figure.chart', (figures) => figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const marks = svg ? svg.querySelectorAll('g[class*="role-mark"] > path, g[class*="role-mark"] > line, g[class*="role-mark"] > text, g[class*="role-mark"] > g').length : 0;
        return { id: f.id, width: box?.width ?? 0, height: box?.height ?? 0, marks };
      }));
      expect(charts.map((c) => c.id)).toEqual([
        // the kappa heatmap sits in the reliability section, after the other charts
        'fig-consort', 'fig-forest', 'fig-alignment', 'fig-dimension-change', 'fig-silent-empathy', 'fig-trait-empathy', 'fig-perception', 'fig-tag-frequencies', 'fig-reliability-kappa',
      ]);
      for (const c of charts) {
        expect(c.width, c.id).toBeGreaterThan(100);
        expect(c.height, c.id).toBeGreaterThan(100);
        expect(c.marks, c.id).toBeGreaterThan(0);
      }
      // The alignment chart draws one circle per participant and round (297 × 2 in the fixture).
      const circles = await page.$$eval('#fig-alignment g.mark-symbol path', (els) => els.length);
      expect(circles).toBe(2 * 297);

      expect(await page.evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(await page.$$eval('script', (els) => els.length)).toBe(0);
      // A quote in a data label must not have opened an attribute: no element has an on* handler.
      const handlers = await page.$$eval('*', (els) => els.flatMap((el) => Array.from(el.attributes as unknown as ArrayLike<{ name: string }>).map((a) => a.name)).filter((n) => n.startsWith('on')));
      expect(handlers).toEqual([]);
      await page.hover('#fig-reliability-kappa svg');
      expect(await page.textContent('h1')).toBe(EVIL);
      expect(dialogs).toEqual([]);
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await context.close();
      rmSync(out, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

/** What overflows the page: elements whose right edge is beyond the body's, scroll boxes that scroll. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const bodyRight = document.body.getBoundingClientRect().right;
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.closest('[id]') ? ` in #${el.closest('[id]')!.id}` : ''}`;
    const beyond = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > bodyRight + 0.5)
      .map(describe);
    const scrolls = [...document.querySelectorAll('.table-wrap, figure')]
      .filter((el) => el.scrollWidth > el.clientWidth + 0.5)
      .map(describe);
    const page = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    return { beyond, scrolls, page };
  });
}

describe('the report page in headless Chromium: summary, contents, width and print', () => {
  if (!available) {
    it.skip(`skipped: ${CHROMIUM} not found (the test above says whether that fails)`, () => {});
    return;
  }
  let out: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'report-frame-'));
    profile = mkdtempSync(join(tmpdir(), 'report-frame-profile-'));
    await writeReport(out, fixtureInputs());
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, offline: true });
    page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
  });
  afterAll(async () => {
    await context?.close();
    rmSync(out, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  it('shows the summary of the headline results on the first screen, and every contents link leads to a section', async () => {
    const summary = await page.$eval('#summary', (el) => ({ top: el.getBoundingClientRect().top, text: el.textContent ?? '', rows: el.querySelectorAll('tbody tr').length }));
    expect(summary.top).toBeLessThan(900);
    expect(summary.rows).toBe(9);
    expect(summary.text).toContain('Coach vs control: alignment at round 3');
    expect(summary.text).toContain('reconstruction of the preregistration, locked on 2026-11-26');
    const targets = await page.$$eval('nav.contents a', (links) => links.map((a) => {
      const id = (a.getAttribute('href') ?? '').slice(1);
      return { id, found: document.getElementById(id)?.tagName ?? null };
    }));
    expect(targets.length).toBeGreaterThan(5);
    for (const t of targets) expect(t.found, t.id).toBe('H2');
  });

  it('has nothing wider than the page on a wide screen or a laptop', async () => {
    for (const width of [1280, 900]) {
      await page.setViewportSize({ width, height: 900 });
      const o = await overflow(page);
      expect(o.page, `page scrolls sideways at ${width} px`).toBe(0);
      expect(o.beyond, `wider than the page at ${width} px`).toEqual([]);
      // At the full column width, no table or chart needs a scroll bar either.
      if (width === 1280) expect(o.scrolls).toEqual([]);
      const charts = await page.$$eval('figure.chart svg', (svgs) => svgs.map((svg) => svg.getBoundingClientRect().width));
      for (const w of charts) expect(w).toBeLessThanOrEqual(Math.min(width, PAGE_MAX_WIDTH_PX));
    }
  });

  it('prints on A4 with no scroll bar, tables and charts kept whole, and makes a PDF', async () => {
    // A4 less the @page margins of style.ts (210 mm − 2 × 12 mm = 186 mm = 703 CSS px; 297 mm − 2 × 15 mm = 267 mm = 1009 px).
    await page.setViewportSize({ width: 703, height: 1009 });
    await page.emulateMedia({ media: 'print' });
    try {
      const o = await overflow(page);
      expect(o.page).toBe(0);
      expect(o.beyond).toEqual([]);
      expect(o.scrolls).toEqual([]);
      const styles = await page.evaluate(() => ({
        wraps: [...document.querySelectorAll('.table-wrap, figure')].map((el) => getComputedStyle(el).overflowX),
        whole: [...document.querySelectorAll('table, figure')].map((el) => ({ tag: el.tagName, breakInside: getComputedStyle(el).breakInside, height: el.getBoundingClientRect().height })),
        headings: [...document.querySelectorAll('h2, h3')].map((el) => getComputedStyle(el).breakAfter),
        headerGroups: [...document.querySelectorAll('thead')].map((el) => getComputedStyle(el).display),
        rows: [...new Set([...document.querySelectorAll('tr')].map((el) => getComputedStyle(el).breakInside))],
      }));
      expect(new Set(styles.wraps)).toEqual(new Set(['visible']));
      for (const w of styles.whole) {
        expect(w.breakInside, w.tag).toBe('avoid');
        // A chart fits a page, so it is never split; a table longer than a page breaks between
        // rows only (below), its header repeated.
        if (w.tag === 'FIGURE') expect(w.height).toBeLessThan(1009);
      }
      expect(styles.rows).toEqual(['avoid']);
      expect(new Set(styles.headings)).toEqual(new Set(['avoid']));
      expect(new Set(styles.headerGroups)).toEqual(new Set(['table-header-group']));
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages).toBeGreaterThan(3);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });
});
