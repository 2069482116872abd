// Poker France Tournaments — the site's only script (an ES module, no build
// step). Everything works without it; it adds « autour de moi » (browser
// geolocation) to the filters, shortens the filter URLs, and draws the map
// on /carte. Text from the data is always inserted with textContent, never
// as HTML.

function setupLocate() {
  const button = document.getElementById('f-locate');
  const near = document.getElementById('f-near');
  const status = document.getElementById('f-near-status');
  if (!button || !near || !('geolocation' in navigator)) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    status.textContent = 'Recherche de votre position…';
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        // Rounded to about 100 m: enough to find tournaments nearby.
        near.value = `${pos.coords.latitude.toFixed(3)},${pos.coords.longitude.toFixed(3)}`;
        button.form.requestSubmit();
      },
      () => { status.textContent = 'Position indisponible : autorisez la géolocalisation ou choisissez une ville.'; },
      { maximumAge: 600000, timeout: 10000 });
  });
}

// Shorter, shareable URLs: fields left empty (and the radius without a
// position) are not sent, so a search reads ?city=Lyon&quand=ce-soir.
// Without this script the server reads the long form the same way.
function setupShortUrls() {
  for (const form of document.querySelectorAll('form.filters')) {
    form.addEventListener('submit', () => {
      const near = form.elements.namedItem('near');
      for (const field of form.elements) {
        if (!field.name || field.disabled) continue;
        const unchecked = (field.type === 'radio' || field.type === 'checkbox') && !field.checked;
        const radiusAlone = field.name === 'radius_km' && (!near || near.value === '');
        if (!unchecked && (field.value === '' || radiusAlone)) {
          field.disabled = true;
          field.dataset.offForSubmit = '1';
        }
      }
    });
  }
  // Back to a page kept in the back-forward cache: the form is whole again.
  window.addEventListener('pageshow', () => {
    for (const field of document.querySelectorAll('[data-off-for-submit]')) {
      field.disabled = false;
      delete field.dataset.offForSubmit;
    }
  });
}

function element(tag, text, className) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

function link(href, text) {
  const a = element('a', text);
  // Only our own paths: every URL in the data file starts with '/'.
  a.href = typeof href === 'string' && href.startsWith('/') && !href.startsWith('//') ? href : '#';
  return a;
}

function popupFor(venue) {
  const box = element('div', undefined, 'map-popup');
  box.append(link(venue.url, venue.name));
  if (venue.city) box.append(element('div', venue.city));
  const list = element('ul');
  for (const t of venue.next || []) {
    const item = element('li');
    item.append(link(t.url, t.title));
    item.append(element('div', [t.when, t.buy_in].filter(Boolean).join(' · ')));
    list.append(item);
  }
  box.append(list);
  if (venue.count > (venue.next || []).length) {
    box.append(element('div', `${venue.count} tournois à venir`));
  }
  return box;
}

async function setupMap() {
  const node = document.getElementById('map');
  if (!node || typeof window.L === 'undefined') return;
  const L = window.L;
  const notice = document.getElementById('map-notice');
  const tiles = node.dataset.tiles;
  // Both downloads start at once; the map is drawn once, at its final view.
  const venuesReady = fetch(node.dataset.source, { headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : [])).catch(() => []);
  const outlineReady = node.dataset.outline
    ? fetch(node.dataset.outline).then((r) => r.json()).catch(() => null)
    : Promise.resolve(null);
  const map = L.map(node, { scrollWheelZoom: false, minZoom: 4, maxZoom: 17 });
  let outline = null;
  let tilesFailed = !tiles;
  // Without tiles the outline is filled, so the map still reads as France.
  const unavailable = () => {
    tilesFailed = true;
    if (notice) notice.hidden = false;
    if (outline) outline.setStyle({ fillOpacity: 1 });
  };

  // Each step in its own task: the page stays responsive while the map builds.
  const pause = () => new Promise((resolve) => { setTimeout(resolve, 0); });
  const [venues, shape] = await Promise.all([venuesReady, outlineReady]);
  const bounds = venues.map((v) => [v.lat, v.lon]);
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 12 });
  else if (bounds.length === 1) map.setView(bounds[0], 12);
  else map.setView([46.6, 2.4], 5);

  await pause();
  if (shape) {
    outline = L.geoJSON(shape, {
      interactive: false,
      style: { color: '#0b5d3b', weight: 1.5, fillColor: '#f6f7f4', fillOpacity: tilesFailed ? 1 : 0.1 },
    }).addTo(map);
  }
  if (tiles) {
    let failed = 0;
    const layer = L.tileLayer(tiles, { attribution: node.dataset.attribution || '', maxZoom: 17 });
    layer.on('tileerror', () => { failed += 1; if (failed === 2) unavailable(); });
    layer.addTo(map);
  }
  if (!tiles) unavailable();

  await pause();
  const cluster = typeof L.markerClusterGroup === 'function' ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.layerGroup();
  const markers = venues.map((v) => L.marker([v.lat, v.lon], { title: v.name, alt: v.name }).bindPopup(() => popupFor(v)));
  // One bulk insertion: markercluster clusters them once instead of once per marker.
  if (cluster.addLayers) cluster.addLayers(markers);
  else markers.forEach((m) => cluster.addLayer(m));
  map.addLayer(cluster);
  node.dataset.markers = String(venues.length);
}

setupShortUrls();
setupLocate();
setupMap().catch(() => {
  const notice = document.getElementById('map-notice');
  if (notice) notice.hidden = false;
});
