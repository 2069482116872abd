#!/usr/bin/env node
// Writes web/static/france.geojson: the outline of France (metropolitan
// France with Corsica, and the five overseas departments), from Natural
// Earth's 1:10m admin-0 boundaries as packaged by world-atlas (TopoJSON).
//
// Usage: node make-outline.js NODE_MODULES_DIR OUTPUT_FILE
// Called by scripts/vendor-web. Deterministic: the same package versions give
// byte-identical output (no clock, no randomness, fixed key and feature order).
//
// What it does, in order:
//  1. France is country id "250" in world-atlas' countries-10m.json.
//  2. Every polygon goes to one territory by the box its outer ring lies in;
//     a polygon that fits no territory stops the script (nothing dropped
//     without a reason).
//  3. Islets smaller than kMinArea square degrees (about 8 km²) are left out:
//     invisible at the zooms the site uses, and 5–20 points each.
//  4. Rings are simplified (Douglas–Peucker, kTolerance degrees: under one
//     quantisation step of the source, so it mostly removes the staircase of
//     the TopoJSON grid), rounded to 3 decimals (about 100 m), and cleared of
//     repeated points.
//  5. Rings are rewound to RFC 7946 (outer rings counter-clockwise, holes
//     clockwise): TopoJSON uses d3's spherical winding, the reverse.
'use strict';

const fs = require('fs');
const path = require('path');

const kCountryId = '250';
const kMinArea = 0.001;    // square degrees
const kTolerance = 0.003;  // degrees; world-atlas 10m steps are 0.0036° (lon) and 0.0017° (lat)
const kDecimals = 3;

// Boxes are [west, south, east, north] in degrees; `territory` is "metropole"
// or the INSEE department code, the one the site uses in /departements/{code}.
const kTerritories = [
  {territory: 'metropole', name: 'France métropolitaine', box: [-5.5, 41.0, 10.0, 51.5]},
  {territory: '971', name: 'Guadeloupe', box: [-62.0, 15.7, -60.9, 16.6]},
  {territory: '972', name: 'Martinique', box: [-61.3, 14.3, -60.7, 15.0]},
  {territory: '973', name: 'Guyane', box: [-55.0, 2.0, -51.5, 6.0]},
  {territory: '974', name: 'La Réunion', box: [55.1, -21.5, 56.0, -20.7]},
  {territory: '976', name: 'Mayotte', box: [44.9, -13.1, 45.4, -12.5]},
];

function die(message) {
  process.stderr.write(`make-outline: ${message}\n`);
  process.exit(1);
}

// Planar signed area (shoelace), positive for counter-clockwise rings.
function signedArea(ring) {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

function inBox(ring, [w, s, e, n]) {
  return ring.every(([x, y]) => x >= w && x <= e && y >= s && y <= n);
}

// Douglas–Peucker on a closed ring: split at the point farthest from the
// first, then simplify both halves. First and last points are always kept.
function simplify(ring, tolerance) {
  if (ring.length <= 4) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[ring.length - 1] = 1;
  let far = 1, farDist = -1;
  for (let i = 1; i < ring.length - 1; i++) {
    const d = Math.hypot(ring[i][0] - ring[0][0], ring[i][1] - ring[0][1]);
    if (d > farDist) { farDist = d; far = i; }
  }
  keep[far] = 1;
  const stack = [[0, far], [far, ring.length - 1]];
  while (stack.length > 0) {
    const [a, b] = stack.pop();
    const [ax, ay] = ring[a], [bx, by] = ring[b];
    const dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy);
    let maxDist = -1, maxAt = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = ring[i];
      const d = len === 0 ? Math.hypot(px - ax, py - ay) : Math.abs(dy * px - dx * py + bx * ay - by * ax) / len;
      if (d > maxDist) { maxDist = d; maxAt = i; }
    }
    if (maxDist > tolerance) {
      keep[maxAt] = 1;
      stack.push([a, maxAt], [maxAt, b]);
    }
  }
  return ring.filter((_, i) => keep[i] === 1);
}

function round(v) {
  const f = 10 ** kDecimals;
  const r = Math.round(v * f) / f;
  return r === 0 ? 0 : r;  // no "-0" in the output
}

// Simplified, rounded, deduplicated, closed; null when fewer than 4 positions remain.
function cleanRing(ring, outer) {
  const out = [];
  for (const [x, y] of simplify(ring, kTolerance)) {
    const p = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length < 4) return null;
  const first = out[0], last = out[out.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
  const ccw = signedArea(out) > 0;
  if (ccw !== outer) out.reverse();
  return out;
}

function main() {
  const [nodeModules, outFile] = process.argv.slice(2);
  if (!nodeModules || !outFile) die('usage: make-outline.js NODE_MODULES_DIR OUTPUT_FILE');
  const topojson = require(path.join(nodeModules, 'topojson-client'));
  const atlasDir = path.join(nodeModules, 'world-atlas');
  const atlasVersion = JSON.parse(fs.readFileSync(path.join(atlasDir, 'package.json'), 'utf8')).version;
  const topology = JSON.parse(fs.readFileSync(path.join(atlasDir, 'countries-10m.json'), 'utf8'));

  const matches = topology.objects.countries.geometries.filter((g) => g.id === kCountryId);
  if (matches.length !== 1) die(`expected one country with id ${kCountryId} in countries-10m.json, found ${matches.length}`);
  const geometry = topojson.feature(topology, matches[0]).geometry;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;

  const byTerritory = new Map(kTerritories.map((t) => [t.territory, []]));
  let dropped = 0;
  for (const polygon of polygons) {
    const outer = polygon[0];
    const t = kTerritories.find((k) => inBox(outer, k.box));
    if (!t) {
      const [x, y] = outer[0];
      die(`a polygon of France starting at (${x}, ${y}) lies in no known territory box; add its box to kTerritories`);
    }
    if (Math.abs(signedArea(outer)) < kMinArea) { dropped++; continue; }
    const rings = [];
    polygon.forEach((ring, i) => {
      const r = cleanRing(ring, i === 0);
      if (r) rings.push(r);
      else if (i === 0) die(`the outer ring of a ${t.name} polygon vanished when simplified; lower kTolerance`);
    });
    byTerritory.get(t.territory).push(rings);
  }

  const features = [];
  let points = 0;
  for (const t of kTerritories) {
    const polys = byTerritory.get(t.territory);
    if (polys.length === 0) die(`no polygon found for ${t.name}: has the source changed?`);
    // Largest polygon first, then by first point: a stable order.
    polys.sort((a, b) => Math.abs(signedArea(b[0])) - Math.abs(signedArea(a[0])) ||
                         a[0][0][0] - b[0][0][0] || a[0][0][1] - b[0][0][1]);
    for (const p of polys) for (const r of p) points += r.length;
    features.push({
      type: 'Feature',
      properties: {territory: t.territory, name: t.name},
      geometry: polys.length === 1 ? {type: 'Polygon', coordinates: polys[0]}
                                   : {type: 'MultiPolygon', coordinates: polys},
    });
  }

  // One feature per line: readable diffs, still compact.
  const header = {
    type: 'FeatureCollection',
    source: `Natural Earth 4.1.0, admin 0 countries 1:10m (public domain), via world-atlas@${atlasVersion} (ISC); see vendor/ATTRIBUTION.md`,
  };
  const text = JSON.stringify(header).slice(0, -1) + ',"features":[\n' +
               features.map((f) => JSON.stringify(f)).join(',\n') + '\n]}\n';
  fs.writeFileSync(outFile, text);
  process.stderr.write(`make-outline: ${features.length} territories, ${points} points, ` +
                       `${dropped} islets under ${kMinArea} deg² left out, ${Buffer.byteLength(text)} bytes\n`);
}

main();
