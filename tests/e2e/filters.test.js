// The list page `/`: every filter of the form changes the list and the URL,
// and the URL alone gives the same list again; pagination walks every
// tournament once; the newcomer finds tonight's tournaments in Lyon in three
// clicks. Each listed card is checked against the API's record of the
// tournament (GET /tournaments/{id}), not against the page's own wording.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, open, withPage, listOf, countOf, api, siteUrl, serverNow, problemsOf, navigateBy,
} from './lib/harness.js';

let browser;
let context;
let base;
let baseline;  // the unfiltered first page
const records = new Map();

// "2026-12-05T12:00:00+01:00" -> the server's Paris day and weekday.
function parisToday() {
  const now = serverNow();
  const day = now.slice(0, 10);
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();  // 0 = Sunday
  return { day, weekday };
}

function addDays(day, n) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function fold(s) {
  return (s || '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function idOf(href) {
  const m = href.match(/^\/tournois\/(\d+)-/);
  assert.ok(m, `card link ${href} is not /tournois/{id}-{slug}`);
  return Number(m[1]);
}

async function record(href) {
  const id = idOf(href);
  if (!records.has(id)) records.set(id, (await api(base, `/tournaments/${id}`)).tournament);
  return records.get(id);
}

// « Plus de filtres »: opened by a click unless a filter in it is active (then it is open already).
async function openMore(page) {
  const details = page.locator('details.more');
  if ((await details.getAttribute('open')) === null) await details.locator('> summary').click();
}

function distanceKm(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

// Applies `act` on `/`, submits with `submit`, then checks: the URL carries
// `param`, the list changed, every card satisfies `holds`, the URL reloads the
// same list, and the page met no console error.
async function checkFilter(name, { act, submit = 'Filtrer', param, holds, more = false, contextOptions }) {
  const ctx = contextOptions ? await newContext(browser, contextOptions) : context;
  try {
    await withPage(ctx, `filter-${name}`, async (page) => {
      await open(page, `${base}/`);
      if (more) await openMore(page);
      await act(page);
      // The submitted page itself, loaded (« autour de moi » has submitted
      // once already: its URL matches before this submit).
      await navigateBy(page, () => page.getByRole('button', { name: submit, exact: true }).click());
      const url = new URL(page.url());
      assert.ok(url.searchParams.has(param), `${name}: ${url.search} lacks ${param}`);
      assert.deepEqual([...url.searchParams].filter(([, v]) => v === ''), [], `${name}: empty parameters in ${url.search}`);
      const list = await listOf(page);
      assert.notDeepEqual(list, baseline, `${name}: the list did not change (${url.search})`);
      for (const href of list.cards) {
        const t = await record(href);
        assert.ok(holds(t, url.searchParams), `${name}: ${t.title} (${t.start_datetime_local}, ${t.venue?.city}) breaks ${url.search}`);
      }
      await open(page, url.href);
      assert.deepEqual(await listOf(page), list, `${name}: reloading ${url.search} gave another list`);
      assert.deepEqual(problemsOf(page), [], `${name}: console errors`);
    });
  } finally {
    if (contextOptions) await ctx.close();
  }
}

describe('filters of /', () => {
  before(async () => {
    base = siteUrl();
    browser = await launch();
    context = await newContext(browser);
    const page = await context.newPage();
    await open(page, `${base}/`);
    baseline = await listOf(page);
    await page.close();
    assert.ok(baseline.cards.length === 20, `the demo should fill a first page of 20, got ${baseline.cards.length}`);
  });
  after(async () => {
    await browser?.close();
  });

  it('ville: typed city', () => checkFilter('ville', {
    act: (page) => page.getByLabel('Ville').fill('Lyon'),
    param: 'city',
    holds: (t) => fold(t.venue.city).includes('lyon'),
  }));

  it('quand: ce soir', () => checkFilter('ce-soir', {
    act: (page) => page.locator('label[for="quand-ce-soir"]').click(),
    param: 'quand',
    holds: (t) => t.start_datetime_local.slice(0, 10) === parisToday().day && Number(t.start_datetime_local.slice(11, 13)) >= 17,
  }));

  it('quand: ce week-end', () => checkFilter('ce-week-end', {
    act: (page) => page.locator('label[for="quand-ce-week-end"]').click(),
    param: 'quand',
    holds: (t) => {
      const { day, weekday } = parisToday();
      const start = t.start_datetime_local;
      const d = start.slice(0, 10);
      const friday = weekday === 0 ? addDays(day, -2) : weekday === 6 ? addDays(day, -1) : addDays(day, 5 - weekday);
      const sunday = addDays(friday, 2);
      if (d < day || d > sunday) return false;
      return d !== friday || Number(start.slice(11, 13)) >= 18;
    },
  }));

  it('quand: cette semaine', () => checkFilter('cette-semaine', {
    act: (page) => page.locator('label[for="quand-cette-semaine"]').click(),
    param: 'quand',
    holds: (t) => {
      const { day, weekday } = parisToday();
      const d = t.start_datetime_local.slice(0, 10);
      return d >= day && d <= addDays(day, (7 - weekday) % 7);
    },
  }));

  it('département', () => checkFilter('departement', {
    more: true,
    act: (page) => page.getByLabel('Département').selectOption('69'),
    submit: 'Appliquer les filtres',
    param: 'department',
    holds: (t) => t.venue.postcode?.startsWith('69') || fold(t.venue.department).includes('rhone'),
  }));

  it('région', () => checkFilter('region', {
    more: true,
    act: (page) => page.getByLabel('Région').selectOption({ label: 'Provence-Alpes-Côte d\'Azur' }),
    submit: 'Appliquer les filtres',
    param: 'region',
    holds: (t) => t.venue.region === 'Provence-Alpes-Côte d\'Azur',
  }));

  it('buy-in minimum', () => checkFilter('buy-in-min', {
    more: true,
    act: (page) => page.getByLabel('Buy-in minimum').selectOption('10000'),
    submit: 'Appliquer les filtres',
    param: 'buy_in_min',
    holds: (t) => t.buy_in_cents !== null && t.buy_in_cents >= 10000,
  }));

  it('buy-in maximum', () => checkFilter('buy-in-max', {
    more: true,
    act: (page) => page.getByLabel('Buy-in maximum').selectOption('3000'),
    submit: 'Appliquer les filtres',
    param: 'buy_in_max',
    holds: (t) => t.buy_in_cents !== null && t.buy_in_cents <= 3000,
  }));

  it('variante', () => checkFilter('variante', {
    more: true,
    act: (page) => page.getByLabel('Variante').selectOption('PLO'),
    submit: 'Appliquer les filtres',
    param: 'variant',
    holds: (t) => t.variant === 'PLO',
  }));

  it('formats (tags)', async () => {
    // The first format offered that some listed tournament has.
    const page = await context.newPage();
    await open(page, `${base}/`);
    const tag = await page.locator('.checks input[name="tags"]').first().getAttribute('value');
    await page.close();
    assert.ok(tag, 'the form offers no format');
    await checkFilter('formats', {
      more: true,
      act: (p) => p.locator(`.checks input[value="${tag}"] + label`).click(),
      submit: 'Appliquer les filtres',
      param: 'tags',
      holds: (t) => (t.tags || []).map((x) => x.toLowerCase()).includes(tag.toLowerCase()),
    });
  });

  it('mot-clé', () => checkFilter('mot-cle', {
    more: true,
    act: (page) => page.getByLabel('Mot-clé').fill('deepstack'),
    submit: 'Appliquer les filtres',
    param: 'q',
    holds: (t) => [t.title, t.venue.name, t.venue.city].some((s) => fold(s).includes('deepstack')),
  }));

  it('dates: du … au …', async () => {
    const { day } = parisToday();
    const from = addDays(day, 3);
    const to = addDays(day, 5);
    await checkFilter('dates', {
      more: true,
      act: async (page) => {
        await page.getByLabel('Du', { exact: true }).fill(from);
        await page.getByLabel('Au', { exact: true }).fill(to);
      },
      submit: 'Appliquer les filtres',
      param: 'date_from',
      holds: (t) => {
        const d = t.start_datetime_local.slice(0, 10);
        return d >= from && d <= to;
      },
    });
  });

  it('autour de moi (géolocalisation du navigateur)', () => checkFilter('autour', {
    more: true,
    contextOptions: { geolocation: { latitude: 45.7640, longitude: 4.8357 }, permissions: ['geolocation'] },
    act: async (page) => {
      await page.getByLabel('Rayon').selectOption('10');
      await Promise.all([
        page.waitForURL(/near=/),
        page.getByRole('button', { name: 'Utiliser ma position' }).click(),
      ]);
    },
    submit: 'Appliquer les filtres',  // already submitted by the button; submitting again keeps near
    param: 'near',
    holds: (t, q) => {
      const [lat, lon] = q.get('near').split(',').map(Number);
      return distanceKm(lat, lon, t.venue.latitude, t.venue.longitude) <= Number(q.get('radius_km') || 25) + 0.01;
    },
  }));

  it('annulés: hidden by default, shown on demand', async () => {
    await withPage(context, 'filter-annules', async (page) => {
      // The demo's cancelled charity tournament in Lyon.
      await open(page, `${base}/?q=caritatif`);
      assert.equal(countOf((await listOf(page)).count), 0, 'a cancelled tournament is listed by default');
      await openMore(page);
      await page.getByLabel('Afficher les tournois annulés').check();
      await Promise.all([page.waitForURL(/annules=1/), page.getByRole('button', { name: 'Appliquer les filtres' }).click()]);
      const list = await listOf(page);
      assert.equal(countOf(list.count), 1);
      assert.equal(await page.locator('li.card .badge').first().textContent(), 'ANNULÉ');
      const t = await record(list.cards[0]);
      assert.equal(t.status, 'cancelled');
      await open(page, page.url());
      assert.deepEqual(await listOf(page), list);
    });
  });

  it('without JavaScript the form filters too (long URL, same list)', async () => {
    const noJs = await newContext(browser, { javaScriptEnabled: false });
    try {
      await withPage(noJs, 'filter-no-js', async (page) => {
        await open(page, `${base}/`);
        await page.getByLabel('Ville').fill('Lyon');
        await page.locator('label[for="quand-cette-semaine"]').click();
        await Promise.all([page.waitForURL(/city=Lyon/), page.getByRole('button', { name: 'Filtrer', exact: true }).click()]);
        const url = new URL(page.url());
        assert.equal(url.searchParams.get('radius_km'), '25', 'the browser sends every field');
        assert.equal(url.searchParams.get('near'), '');
        const list = await listOf(page);
        assert.equal(await page.locator('.notice-error').count(), 0, 'the long form is understood');
        const short = await noJs.newPage();
        await open(short, `${base}/?city=Lyon&quand=cette-semaine`);
        assert.deepEqual(list, await listOf(short), 'long and short URLs list the same');
        await short.close();
        assert.ok(list.cards.length > 0);
        for (const href of list.cards) assert.equal((await record(href)).venue.city, 'Lyon');
      });
    } finally {
      await noJs.close();
    }
  });

  it('a filter chip removes its filter', async () => {
    await withPage(context, 'filter-chip', async (page) => {
      await open(page, `${base}/?city=Lyon&variant=NLHE`);
      const both = await listOf(page);
      await Promise.all([page.waitForURL((u) => !u.search.includes('city')), page.locator('a.chip', { hasText: 'Ville : Lyon' }).click()]);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('variant'), 'NLHE');
      assert.ok(!url.searchParams.has('city'));
      assert.ok(countOf((await listOf(page)).count) > countOf(both.count));
    });
  });

  it('paginates 20 by 20 over every tournament, each once', async () => {
    await withPage(context, 'pagination', async (page) => {
      await open(page, `${base}/`);
      const total = countOf((await listOf(page)).count);
      assert.ok(total > 40, `the demo has ${total} tournaments: too few to page`);
      const seen = new Set();
      let pages = 0;
      for (;;) {
        const list = await listOf(page);
        pages += 1;
        assert.ok(list.cards.length <= 20 && list.cards.length > 0, `page ${pages}: ${list.cards.length} cards`);
        for (const href of list.cards) {
          assert.ok(!seen.has(href), `${href} listed twice (page ${pages})`);
          seen.add(href);
        }
        const next = page.locator('a[rel="next"]');
        if ((await next.count()) === 0) break;
        assert.equal(list.cards.length, 20, `page ${pages} is short but has a next link`);
        await navigateBy(page, () => next.click());  // from page 2 on, the URL has a cursor already
        assert.match(page.url(), /cursor=/);
        // The page's own URL gives the same page back.
        const again = await context.newPage();
        await open(again, page.url());
        assert.deepEqual(await listOf(again), await listOf(page), `page ${pages + 1} does not reload the same`);
        await again.close();
        assert.ok(await page.getByRole('link', { name: 'Retour au début' }).isVisible());
      }
      assert.equal(seen.size, total, `walked ${seen.size} tournaments over ${pages} pages, the count says ${total}`);
      assert.equal(pages, Math.ceil(total / 20));
      assert.deepEqual(problemsOf(page), []);
    });
  });

  it('newcomer: tonight in Lyon in three clicks', async () => {
    await withPage(context, 'newcomer', async (page) => {
      await open(page, `${base}/`);
      // 1: the city field, Lyon chosen among the suggestions (typed here).
      await page.getByLabel('Ville').fill('Lyon');
      // 2: « Ce soir ».
      await page.getByText('Ce soir', { exact: true }).click();
      // 3: Filtrer.
      await Promise.all([page.waitForURL(/quand=ce-soir/), page.getByRole('button', { name: 'Filtrer', exact: true }).click()]);
      const list = await listOf(page);
      assert.ok(list.cards.length >= 2, `tonight in Lyon: ${list.cards.length} tournaments`);
      assert.ok(list.days.length === 1 && list.days[0].startsWith('Aujourd'), `days shown: ${list.days}`);
      const titles = [];
      for (const href of list.cards) {
        const t = await record(href);
        assert.equal(t.venue.city, 'Lyon');
        assert.equal(t.start_datetime_local.slice(0, 10), parisToday().day);
        titles.push(t.title);
      }
      // The demo's two Lyon tournaments of the evening (sources/demo/clubs-regions.csv, DATE+0).
      for (const title of ['Deepstack de la Croix-Rousse', 'Bounty de la Part-Dieu']) {
        assert.ok(titles.includes(title), `${title} missing from ${titles}`);
      }
      await page.locator('li.card .card-title a').first().click();
      await page.waitForURL(/\/tournois\//);
      assert.ok((await page.locator('h1').textContent()).length > 0);
    });
  });
});
