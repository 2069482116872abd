// The tournament page: its schema.org Event JSON-LD parses and carries
// Google's required and recommended properties (WEB-NOTES.md), matches the
// API's json_ld, and agrees with the page's canonical URL; the venue page
// lists the venue's tournaments; no page logs a console error.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, open, withPage, api, siteUrl, problemsOf } from './lib/harness.js';

const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d)$/;

let browser;
let context;
let base;

// The API's record of the demo tournament with a known time, an end, a buy-in
// with a fee and a located venue: the richest case for the JSON-LD.
async function richTournament() {
  const found = await api(base, '/tournaments?q=croix-rousse%20deepstack&limit=5');
  const items = found.items ?? found.tournaments ?? found;
  const t = items.find((x) => x.title === 'Deepstack de la Croix-Rousse');
  assert.ok(t, 'the demo tournament « Deepstack de la Croix-Rousse » is not served');
  return t;
}

describe('tournament and venue pages', () => {
  before(async () => {
    base = siteUrl();
    browser = await launch();
    context = await newContext(browser);
  });
  after(async () => {
    await browser?.close();
  });

  it('JSON-LD: a schema.org Event with Google\'s properties', async () => {
    const t = await richTournament();
    await withPage(context, 'jsonld', async (page) => {
      await open(page, `${base}/tournois/${t.id}`);  // the short form redirects to the canonical slug
      assert.match(new URL(page.url()).pathname, new RegExp(`^/tournois/${t.id}-[a-z0-9-]+$`));
      const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
      assert.equal(blocks.length, 1, 'one Event per page');
      const ld = JSON.parse(blocks[0]);
      const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');

      assert.equal(ld['@context'], 'https://schema.org');
      assert.equal(ld['@type'], 'Event');
      assert.equal(ld.name, t.title);
      assert.doesNotMatch(ld.name, /€|\d{1,2}\/\d{1,2}|\d{4}-\d\d-\d\d/, 'no price or date inside the name');
      assert.match(ld.startDate, ISO_WITH_OFFSET);
      assert.equal(ld.startDate, t.start_datetime_local);
      assert.match(ld.endDate, ISO_WITH_OFFSET);
      assert.equal(ld.endDate, t.end_datetime_local);
      assert.ok(new Date(ld.endDate) > new Date(ld.startDate));
      assert.equal(ld.eventStatus, 'https://schema.org/EventScheduled');
      assert.equal(ld.eventAttendanceMode, 'https://schema.org/OfflineEventAttendanceMode');

      const place = ld.location;
      assert.equal(place['@type'], 'Place');
      assert.equal(place.name, t.venue.name);
      assert.equal(place.address['@type'], 'PostalAddress');
      assert.equal(place.address.addressLocality, 'Lyon');
      assert.equal(place.address.postalCode, '69004');
      assert.ok(place.address.streetAddress.length > 0);
      assert.equal(place.address.addressCountry, 'FR');
      assert.equal(place.geo['@type'], 'GeoCoordinates');
      assert.ok(Math.abs(place.geo.latitude - 45.76) < 0.2 && Math.abs(place.geo.longitude - 4.84) < 0.2,
        `geo ${place.geo.latitude},${place.geo.longitude} is not Lyon`);

      assert.equal(ld.offers['@type'], 'Offer');
      assert.equal(ld.offers.price, (t.buy_in_cents / 100).toFixed(2));
      assert.equal(ld.offers.priceCurrency, 'EUR');
      assert.equal(ld.offers.availability, 'https://schema.org/InStock');
      assert.equal(ld.offers.url, canonical);
      assert.equal(ld.url, canonical);
      assert.ok(ld.organizer && ld.organizer.name, 'organizer with a name');
      assert.ok(['Organization', 'Person'].includes(ld.organizer['@type']));

      // One JSON shape for the API and the page.
      const fromApi = await api(base, `/tournaments/${t.id}`);
      assert.deepEqual(ld, fromApi.json_ld);

      // What the page says in words.
      assert.equal(await page.locator('h1').first().textContent(), t.title);
      assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
      const facts = await page.locator('section.facts').textContent();
      assert.match(facts, /50\s€ \+ 10\s€/, 'the buy-in with its fee split');
      assert.match(facts, /20\sh\s00/);
      assert.equal(await page.locator('meta[property="og:url"]').getAttribute('content'), canonical);
      const ics = page.getByRole('link', { name: 'Ajouter à mon agenda' });
      const icsResponse = await page.request.get(new URL(await ics.getAttribute('href'), base).href);
      assert.equal(icsResponse.status(), 200);
      assert.match(await icsResponse.text(), /BEGIN:VEVENT[\s\S]*Croix-Rousse/);
      assert.deepEqual(problemsOf(page), []);
    });
  });

  it('JSON-LD of a cancelled tournament says EventCancelled', async () => {
    const found = await api(base, '/tournaments?q=caritatif&limit=5');
    const items = found.items ?? found.tournaments ?? found;
    assert.equal(items.length, 1);
    await withPage(context, 'jsonld-cancelled', async (page) => {
      await open(page, `${base}/tournois/${items[0].id}`);
      const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
      assert.equal(ld.eventStatus, 'https://schema.org/EventCancelled');
      assert.match(await page.locator('h1 .badge').textContent(), /ANNULÉ/);
    });
  });

  it('venue page: address, its tournaments, subscribe link', async () => {
    const t = await richTournament();
    await withPage(context, 'venue', async (page) => {
      await open(page, `${base}/tournois/${t.id}`);
      await Promise.all([page.waitForURL(/\/lieux\//), page.locator('a.venue-name').click()]);
      assert.equal((await page.locator('h1').textContent()).trim(), t.venue.name);
      assert.match(await page.locator('address').textContent(), /69004/);
      const cards = await page.locator('li.card .card-title a').allTextContents();
      assert.ok(cards.includes(t.title), `${t.title} not among ${cards}`);
      const subscribe = await page.getByRole('link', { name: /S'abonner/ }).getAttribute('href');
      assert.match(subscribe, new RegExp(`^webcal://.+/tournaments\\.ics\\?venue_id=${t.venue.id}$`));
      assert.deepEqual(problemsOf(page), []);
    });
  });

  it('unknown and removed pages answer in French HTML', async () => {
    await withPage(context, 'not-found', async (page) => {
      await open(page, `${base}/tournois/99999999-nulle-part`, { status: 404 });
      assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
      assert.equal(await page.locator('h1').textContent(), 'Page introuvable');
      await open(page, `${base}/pas-de-page-ici`, { status: 404 });
      assert.equal(await page.locator('h1').textContent(), 'Page introuvable');
    });
  });
});
