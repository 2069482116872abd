// Accessibility and layout: axe-core (WCAG 2 A and AA) finds no violation on
// `/`, a tournament page, a venue page and `/carte` (and a city page, a
// filtered list, a text page and the 404 page); tap targets are at least
// 24 px (WCAG 2.2 target-size) at 1280 and 375 px; at 360 px nothing scrolls
// sideways; screenshots at 1280 and 375 px wide are written to PFT_E2E_OUT
// (the build folder's e2e-screenshots/) for review.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  launch, newContext, open, withPage, api, siteUrl, screenshot, problemsOf, OUT,
} from './lib/harness.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
let base;
const pages = [];  // [name, path]

// axe is evaluated through the DevTools protocol: page.addScriptTag would
// add an inline <script>, which the site's Content-Security-Policy
// (script-src 'self') rightly refuses.
async function axe(page, options) {
  await page.evaluate(AXE);
  return page.evaluate((opts) => window.axe.run(document, opts), options);
}

function describeViolations(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(0, 2).join(' ')}`).join('\n')).join('\n');
}

// Leaflet's map waits for its data: the page is complete once markers are in.
async function settle(page, path) {
  if (path.startsWith('/carte')) await page.waitForSelector('#map[data-markers]', { timeout: 15000 });
}

describe('accessibility and layout', () => {
  before(async () => {
    base = siteUrl();
    browser = await launch();
    const list = await api(base, '/tournaments?q=croix-rousse%20deepstack&limit=1');
    const t = (list.items ?? list.tournaments ?? list)[0];
    assert.ok(t, 'demo tournament not found');
    // [name, path, screenshot]: the four pages, then other kinds of page.
    pages.push(['home', '/', true], ['tournament', `/tournois/${t.id}`, true], ['venue', `/lieux/${t.venue.id}`, true],
      ['map', '/carte', true], ['city', '/villes/lyon'], ['filtered', '/?city=Lyon&quand=cette-semaine&variant=NLHE'],
      ['about', '/a-propos'], ['not-found', '/page-inconnue']);
    const festival = (await api(base, '/series?limit=1'))[0];
    assert.ok(festival, 'demo festival not found');
    pages.push(['festival', `/festivals/${festival.id}`, true]);
  });
  after(async () => {
    await browser?.close();
  });

  // One load per page and width: axe (WCAG 2 A + AA, and WCAG 2.2's
  // target-size, its only AA rule beyond 2.1), the screenshot, and at 360 px
  // the horizontal-scroll check.
  it('desktop (1280 px): axe wcag2a + wcag2aa + target-size, screenshots', async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const failures = [];
    try {
      for (const [name, path, shot] of pages) {
        await withPage(context, `desktop-${name}`, async (page) => {
          await open(page, base + path, { status: name === 'not-found' ? 404 : 200 });
          await settle(page, path);
          const result = await axe(page, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag22aa'] } });
          if (result.violations.length) failures.push(`${path}:\n${describeViolations(result.violations)}`);
          assert.ok(result.passes.length > 10, `${path}: axe checked almost nothing`);
          assert.deepEqual(problemsOf(page), [], `${path}: console errors`);
          if (shot) {
            await screenshot(page, `${name}-desktop`);
            if (name === 'home') await page.screenshot({ path: `${OUT}/home-desktop-viewport.png` });
          }
        });
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  it('mobile (375 px, 360 px): tap targets, screenshots, no horizontal scroll', async () => {
    const context = await newContext(browser, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const failures = [];
    try {
      for (const [name, path, shot] of pages) {
        await withPage(context, `mobile-${name}`, async (page) => {
          await open(page, base + path, { status: name === 'not-found' ? 404 : 200 });
          await settle(page, path);
          if (shot) {
            await screenshot(page, `${name}-mobile`);
            const result = await axe(page, { runOnly: { type: 'rule', values: ['target-size'] } });
            if (result.violations.length) failures.push(`${path} at 375 px:\n${describeViolations(result.violations)}`);
          }
          await page.setViewportSize({ width: 360, height: 740 });
          // Open the extra filters too: the widest part of the form.
          if (await page.locator('details.more:not([open])').count()) await page.locator('details.more > summary').click();
          const { scroll, client, culprit } = await page.evaluate(() => {
            const w = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('body *')].find((el) => el.getBoundingClientRect().right > w + 1);
            return { scroll: document.documentElement.scrollWidth, client: w, culprit: wide ? wide.outerHTML.slice(0, 160) : '' };
          });
          if (scroll > client) failures.push(`${path}: ${scroll} px wide in a ${client} px window (${culprit})`);
        });
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  });
});
