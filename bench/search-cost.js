// What a first search costs in headless Chromium, for vinhdanh's index and, when the site
// folder has one, Pagefind's: every byte the page fetches for search (the script at load,
// then everything a query needs to show its first 8 results with their names and links),
// and the time from the last keystroke to the results on screen. Files are served raw (no
// compression) from 127.0.0.1. Used by bench/search.sh; prints one JSON line per engine.
//
//   node bench/search-cost.js SITE_DIR [QUERY] [FACET]     e.g. public "nguyen van duc" year-2020
//   SHOW=1 node bench/search-cost.js …                    also lists the files our query fetched
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { chromium } = require('../tests/browser/node_modules/playwright-core');

const [root, query = 'nguyen van duc', facet = ''] = process.argv.slice(2);
const log = [];
const PF_PAGE = '<!doctype html><meta charset="utf-8"><title>pagefind</title><script type="module">' +
  "const pf = await import('/pagefind/pagefind.js'); window.pf = pf; await pf.init(); window.ready = true;" +
  '</script>';

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/__pagefind.html') return res.end(PF_PAGE);
  let file = path.join(root, decodeURIComponent(url.pathname));
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file)) { res.writeHead(404); return res.end(); }
  const body = fs.readFileSync(file);
  log.push({ path: url.pathname, bytes: body.length });
  const types = { '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.html': 'text/html; charset=utf-8', '.css': 'text/css' };
  res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
  res.end(body);
});

const sum = (entries) => entries.reduce((n, e) => n + e.bytes, 0);

async function ours(browser, origin) {
  const page = await browser.newPage();
  await page.route(/\.(css|jpg|webp|png)(\?|$)/, (r) => r.abort()); // not search
  log.length = 0;
  await page.goto(origin + '/');
  await page.waitForLoadState('load');
  const atLoad = sum(log.filter((e) => e.path.endsWith('/js/search.js')));
  log.length = 0;
  // Time in the page, from the input event of the last keystroke to the first result in the
  // DOM (the client waits 100 ms after a keystroke before it searches).
  await page.evaluate(() => {
    const area = document.querySelector('.site-header [data-search-results]');
    document.querySelector('#q-site').addEventListener('input', () => { window.t0 = performance.now(); });
    new MutationObserver(() => {
      if (window.t0 && !window.ms && area.querySelector('.search-list a')) window.ms = performance.now() - window.t0;
    }).observe(area, { childList: true, subtree: true });
  });
  await page.fill('#q-site', query);
  await page.waitForSelector('.site-header .search-list a');
  const ms = Math.round(await page.evaluate(() => window.ms));
  const top = await page.$$eval('.site-header .search-list .search-hit__name', (n) => n.slice(0, 3).map((e) => e.textContent));
  const q = log.filter((e) => e.path.includes('/search/'));
  if (process.env.SHOW) console.error(q); // SHOW=1: every file the query fetched
  let facetBytes = null;
  if (facet) {
    // A facet query on the search page, cold: the year filter alone.
    const p2 = await browser.newPage();
    await p2.route(/\.(css|jpg|webp|png)(\?|$)/, (r) => r.abort());
    log.length = 0;
    const [name, value] = [facet.slice(0, facet.indexOf('-')), facet.slice(facet.indexOf('-') + 1)];
    await p2.goto(`${origin}/tim-kiem/?${name}=${value}`);
    await p2.waitForSelector('.search-results--page .search-list a');
    facetBytes = sum(log.filter((e) => e.path.includes('/search/') || e.path.endsWith('/js/search.js')));
    await p2.close();
  }
  await page.close();
  return {
    engine: 'vinhdanh', query, top, js_at_load: atLoad, query_bytes: sum(q), requests: q.length,
    total: atLoad + sum(q), ms_to_results: ms, facet_query_total: facetBytes,
  };
}

async function pagefind(browser, origin) {
  const page = await browser.newPage();
  log.length = 0;
  await page.goto(origin + '/__pagefind.html');
  await page.waitForFunction(() => window.ready === true);
  const atLoad = sum(log);
  log.length = 0;
  // Time in the page, from the search call to the data of the first 8 results.
  const [top, ms] = await page.evaluate(async (q) => {
    const t0 = performance.now();
    const r = await window.pf.search(q);
    const data = await Promise.all(r.results.slice(0, 8).map((x) => x.data()));
    return [data.map((d) => d.meta.title || d.url).slice(0, 3), Math.round(performance.now() - t0)];
  }, query);
  const q = log.slice();
  await page.close();
  return {
    engine: 'pagefind', query, top, js_at_load: atLoad, query_bytes: sum(q), requests: q.length,
    total: atLoad + sum(q), ms_to_results: ms,
  };
}

server.listen(0, '127.0.0.1', async () => {
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: require('../tests/browser/lib').CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    if (fs.existsSync(path.join(root, 'search/index.json'))) console.log(JSON.stringify(await ours(browser, origin)));
    if (fs.existsSync(path.join(root, 'pagefind/pagefind.js'))) console.log(JSON.stringify(await pagefind(browser, origin)));
  } finally {
    await browser.close();
    server.close();
  }
});
