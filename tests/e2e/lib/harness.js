// Shared harness of the browser tests: Debian's Chromium driven by
// playwright-core, offline (every request to anything but 127.0.0.1 is
// aborted and recorded), French locale and Paris time zone, one console /
// page-error / CSP collector per page, screenshots under PFT_E2E_OUT.
//
// The servers come from the ctest fixture (tests/e2e/server.sh): their URLs
// are read from PFT_E2E_STATE/{site,plain}.url. A Chromium that cannot start
// makes the calling test fail (launch() throws); nothing here skips.

import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.PFT_E2E_CHROMIUM || '/usr/bin/chromium';
const STATE = process.env.PFT_E2E_STATE;
export const OUT = process.env.PFT_E2E_OUT || join(process.cwd(), 'e2e-screenshots');

function readState(name) {
  if (!STATE) throw new Error('PFT_E2E_STATE is not set: run the tests through ctest (label e2e) or tests/e2e/run.sh');
  return readFileSync(join(STATE, name), 'utf8').trim();
}

// The "site" server: MAP_TILE_URL points at TILE_HOST, which the browser blocks.
export const siteUrl = () => readState('site.url');
// The "plain" server: no MAP_TILE_URL.
export const plainUrl = () => readState('plain.url');
// The instant both servers run at (PFT_NOW), e.g. 2026-12-05T12:00:00+01:00.
export const serverNow = () => readState('now');
export const TILE_HOST = 'tiles.e2e.invalid';

// Flags that keep Chromium from calling home (WEB-NOTES.md): no background
// networking or component updates, and no name resolves but loopback.
export const OFFLINE_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

export async function launch() {
  try {
    return await chromium.launch({ executablePath: CHROMIUM, headless: true, args: OFFLINE_ARGS, timeout: 30000 });
  } catch (e) {
    throw new Error(`cannot start Chromium at ${CHROMIUM} (scripts/install-deps installs it): ${e.message}`);
  }
}

// A fresh context: French, Paris, offline but for 127.0.0.1. `blocked` lists
// every aborted URL; `dialogs` every alert/confirm/prompt (dismissed).
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  context.blocked = [];
  context.dialogs = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    context.blocked.push(url.href);
    return route.abort('internetdisconnected');
  });
  context.on('page', (page) => watch(page, context));
  return context;
}

// Console errors, uncaught exceptions and CSP violations of one page.
function watch(page, context) {
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url || '';
    // A request we aborted on purpose (the tiles) logs a load failure: not the page's fault.
    if (/net::ERR_(INTERNET_DISCONNECTED|FAILED|NAME_NOT_RESOLVED)/.test(msg.text()) && where && !isLoopback(where)) return;
    if (/net::ERR_INTERNET_DISCONNECTED/.test(msg.text()) && context.blocked.length > 0 && !where) return;
    page.problems.push(`console: ${msg.text()} ${where}`.trim());
  });
  page.on('pageerror', (err) => page.problems.push(`uncaught: ${err.message}`));
  page.on('dialog', (dialog) => {
    context.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
}

function isLoopback(url) {
  try {
    return new URL(url).hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

// Opens `url` and fails unless the answer has `status`. An error status
// that the test expects is not counted as a console problem (Chromium logs
// every 4xx document as "Failed to load resource").
export async function open(page, url, { status = 200 } = {}) {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response) throw new Error(`no response for ${url}`);
  if (response.status() !== status) throw new Error(`${url}: HTTP ${response.status()}, expected ${status}`);
  if (status >= 400) {
    page.expected = page.expected || [];
    page.expected.push(`console: Failed to load resource: the server responded with a status of ${status} `);
  }
  return response;
}

// Runs `act` (a click that leads to another page, or to the same URL again)
// and waits until the page it leads to has loaded. page.waitForURL alone is
// not enough when the current URL already matches (a form submitted a second
// time, the next page of a paginated list): it resolves at once, and a list
// read then comes from a page still loading (12 cards of 20 when its HTML
// arrives in two pieces; the « autour de moi » flake: 19 cards, 20 on reload).
export async function navigateBy(page, act) {
  await Promise.all([page.waitForEvent('load'), act()]);
}

// Every problem a page met (console errors, exceptions, CSP violations),
// less the error statuses the test asked for.
export function problemsOf(page) {
  const expected = page.expected || [];
  return (page.problems || []).filter((p) => !expected.some((e) => p.startsWith(e)));
}

// Runs `fn(page)` in a fresh page; on failure saves a screenshot under
// OUT/failures/NAME.png before rethrowing.
export async function withPage(context, name, fn) {
  const page = await context.newPage();
  try {
    return await fn(page);
  } catch (e) {
    mkdirSync(join(OUT, 'failures'), { recursive: true });
    const file = join(OUT, 'failures', `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    e.message += `\n(screenshot: ${file})`;
    throw e;
  } finally {
    await page.close().catch(() => {});
  }
}

export async function screenshot(page, name) {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// The list as the page shows it: titles and hrefs of the cards, the count line.
export async function listOf(page) {
  return page.evaluate(() => ({
    count: document.querySelector('.count')?.textContent.trim() ?? '',
    cards: [...document.querySelectorAll('li.card .card-title a')].map((a) => a.getAttribute('href')),
    days: [...document.querySelectorAll('section.day h2')].map((h) => h.textContent.trim()),
  }));
}

// « 1 234 tournois » -> 1234; « Aucun tournoi » -> 0.
export function countOf(text) {
  if (/^Aucun/.test(text)) return 0;
  const m = text.replace(/[\s\u202f\u00a0]/g, '').match(/^(\d+)tournois?$/);
  if (!m) throw new Error(`not a count: '${text}'`);
  return Number(m[1]);
}

// JSON from the server's API (same origin as the site).
export async function api(base, path) {
  const response = await fetch(base + path, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

// Focus + Enter: Leaflet markers are keyboard-operable, and a key press does
// not depend on where an animated marker sits at the instant of a click.
export async function openPopup(page, marker) {
  await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim'));
  await marker.focus();
  await page.keyboard.press('Enter');
  // The previous popup fades out for 200 ms before it leaves the DOM.
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-popup').length === 1, null, { timeout: 5000 });
}
