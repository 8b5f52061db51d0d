// A --portable build opened straight from its folder (file://) in headless Chromium, as on
// a USB stick in a commune hall: pages, links and photos work, and search loads its index
// as scripts because browsers refuse fetch() on file://.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const lib = require('./lib');

let out, browser;

test.before(async () => {
  out = lib.build({ args: ['--portable'], prefix: 'vinhdanh-usb-' });
  browser = await lib.launch();
});

test.after(async () => {
  if (browser) await browser.close();
  if (out) fs.rmSync(out.dir, { recursive: true, force: true });
});

test('a portable site works from file://: links, photos and search', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  await page.goto(pathToFileURL(path.join(out.output, 'index.html')).href);

  // Follow a profile card from the home page.
  await page.click('main .card__name a');
  assert.match(page.url(), /^file:.*\/index\.html$/);
  assert.ok((await page.textContent('h1')).trim().length > 0);
  // Photos below the fold load lazily: bring each into view, then all must have loaded.
  for (const img of await page.$$('main img')) await img.scrollIntoViewIfNeeded();
  const photoOk = await page.waitForFunction(() => [...document.querySelectorAll('main img')]
    .every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 10000 }).then(() => true, () => false);
  const broken = await page.$$eval('main img', (imgs) => imgs.filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.currentSrc || i.src));
  assert.ok(photoOk, `photos load from the folder; not loaded: ${broken.join(' ')}`);

  // Search from this deep page.
  await page.fill('#q-site', 'nguyen van duc');
  await page.waitForFunction(() => {
    const n = document.querySelector('.site-header [data-search-results] .search-hit__name');
    return n && n.textContent === 'Nguyễn Văn Đức';
  }, null, { timeout: 10000 });
  await Promise.all([page.waitForNavigation(), page.click('.site-header [data-search-results] .search-list a')]);
  assert.equal((await page.textContent('h1')).trim(), 'Nguyễn Văn Đức');
  assert.match(page.url(), /cong-dan-uu-tu\/2023\/nguyen-van-duc\/index\.html$/);
  await context.close();
  assert.deepEqual(problems, []);
});
