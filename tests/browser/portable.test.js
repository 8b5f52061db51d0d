// A --portable build opened straight from its folder (file://) in headless Chromium, as on
// a USB stick in a commune hall: pages, links and photos work, and search loads its index
// as scripts because browsers refuse fetch() on file://.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { execFileSync } = require('node:child_process');
const { chromium } = require('playwright-core');

const REPO = path.resolve(__dirname, '../..');
const BIN = process.env.VINHDANH_BIN ||
  path.join(process.env.CARGO_TARGET_DIR || path.join(REPO, 'target'), 'debug', 'vinhdanh');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let dir, browser;

test.before(async () => {
  assert.ok(fs.existsSync(BIN), `${BIN} is missing: run cargo test (or cargo build) first`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vinhdanh-usb-'));
  execFileSync(BIN, ['build', '--root', REPO, '--portable', '--output', path.join(dir, 'usb')], { stdio: 'pipe' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

test.after(async () => {
  if (browser) await browser.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a portable site works from file://: links, photos and search', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  await page.goto(pathToFileURL(path.join(dir, 'usb', 'index.html')).href);

  // Follow a profile card from the home page.
  await page.click('main .card__name a');
  assert.match(page.url(), /^file:.*\/index\.html$/);
  assert.ok((await page.textContent('h1')).trim().length > 0);
  const photoOk = await page.$$eval('main img', (imgs) => imgs.every((i) => i.complete && i.naturalWidth > 0));
  assert.ok(photoOk, 'photos load from the folder');

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
