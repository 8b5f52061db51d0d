// Hostile profile text shown through the search client: names, roles and places that hold
// markup must appear as text in the results, never run (issue 6).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { execFileSync } = require('node:child_process');
const lib = require('./lib');

test('markup in profiles is shown as text in search results', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vinhdanh-inject-'));
  const site = path.join(dir, 'site');
  fs.cpSync(path.join(lib.REPO, 'themes/default'), path.join(site, 'themes/default'), { recursive: true });
  fs.writeFileSync(path.join(site, 'site.yaml'), 'title: T\n');
  fs.mkdirSync(path.join(site, 'content/citizens/2023'), { recursive: true });
  fs.writeFileSync(path.join(site, 'content/citizens/2023/x.md'), [
    '---',
    'name: "Hoa <img src=x onerror=window.__pwned=1>"',
    'year: 2023',
    'title: "<script>window.__pwned=2</script>Giáo viên"',
    'commune: "<svg onload=window.__pwned=3>"',
    '---',
    '',
  ].join('\n'));
  execFileSync(lib.BIN, ['build', '--root', site, '--portable', '--output', path.join(dir, 'out')], { stdio: 'pipe' });
  const browser = await lib.launch();
  try {
    const page = await browser.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
    await page.goto(pathToFileURL(path.join(dir, 'out', 'index.html')).href);
    await page.fill('#q-site', 'hoa');
    await page.waitForSelector('.site-header [data-search-results] .search-hit__name', { timeout: 10000 });
    const name = await page.textContent('.site-header [data-search-results] .search-hit__name');
    assert.ok(name.includes('<img src=x'), `the name is shown as text: ${name}`);
    const injected = await page.$$eval('[data-search-results] img[src="x"], [data-search-results] svg, [data-search-results] script', (e) => e.length);
    assert.equal(injected, 0, 'no element made from profile text');
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing ran');
    assert.equal(dialogs, 0);
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
