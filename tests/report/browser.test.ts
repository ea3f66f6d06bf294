/**
 * A real headless Chromium opens report.html from disk (file://), offline: every chart is drawn
 * (inline SVG with marks), the console stays clean, and `<script>` in the study's text fields runs
 * nothing. Skipped, with the reason, when /usr/bin/chromium is missing, unless REQUIRE_BROWSER=1
 * (as in CI), in which case a missing browser fails.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../pipeline/report/index.ts';
import { EVIL, hostileInputs } from './fixture.ts';

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
        'fig-consort', 'fig-forest', 'fig-alignment', 'fig-dimension-change', 'fig-silent-empathy', 'fig-trait-empathy', 'fig-perception', 'fig-reliability-kappa', 'fig-tag-frequencies',
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
