// End-to-end tests of search in real headless Chromium (Debian's headless shell, driven
// by playwright-core; no browser is downloaded). The fixture site tests/fixtures/search is
// built with the debug binary that `cargo test` made, published under a sub-path
// (/vinh-danh/) by a small static server on 127.0.0.1 with a strict Content-Security-Policy,
// and every request leaving that server is refused.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib');

const BASE = '/vinh-danh/';

let out, server, origin, browser, requests;

test.before(async () => {
  out = lib.build({ source: path.join(lib.REPO, 'tests/fixtures/search'), prefix: 'vinhdanh-search-' });
  server = await lib.serve(out.output, { base: BASE });
  origin = server.origin;
  requests = server.requests;
  browser = await lib.launch();
});

test.after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
  if (out) fs.rmSync(out.dir, { recursive: true, force: true });
});

// A fresh page that fails the test on any console error, page error or outside request.
async function open(t, url) {
  const context = await browser.newContext();
  const problems = await lib.guard(context, origin);
  const page = await context.newPage();
  t.after(async () => {
    await context.close();
    assert.deepEqual(problems, [], 'no console errors, page errors or outside requests');
  });
  requests.length = 0;
  await page.goto(origin + url);
  return page;
}

function read(page, area) {
  return page.$$eval(`${area} .search-list a`, (links) => links.map((a) => ({
    path: new URL(a.href).pathname,
    name: a.querySelector('.search-hit__name').textContent,
    meta: (a.querySelector('.search-hit__meta') || {}).textContent || '',
    thumb: (a.querySelector('img') || {}).src || null,
  })));
}

// Waits until the results in `area` start with the profiles named `first` (names), then
// returns every result shown. Fails with the names actually shown.
async function results(page, area, first) {
  try {
    await page.waitForFunction(([area, first]) => {
      const names = Array.from(document.querySelectorAll(`${area} .search-list .search-hit__name`), (n) => n.textContent);
      return names.length >= first.length && first.every((n, i) => names[i] === n);
    }, [area, first], { timeout: 10000 });
  } catch (e) {
    const shown = (await read(page, area)).map((h) => h.name);
    assert.fail(`expected results starting with ${JSON.stringify(first)}, shown: ${JSON.stringify(shown)}`);
  }
  return read(page, area);
}

// Waits until exactly the profiles named `names` are shown, in that order.
async function exactly(page, area, names) {
  const hits = await results(page, area, names);
  assert.deepEqual(hits.map((h) => h.name), names);
  return hits;
}

const HEADER = '.site-header [data-search-results]';
const PAGE = '.search-results--page';
const profile = (p) => `${BASE}cong-dan-uu-tu/${p}/`;

test('"nguyen van duc" finds both Nguyễn Văn Đức first, fetching only what it needs', async (t) => {
  const page = await open(t, BASE);
  await page.fill('#q-site', 'nguyen van duc');
  const hits = await results(page, HEADER, ['Nguyễn Văn Đức', 'Nguyễn Văn Đức']);
  // Then two of the three words, in folded-name order.
  assert.deepEqual(hits.slice(2, 4).map((h) => h.name), ['Đỗ Văn Dục', 'Nguyễn Văn Dũng']);
  assert.deepEqual(hits.slice(0, 2).map((h) => h.path), [profile('2023/nguyen-van-duc'), profile('2022/nguyen-van-duc')]);
  assert.match(hits[0].meta, /Chủ trang trại vải thiều · Phượng Sơn, Lục Ngạn · 2023/);
  assert.ok(hits[0].thumb && new URL(hits[0].thumb).pathname.startsWith(`${BASE}media/`), 'thumbnail');
  const status = await page.textContent(`${HEADER} [role=status]`);
  assert.match(status, /^\d+ kết quả$/);

  const fetched = requests.filter((r) => r.path.startsWith(`${BASE}search/`)).map((r) => r.path.slice(BASE.length));
  assert.ok(fetched.includes('search/index.json'), fetched.join(' '));
  const shards = fetched.filter((p) => p.startsWith('search/t/'));
  const chunks = fetched.filter((p) => p.startsWith('search/d/'));
  assert.ok(shards.length >= 3 && shards.length <= 5, `shards: ${shards}`);
  // The example site's 14 documents fill two chunks; each is fetched once at most.
  assert.ok(chunks.length >= 1 && chunks.length <= 2 && new Set(chunks).size === chunks.length, `doc chunks: ${chunks}`);
  assert.ok(!fetched.some((p) => p.startsWith('search/f/')), 'no facet without a filter');
});

test('"hoa" ranks the names Hoa, Hoà and Hòa first, then names starting with it, then places', async (t) => {
  const page = await open(t, BASE);
  await page.locator('#q-site').pressSequentially('hoa', { delay: 30 });
  await results(page, HEADER, [
    'Lê Thị Hòa', 'Nguyễn Thị Hoa', 'Phạm Thị Hoà', 'Hoàng Thị Yến', 'Hoàng Văn Sơn', 'Công ty Rau quả sạch',
  ]);
});

test('"tan yen" ranks the district Tân Yên above Tân communes elsewhere', async (t) => {
  const page = await open(t, BASE);
  await page.locator('#q-site').pressSequentially('tan yen', { delay: 30 });
  const hits = await results(page, HEADER, ['Hợp tác xã Sâm núi Liên Chung', 'Nguyễn Thị Hoa']);
  assert.deepEqual(hits.slice(0, 2).map((h) => h.path), [
    `${BASE}tap-the-dien-hinh/hop-tac-xa-sam-nui-lien-chung/`, profile('2023/nguyen-thi-hoa'),
  ]);
  assert.ok(hits.some((h) => h.name === 'Nguyễn Văn Dũng'), 'Tân Sỏi, Yên Thế still listed');
});

test('words typed with marks rank exact matches first', async (t) => {
  const page = await open(t, BASE);
  await page.fill('#q-site', 'Đức');
  // Đức in a commune (exact) ranks above Dục in a name (folded).
  await results(page, HEADER, ['Nguyễn Văn Đức', 'Nguyễn Văn Đức', 'Công ty Rau quả sạch', 'Đỗ Văn Dục']);
  await page.fill('#q-site', 'duc ');
  await results(page, HEADER, ['Đỗ Văn Dục', 'Nguyễn Văn Đức', 'Nguyễn Văn Đức']);
  await page.fill('#q-site', 'Yến ');
  await results(page, HEADER, ['Hoàng Thị Yến']);
  // Nine profiles have Yên in their place: all come before Yến, so it is not in the top 8.
  await page.fill('#q-site', 'Yên ');
  const hits = await results(page, HEADER, ['Đỗ Văn Dục', 'Hoàng Văn Sơn', 'Hợp tác xã Sâm núi Liên Chung']);
  assert.equal(await page.textContent(`${HEADER} [role=status]`), '10 kết quả');
  assert.equal(hits.length, 8);
  assert.ok(!hits.some((h) => h.name === 'Hoàng Thị Yến'), hits.map((h) => h.name).join(', '));
  assert.equal(await page.textContent(`${HEADER} .search-more a`), 'Xem tất cả 10 kết quả');
});

test('the keyboard moves through results, opens one and closes the list', async (t) => {
  const page = await open(t, `${BASE}404.html`);
  await page.fill('#q-404', 'nguyen van d');
  // Equally good results in the Vietnamese order: d before đ, so Dũng before Đức.
  const hits = await results(page, '.not-found [data-search-results]', ['Nguyễn Văn Dũng', 'Nguyễn Văn Đức', 'Nguyễn Văn Đức']);
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => new URL(document.activeElement.href).pathname), hits[0].path);
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => new URL(document.activeElement.href).pathname), hits[1].path);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q-404');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q-404');
  assert.equal(await page.$$eval('.not-found .search-list a', (l) => l.length), 0, 'closed');

  await page.fill('#q-404', 'pham thi hoa');
  await results(page, '.not-found [data-search-results]', ['Phạm Thị Hoà']);
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL(`**${profile('2023/pham-thi-hoa')}`), page.keyboard.press('Enter')]);
  assert.equal((await page.textContent('h1')).trim(), 'Phạm Thị Hoà');
});

test('the search page reads its state from the URL, filters, and writes the state back', async (t) => {
  const page = await open(t, `${BASE}tim-kiem/?q=nguyen+van+duc&year=2022`);
  assert.equal(await page.inputValue('#q-page'), 'nguyen van duc');
  assert.equal(await page.inputValue('#f-year'), '2022');
  // 2022 only: all three words, then Văn in a name, then dục in a field (Giáo dục).
  const hits = await exactly(page, PAGE, ['Nguyễn Văn Đức', 'Hoàng Văn Sơn', 'Lê Thị Hòa']);
  assert.equal(hits[0].path, profile('2022/nguyen-van-duc'));

  await page.selectOption('#f-year', '');
  await page.selectOption('#f-district', 'tan-yen');
  await page.fill('#q-page', '');
  await exactly(page, PAGE, ['Hợp tác xã Sâm núi Liên Chung', 'Nguyễn Thị Hoa']);
  assert.equal(new URL(page.url()).search, '?district=tan-yen');

  await page.selectOption('#f-section', 'citizens');
  await exactly(page, PAGE, ['Nguyễn Thị Hoa']);
  assert.equal(new URL(page.url()).search, '?section=citizens&district=tan-yen');

  await page.selectOption('#f-section', '');
  await page.selectOption('#f-district', '');
  await page.selectOption('#f-field', 'giao-duc');
  await page.fill('#q-page', 'hoa');
  await exactly(page, PAGE, ['Lê Thị Hòa', 'Hoàng Thị Yến']);
  assert.equal(new URL(page.url()).search, '?q=hoa&field=giao-duc');
  assert.ok(requests.some((r) => r.path === `${BASE}search/f/field-giao-duc.json`));
  assert.match(await page.textContent(`${PAGE} [role=status]`), /^2 kết quả$/);
});

test('a query with no match says so', async (t) => {
  const page = await open(t, BASE);
  await page.fill('#q-site', 'xyzw');
  await page.waitForFunction((area) => document.querySelector(`${area} [role=status]`).textContent !== '', HEADER);
  assert.equal(await page.textContent(`${HEADER} [role=status]`), 'Không tìm thấy kết quả.');

  // A linked filter value the page does not offer is kept, and matches nothing (no request
  // for a facet file that does not exist).
  await page.goto(`${origin}${BASE}tim-kiem/?q=duc&year=1999`);
  assert.equal(await page.inputValue('#f-year'), '1999');
  await page.waitForFunction((area) => document.querySelector(`${area} [role=status]`).textContent !== '', PAGE);
  assert.equal(await page.textContent(`${PAGE} [role=status]`), 'Không tìm thấy kết quả.');
  assert.ok(!requests.some((r) => r.status === 404 && r.path.startsWith(`${BASE}search/`)), 'no missing index file fetched');
});

test('without JavaScript the form submits to the search page, which links to the lists', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(origin + BASE);
  await page.fill('#q-site', 'tan yen');
  await Promise.all([page.waitForURL('**/tim-kiem/?q=tan+yen'), page.press('#q-site', 'Enter')]);
  const lists = await page.$$eval('.browse a', (l) => l.map((a) => new URL(a.href).pathname));
  assert.ok(lists.includes(`${BASE}cong-dan-uu-tu/`) && lists.includes(`${BASE}dia-ban/`), lists.join(' '));
  await context.close();
});

test('a decision number typed in the box finds its page in the register', async (t) => {
  const page = await open(t, BASE);
  await page.fill('#q-site', '1234/QĐ-UBND');
  const hits = await results(page, HEADER, ['1234/QĐ-UBND']);
  assert.equal(hits[0].path, `${BASE}quyet-dinh/1234-qd-ubnd-2022/`);
  assert.match(hits[0].meta, /Ủy ban nhân dân/);
  await page.fill('#q-site', '1234 qd ubnd');
  await results(page, HEADER, ['1234/QĐ-UBND']);
});
