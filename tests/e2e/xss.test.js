// XSS battery: the hostile fixture (tests/e2e/data/hostile.yml, all in
// Grenoble) puts markup, scripts, `</script>` (inside the JSON-LD),
// `javascript:` / `data:` links and bidirectional overrides in titles,
// venues, addresses, descriptions and links; the tests also reflect hostile
// query parameters. On every page: nothing runs (no dialog, window.__pwned
// never set), no element carries an event-handler attribute, every link is
// http(s), a site path, webcal: or tel:, the only scripts are ours, and the
// hostile text shows literally (bidi controls removed).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, open, withPage, api, siteUrl, problemsOf, openPopup, TILE_HOST,
} from './lib/harness.js';

const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
const shown = (text) => text.replace(BIDI, '').replace(/[\t ]+/g, ' ').trim();

let browser;
let context;
let base;
let hostile;  // API records of the fixture's tournaments

// The safety checks every page must pass.
async function assertInert(page, label) {
  const report = await page.evaluate((tileHost) => {
    const handlers = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) if (/^on/i.test(a.name)) handlers.push(`${el.tagName}[${a.name}]`);
    }
    const links = [...document.querySelectorAll('a[href], area[href], form[action], iframe, object, embed')]
      .map((el) => el.href || el.action || el.src || el.data || el.tagName)
      .filter((href) => !/^(https?:|webcal:|tel:)/i.test(href));
    const scripts = [...document.scripts]
      .filter((s) => !(s.type === 'application/ld+json' || (s.src && new URL(s.src).pathname.startsWith('/static/'))))
      .map((s) => s.outerHTML.slice(0, 120));
    // Ours: /static/ files, and the map's tiles from the configured tile host.
    const images = [...document.images].filter((i) => !new URL(i.src, location.href).pathname.startsWith('/static/') &&
      !(i.classList.contains('leaflet-tile') && new URL(i.src).hostname === tileHost))
      .map((i) => i.outerHTML.slice(0, 120));
    const svgs = [...document.querySelectorAll('svg')].filter((s) => !s.closest('header, figure.minimap, .leaflet-container'))
      .map((s) => s.outerHTML.slice(0, 120));
    return { pwned: window.__pwned ?? null, handlers, links, scripts, images, svgs, bidi: /[\u202A-\u202E\u2066-\u2069]/.test(document.body.innerText) };
  }, TILE_HOST);
  assert.equal(report.pwned, null, `${label}: a payload ran (window.__pwned = ${report.pwned})`);
  assert.deepEqual(context.dialogs, [], `${label}: a dialog opened`);
  assert.deepEqual(report.handlers, [], `${label}: event-handler attributes`);
  assert.deepEqual(report.links, [], `${label}: links that are not http(s), webcal: or tel:`);
  assert.deepEqual(report.scripts, [], `${label}: scripts that are not ours`);
  assert.deepEqual(report.images, [], `${label}: images that are not ours`);
  assert.deepEqual(report.svgs, [], `${label}: injected SVG`);
  assert.equal(report.bidi, false, `${label}: a bidirectional control reached the text`);
  assert.deepEqual(problemsOf(page), [], `${label}: console errors`);
}

describe('XSS battery', () => {
  before(async () => {
    base = siteUrl();
    browser = await launch();
    context = await newContext(browser);
    // Anything that runs and sets the flag must be seen even if it ran before our checks.
    await context.addInitScript(() => {
      let value;
      Object.defineProperty(window, '__pwned', { get: () => value, set: (v) => { value = v; document.title = `PWNED ${v}`; } });
    });
    const found = await api(base, '/tournaments?city=grenoble&limit=100');
    hostile = found.items ?? found.tournaments ?? found;
    assert.equal(hostile.length, 7, `the hostile fixture has 7 tournaments in Grenoble, the API lists ${hostile.length}`);
  });
  after(async () => {
    await browser?.close();
  });

  it('the fixture kept its payloads (what the battery throws is really there)', () => {
    const all = hostile.map((t) => `${t.title} ${t.description} ${t.venue.name} ${t.venue.address}`).join('\n');
    for (const needle of ['<script>', '"><img src=x onerror=', '</script>', '\u202e', '<svg', 'onmouseover=']) {
      assert.ok(all.includes(needle), `no tournament carries ${JSON.stringify(needle)}`);
    }
  });

  const withoutBidi = (s) => s.replace(/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');

  it('tournament pages: inert, literal text, JSON-LD intact', async () => {
    for (const t of hostile) {
      await withPage(context, `xss-tournament-${t.id}`, async (page) => {
        await open(page, `${base}/tournois/${t.id}`);
        const label = `/tournois/${t.id} (${JSON.stringify(t.title)})`;
        await assertInert(page, label);
        assert.equal(shown(await page.locator('h1').first().evaluate((h) => h.firstChild.textContent)), shown(t.title), `${label}: h1`);
        assert.ok((await page.title()).startsWith(shown(t.title)), `${label}: <title> is ${await page.title()}`);
        const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
        assert.equal(blocks.length, 1, `${label}: the JSON-LD block was split or lost`);
        assert.doesNotMatch(blocks[0], /<|>/, `${label}: raw < or > inside the JSON-LD`);
        const ld = JSON.parse(blocks[0]);
        // JSON-LD leaves out bidi controls (search engines would show them); the page keeps the text literal.
        assert.equal(ld.name, withoutBidi(t.title));
        assert.equal(ld.location.name, withoutBidi(t.venue.name));
        if (t.description) {
          const text = shown(await page.locator('section.description').innerText());
          for (const line of t.description.split('\n')) {
            assert.ok(text.includes(shown(line)), `${label}: description line ${JSON.stringify(line)} not shown literally`);
          }
        }
        const venue = shown(await page.locator('a.venue-name').innerText());
        assert.equal(venue, shown(t.venue.name));
        // Links from the data: only http(s) ones are links at all.
        const organiser = page.getByRole('link', { name: "Annonce de l'organisateur" });
        if (await organiser.count()) assert.match(await organiser.getAttribute('href'), /^https?:\/\//);
      });
    }
  });

  it('venue pages, the city page and the list: inert', async () => {
    const venues = [...new Map(hostile.map((t) => [t.venue.id, t.venue])).values()];
    assert.ok(venues.length >= 3);
    const paths = ['/villes/grenoble', '/?city=grenoble', '/departements/38', ...venues.map((v) => `/lieux/${v.id}`)];
    for (const path of paths) {
      await withPage(context, `xss-${path}`, async (page) => {
        await open(page, base + path);
        await assertInert(page, path);
        const cards = (await page.locator('li.card .card-title a').allInnerTexts()).map(shown);
        assert.ok(cards.length >= 1, `${path}: no card`);
        for (const title of cards) assert.ok(hostile.some((t) => shown(t.title) === title), `${path}: card ${title} is not a fixture title`);
      });
    }
  });

  it('hostile query parameters are echoed as text', async () => {
    const payload = '"><script>window.__pwned="query"</script><img src=x onerror=alert(1)>';
    const q = encodeURIComponent(payload);
    const cases = [
      [`/?city=${q}`, 200],
      [`/?q=${q}&variant=NLHE`, 200],
      [`/?quand=${q}`, 400],
      [`/?buy_in_min=${q}`, 400],
      [`/carte?quand=${q}`, 400],
      [`/villes/${q}`, 404],
    ];
    for (const [path, status] of cases) {
      await withPage(context, `xss-query-${status}`, async (page) => {
        await open(page, base + path, { status });
        await assertInert(page, path);
      });
    }
    await withPage(context, 'xss-query-echo', async (page) => {
      await open(page, `${base}/?city=${q}`);
      assert.equal(await page.getByLabel('Ville').inputValue(), payload);
      assert.ok((await page.locator('a.chip').first().innerText()).includes(payload));
      await open(page, `${base}/?quand=${q}`, { status: 400 });
      assert.ok((await page.locator('.notice-error').innerText()).includes(payload));
    });
  });

  it('map popups are built from text', async () => {
    await withPage(context, 'xss-map', async (page) => {
      await open(page, `${base}/carte?city=grenoble`);
      await page.waitForSelector('#map[data-markers]', { timeout: 15000 });
      const expected = Number(await page.locator('#map').getAttribute('data-markers'));
      assert.ok(expected >= 3, `${expected} venues in Grenoble`);
      // The fixture's venues share the city's coordinates: one cluster, which spiderfies on click.
      const icons = page.locator('.leaflet-marker-pane .leaflet-marker-icon:not(.marker-cluster)');
      if ((await icons.count()) < expected) {
        await page.locator('.leaflet-marker-pane .marker-cluster').first().click();
        await page.waitForFunction((n) => document.querySelectorAll(
          '.leaflet-marker-pane .leaflet-marker-icon:not(.marker-cluster)').length >= n, expected);
      }
      for (let i = 0; i < expected; i += 1) {
        await openPopup(page, icons.nth(i));
        const popup = page.locator('.leaflet-popup-content .map-popup');
        const name = shown(await popup.locator('> a').innerText());
        assert.ok(hostile.some((t) => shown(t.venue.name) === name), `popup names ${name}`);
        await assertInert(page, `/carte popup ${i}`);
      }
    });
  });
});
