// /carte: Leaflet draws one marker per located venue, grouped in clusters;
// the France outline is always drawn; when the tiles fail (the "site"
// server's tile host is blocked) or none is configured (the "plain" server),
// the map says « Fond de carte indisponible » and stays usable; popups link to
// the venue; the venue list under the map works without JavaScript.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, open, withPage, api, siteUrl, plainUrl, problemsOf, openPopup, TILE_HOST,
} from './lib/harness.js';

let browser;

async function drawn(page) {
  await page.waitForSelector('#map[data-markers]', { timeout: 15000 });
  return page.evaluate(() => ({
    markers: Number(document.getElementById('map').dataset.markers),
    clusters: document.querySelectorAll('.leaflet-marker-pane .marker-cluster').length,
    single: document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon:not(.marker-cluster)').length,
    outline: [...document.querySelectorAll('.leaflet-overlay-pane path')].reduce((n, p) => n + (p.getAttribute('d') || '').length, 0),
    notice: (() => {
      const n = document.getElementById('map-notice');
      return n && !n.hidden && n.offsetParent !== null ? n.textContent.trim() : '';
    })(),
  }));
}

describe('map /carte', () => {
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('markers and clusters over the outline; blocked tiles give the notice', async () => {
    const base = siteUrl();
    const context = await newContext(browser);
    try {
      await withPage(context, 'map-tiles-blocked', async (page) => {
        await open(page, `${base}/carte`);
        const venues = await api(base, '/carte/lieux.json');
        assert.ok(venues.length >= 10, `${venues.length} located venues in the demo`);
        const map = await drawn(page);
        assert.equal(map.markers, venues.length, 'one marker per located venue');
        assert.ok(map.clusters >= 1, 'close venues (Paris, Lyon) are clustered at the start');
        assert.ok(map.outline > 1000, 'the France outline is drawn');
        await page.waitForFunction(() => !document.getElementById('map-notice').hidden, null, { timeout: 10000 });
        assert.match(await page.locator('#map-notice').textContent(), /Fond de carte indisponible/);
        assert.ok(context.blocked.some((u) => new URL(u).hostname === TILE_HOST), 'the tiles were asked for');
        assert.deepEqual(context.blocked.filter((u) => new URL(u).hostname !== TILE_HOST), [],
          'nothing but the tiles leaves 127.0.0.1');

        // A cluster opens on click (zoom or spiderfy) and shows more markers.
        const before = map.single;
        await page.locator('.leaflet-marker-pane .marker-cluster').first().click();
        await page.waitForFunction((n) =>
          document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon:not(.marker-cluster)').length > n, before,
        { timeout: 10000 });

        // A marker's popup (opened from the keyboard) links to its venue page, with the venue's name.
        const marker = page.locator('.leaflet-marker-pane .leaflet-marker-icon:not(.marker-cluster)').first();
        const title = await marker.getAttribute('title');
        await openPopup(page, marker);
        const link = page.locator('.leaflet-popup-content .map-popup > a').first();
        assert.equal(await link.textContent(), title);
        assert.match(await link.getAttribute('href'), /^\/lieux\/\d+-/);
        assert.ok(await page.locator('.leaflet-popup-content li a[href^="/tournois/"]').count() >= 1);
        assert.deepEqual(problemsOf(page), []);
      });
    } finally {
      await context.close();
    }
  });

  it('no tile URL: outline only, notice shown, no request leaves 127.0.0.1', async () => {
    const base = plainUrl();
    const context = await newContext(browser);
    try {
      await withPage(context, 'map-no-tiles', async (page) => {
        await open(page, `${base}/carte`);
        const map = await drawn(page);
        assert.ok(map.markers > 0);
        assert.ok(map.outline > 1000);
        assert.match(map.notice, /Fond de carte indisponible/);
        assert.deepEqual(context.blocked, []);
        assert.deepEqual(problemsOf(page), []);
      });
    } finally {
      await context.close();
    }
  });

  it('takes the list\'s filters: /carte?city=Lyon shows Lyon only', async () => {
    const base = plainUrl();
    const context = await newContext(browser);
    try {
      await withPage(context, 'map-filtered', async (page) => {
        await open(page, `${base}/carte?city=Lyon`);
        const venues = await api(base, '/carte/lieux.json?city=Lyon');
        const all = await api(base, '/carte/lieux.json');
        assert.ok(venues.length >= 1 && venues.length < all.length);
        assert.ok(venues.every((v) => v.city === 'Lyon'));
        assert.equal((await drawn(page)).markers, venues.length);
        const listed = await page.locator('ul.venue-list > li > a:first-child').allTextContents();
        assert.deepEqual([...listed].sort(), venues.map((v) => v.name).sort());
      });
    } finally {
      await context.close();
    }
  });

  it('without JavaScript: the venue list under the map', async () => {
    const base = siteUrl();
    const context = await newContext(browser, { javaScriptEnabled: false });
    try {
      await withPage(context, 'map-no-js', async (page) => {
        await open(page, `${base}/carte`);
        const links = await page.locator('ul.venue-list a[href^="/lieux/"]').count();
        const venues = await api(base, '/carte/lieux.json');
        assert.ok(links >= venues.length, `${links} venue links for ${venues.length} located venues`);
        assert.equal(await page.locator('.leaflet-container').count(), 0);
      });
    } finally {
      await context.close();
    }
  });
});
