// Honour beyond the screen (issue 17), in headless Chromium: the QR codes scan to their
// profiles, the print pages print on exactly one sheet of the right size, and the kiosk
// loops, opens a profile on a tap or a key, returns when left alone and never leaves its
// folder, over HTTP and from file://.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib');

const JSQR = require.resolve('jsqr/dist/jsQR.js');
const SUB = 'https://vinhdanh.example.gov.vn/bac-giang/vinh-danh/';
// A4 and A3 in PDF points (1/72 in), as Chromium writes them.
const A4 = [595, 842];
const A3 = [842, 1191];

let browser;
before(async () => { browser = await lib.launch(); });
// The copies `variant` makes, removed at the end.
const made = [];
after(async () => {
  if (browser) await browser.close();
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A copy of the example site with `extra` appended to site.yaml and `files` written into it. */
function variant(name, { yaml = '', files = {} } = {}) {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), `vinhdanh-paper-${name}-`));
  made.push(dir);
  for (const part of ['site.yaml', 'content', 'themes']) {
    fs.cpSync(path.join(lib.REPO, part), path.join(dir, part), { recursive: true });
  }
  let site = fs.readFileSync(path.join(dir, 'site.yaml'), 'utf8');
  // Each top-level key of `yaml` replaces the example's (its line and the indented ones below).
  for (const block of yaml.split(/\n(?=\S)/).filter(Boolean)) {
    const key = block.split(':')[0];
    site = site.replace(new RegExp(`^${key}:.*(\n[ \t]+.*)*\n?`, 'm'), '');
    site += `${site.endsWith('\n') ? '' : '\n'}${block}\n`;
  }
  fs.writeFileSync(path.join(dir, 'site.yaml'), site);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The longest texts the fixtures have: a year of 50 citizens whose first has everything long. */
function longYear() {
  const long = (word, n) => Array.from({ length: n }, (_, i) => `${word}${i % 7 ? '' : ','}`).join(' ');
  const people = [];
  people.push(`  - name: "Công Tôn Nữ Thị Hoàng Phương Thảo Nguyên Bích Ngọc Diệp Lan Hương Quỳnh Như Ý Tường Vi Mai Trúc Đào Hồng Liên Thanh Thủy"
    title: "${long('Chủ nhiệm hợp tác xã nông nghiệp công nghệ cao', 12)}"
    organization: "${long('Liên hiệp hợp tác xã', 10)}"
    district: "${long('Huyện miền núi', 8)}"
    commune: "${long('Xã vùng cao', 8)}"
    summary: "${long('Người phụ nữ dân tộc đã vận động bà con xóa đói giảm nghèo và giữ gìn bản sắc văn hóa', 40)}"
    awards:
      - title: "${long('Bằng khen của Thủ tướng Chính phủ vì thành tích xuất sắc', 8)}"
        year: 2025
        decision: "${long('Quyết định số 9999/QĐ-TTg ngày 31/12/2025 về việc tặng Bằng khen', 6)}"
        level: Trung ương`);
  for (let i = 1; i < 50; i++) {
    people.push(`  - name: "Nguyễn Văn Thử Nghiệm Số ${i} Có Tên Rất Dài Để Kiểm Tra"
    title: "Chủ tịch Hội Cựu chiến binh và Trưởng ban công tác Mặt trận thôn ${i}"
    district: Lục Ngạn
    commune: Phượng Sơn
    summary: Một người bình thường làm việc phi thường.`);
  }
  return `year: 2025\nprofiles:\n${people.join('\n')}\n`;
}

/**
 * Every profile with a certificate in `output`, read from the lists' files of certificates
 * (`chung-nhan.html`, `chung-nhan-2.html`, …): `page`, its page's path (the list's folder and
 * the sheet's anchor, which is the profile's slug), and `certificate`, `…/chung-nhan.html#slug`.
 */
function certificates(output) {
  const found = [];
  (function walk(dir, rel) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isFile() && /^chung-nhan(-\d+)?\.html$/.test(e.name)) {
        const html = fs.readFileSync(path.join(dir, e.name), 'utf8');
        for (const [, slug] of html.matchAll(/<article class="certificate-page" id="([^"]+)"/g)) {
          found.push({ page: `${rel}${slug}/`, certificate: `${rel}${e.name}#${slug}` });
        }
      } else if (e.isDirectory() && e.name !== 'media' && e.name !== 'search') walk(path.join(dir, e.name), `${rel}${e.name}/`);
    }
  })(output, '');
  return found.sort((a, b) => a.page.localeCompare(b.page));
}

/** Decodes the QR code drawn by `locator` as Chromium renders it; null when none is found. */
async function decode(locator, reader) {
  const png = (await locator.screenshot()).toString('base64');
  return reader.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const code = window.jsQR(g.getImageData(0, 0, c.width, c.height).data, c.width, c.height);
    return code ? code.data : null;
  }, png);
}

/** Number of pages and the size of the first of a PDF that Chromium wrote. */
function pdfPages(buf) {
  const text = buf.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
  const box = text.match(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/);
  return { pages, size: box ? [Math.round(box[3] - box[1]), Math.round(box[4] - box[2])] : null };
}

for (const [label, base] of [['at the domain root', null], ['under a sub-path', SUB]]) {
  describe(`QR codes ${label}`, () => {
    let out, server;
    before(async () => {
      const source = variant('qr', { yaml: base ? `base_url: ${base}` : '' });
      out = lib.build({ source });
      server = await lib.serve(out.output, { base: base ? new URL(base).pathname : '/' });
    });
    after(() => {
      if (server) server.close();
      if (out) fs.rmSync(out.dir, { recursive: true, force: true });
    });

    it('every profile page and certificate carries a code that scans to the profile\'s URL', async () => {
      const root = base || 'https://vinhdanh.example.gov.vn/';
      const prefix = new URL(root).pathname;
      const all = certificates(out.output);
      assert.ok(all.length >= 30, `the example has its profiles: ${all.length}`);
      for (const c of all) assert.ok(fs.existsSync(path.join(out.output, c.page, 'index.html')), `${c.certificate} names a profile page`);
      // Under a sub-path, every sixth profile (of every kind, since the list is sorted by
      // path) and the whole board: the codes are drawn by the same template, only their
      // address changes, and every profile's code is already scanned at the domain root.
      const paths = base ? all.filter((_, i) => i % 6 === 0) : all;
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 2 });
      const page = await context.newPage();
      const reader = await (await browser.newContext()).newPage();
      await reader.addScriptTag({ path: JSQR });
      const wrong = [];
      for (const { page: p, certificate } of paths) {
        for (const [where, code] of [[p, '.qr-code svg'], [certificate, `#${certificate.split('#')[1]} .qr-code svg`]]) {
          await page.goto(`${server.origin}${prefix}${where}`);
          const got = await decode(page.locator(code).first(), reader);
          if (got !== root + p) wrong.push(`/${where}: ${got === null ? 'no code found' : `scans to ${got}`}, not ${root + p}`);
        }
      }
      // The year's board: each card's code leads to its own profile.
      await page.goto(`${server.origin}${prefix}cong-dan-uu-tu/2023/ban-in/`);
      const cards = page.locator('.board__card');
      const n = await cards.count();
      assert.equal(n, 10, 'the board of 2023 shows its ten citizens');
      for (let i = 0; i < n; i++) {
        const name = (await cards.nth(i).locator('.board__name').textContent()).trim();
        const got = await decode(cards.nth(i).locator('svg'), reader);
        if (!got || !got.startsWith(`${root}cong-dan-uu-tu/2023/`) || !all.some((c) => c.page === got.slice(root.length))) wrong.push(`board card ${name}: scans to ${got}`);
      }
      await context.close();
      await reader.context().close();
      assert.deepEqual(wrong, []);
    });
  });
}

describe('print pages', () => {
  let out, a3, server, page;
  before(async () => {
    const files = { 'content/citizens/2025.yaml': longYear() };
    out = lib.build({ source: variant('print', { files }) });
    a3 = lib.build({ source: variant('print-a3', { files, yaml: 'print:\n  board: A3' }) });
    server = await lib.serve(out.output);
    // One page prints every PDF: a print page has no script and keeps no state.
    page = await (await browser.newContext()).newPage();
    await page.emulateMedia({ media: 'print' });
  });
  after(async () => {
    if (page) await page.context().close();
    if (server) server.close();
    for (const o of [out, a3]) if (o) fs.rmSync(o.dir, { recursive: true, force: true });
  });

  async function pdf(origin, where) {
    // Away first: from one sheet of a file to another is a move within the page, which
    // gives no response to check.
    await page.goto('about:blank');
    const res = await page.goto(`${origin}/${where}`);
    assert.equal(res.status(), 200, `/${where}`);
    return pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  }

  it('every certificate of the example, and the longest name and summary, prints on one A4 portrait page', async () => {
    const all = certificates(out.output);
    const longest = all.find((c) => c.page.startsWith('cong-dan-uu-tu/2025/cong-ton-nu'));
    assert.ok(longest, `the long fixture is built: ${all.filter((c) => c.page.includes('2025')).slice(0, 3).map((c) => c.page)}`);
    // Of the 49 short citizens the long year adds only to fill a board, the first and the
    // last: they are one shape.
    const filler = all.filter((c) => c.page.startsWith('cong-dan-uu-tu/2025/') && c !== longest);
    assert.equal(filler.length, 49);
    const chosen = all.filter((c) => !filler.includes(c) || c === filler[0] || c === filler[48]);
    const wrong = [];
    for (const { certificate } of chosen) {
      const got = await pdf(server.origin, certificate);
      if (got.pages !== 1 || got.size.join('x') !== A4.join('x')) wrong.push(`/${certificate}: ${got.pages} page(s) of ${got.size}`);
    }
    assert.deepEqual(wrong, []);
    const html = fs.readFileSync(path.join(out.output, longest.certificate.split('#')[0]), 'utf8');
    assert.match(html, /<meta name="robots" content="noindex">/);
    assert.match(html, /…<\/p>/, 'the long summary is cut at a word, with an ellipsis');
  });

  it('a list\'s file of certificates prints every sheet it holds, one A4 page each, twenty a file', async () => {
    // 2023: the example's ten citizens in one file. 2025: fifty, in files of 20, 20 and 10.
    assert.deepEqual(await pdf(server.origin, 'cong-dan-uu-tu/2023/chung-nhan.html'), { pages: 10, size: A4 });
    // Every photo is on paper, those of the sheets below the first screen too (loaded lazily).
    const photos = (fs.readFileSync(path.join(out.output, 'cong-dan-uu-tu/2023/chung-nhan.html'), 'utf8').match(/<img /g) || []).length;
    const printed = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    assert.equal((printed.match(/\/Subtype\s*\/Image/g) || []).length, photos, 'one image a photo in the PDF');
    assert.ok(photos >= 5, `the example's 2023 has photos: ${photos}`);
    for (const [file, n] of [['chung-nhan.html', 20], ['chung-nhan-2.html', 20], ['chung-nhan-3.html', 10]]) {
      assert.deepEqual(await pdf(server.origin, `cong-dan-uu-tu/2025/${file}`), { pages: n, size: A4 }, file);
    }
    assert.ok(!fs.existsSync(path.join(out.output, 'cong-dan-uu-tu/2025/chung-nhan-4.html')));
    // Shown on a screen: one sheet alone from its link, every sheet of the part without one.
    const screen = await (await browser.newContext()).newPage();
    try {
      const shown = () => screen.$$eval('.certificate-page', (l) => l.filter((e) => e.offsetParent !== null).map((e) => e.id));
      await screen.goto(`${server.origin}/cong-dan-uu-tu/2023/chung-nhan.html#nguyen-van-duc`);
      assert.deepEqual(await shown(), ['nguyen-van-duc']);
      await screen.click('text=Hiện tất cả giấy của danh sách này');
      await screen.waitForURL(/chung-nhan\.html$/);
      assert.equal((await shown()).length, 10);
      await screen.goto(`${server.origin}/cong-dan-uu-tu/2025/chung-nhan-2.html`);
      assert.deepEqual(await screen.$$eval('.paper__parts a', (l) => l.map((a) => [a.textContent, a.getAttribute('aria-current')])),
        [['1', null], ['2', 'page'], ['3', null]]);
    } finally {
      await screen.context().close();
    }
  });

  it('each year\'s board prints on one landscape page, A4 by default and A3 when asked', async () => {
    const a3server = await lib.serve(a3.output);
    try {
      for (const year of ['2022', '2023', '2024', '2025']) {
        const a4 = await pdf(server.origin, `cong-dan-uu-tu/${year}/ban-in/`);
        assert.deepEqual(a4, { pages: 1, size: [A4[1], A4[0]] }, `board ${year} on A4`);
        const big = await pdf(a3server.origin, `cong-dan-uu-tu/${year}/ban-in/`);
        assert.deepEqual(big, { pages: 1, size: [A3[1], A3[0]] }, `board ${year} on A3`);
      }
    } finally {
      a3server.close();
    }
    const board = fs.readFileSync(path.join(out.output, 'cong-dan-uu-tu/2025/ban-in/index.html'), 'utf8');
    assert.equal((board.match(/class="board__card"/g) || []).length, 48, 'a board holds at most 48 of the 50');
  });

  it('print pages are linked from their profile and year, and left out of the sitemap and search', async () => {
    const sitemap = fs.readFileSync(path.join(out.output, 'sitemap.xml'), 'utf8');
    assert.doesNotMatch(sitemap, /ban-in|chung-nhan|trinh-chieu/);
    const search = fs.readdirSync(path.join(out.output, 'search'), { recursive: true })
      .map((f) => path.join(out.output, 'search', f)).filter((f) => fs.statSync(f).isFile())
      .map((f) => fs.readFileSync(f, 'latin1')).join('');
    assert.doesNotMatch(search, /ban-in|chung-nhan|trinh-chieu/);
    const profile = fs.readFileSync(path.join(out.output, 'cong-dan-uu-tu/2023/nguyen-van-duc/index.html'), 'utf8');
    assert.match(profile, /href="\/cong-dan-uu-tu\/2023\/chung-nhan\.html#nguyen-van-duc">Bản in</);
    const year = fs.readFileSync(path.join(out.output, 'cong-dan-uu-tu/2023/index.html'), 'utf8');
    assert.match(year, /href="\/cong-dan-uu-tu\/2023\/ban-in\/"/);
  });
});

// The two runs at once: each spends its time waiting for the loop's seconds to pass.
describe('the kiosk', { concurrency: 2 }, () => {
  const yaml = 'kiosk:\n  interval: 1\n  idle: 2';

  async function check(url, insideOf) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const outside = [];
    context.on('request', (r) => { if (!r.url().startsWith(insideOf) && !r.url().startsWith('data:')) outside.push(r.url()); });
    const errors = [];
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    const current = () => page.evaluate(() => document.body.getAttribute('data-current'));
    const opened = () => page.evaluate(() => document.body.getAttribute('data-opened'));
    // The first slide, or already the second on a busy machine: the loop started at load.
    const first = await current();
    assert.ok(['0', '1'].includes(first), `the loop starts at the first slide: ${first}`);
    assert.equal(await page.locator('a[href]').count(), 0, 'no link leads off the kiosk');
    await page.waitForFunction((s) => document.body.getAttribute('data-current') !== s, first, { timeout: 4000 });
    // A tap anywhere on the screen opens the slide on show, in place. (A tap, not a
    // locator click: the slide moves in and changes every second, which a click that
    // waits for a still element races on a busy machine.)
    await page.mouse.click(960, 540);
    const shown = await opened();
    assert.ok(shown !== null, 'a tap opened a profile');
    assert.equal(shown, await current(), 'the one on show');
    const detail = page.locator(`[data-detail="${shown}"]`);
    assert.ok(await detail.isVisible(), 'the opened profile is shown');
    assert.ok(await detail.locator('.qr-code svg').count() === 1, 'with its QR code');
    const still = await current();
    await page.waitForTimeout(1300);
    assert.equal(await current(), still, 'the loop waits while a profile is open');
    // Left alone for `idle` seconds, it returns to the loop, which goes on.
    await page.waitForFunction(() => !document.body.hasAttribute('data-opened'), null, { timeout: 4000 });
    assert.equal(await detail.isVisible(), false);
    await page.waitForFunction((s) => document.body.getAttribute('data-current') !== s, still, { timeout: 4000 });
    // The back button and keys: any key opens, Escape goes back, arrows move.
    await page.keyboard.press('k');
    assert.notEqual(await opened(), null, 'a key opens the slide on show');
    await page.keyboard.press('Escape');
    assert.equal(await opened(), null, 'Escape returns to the loop');
    const before = Number(await current());
    await page.keyboard.press('ArrowRight');
    const slides = await page.locator('[data-slide]').count();
    assert.equal(Number(await current()), (before + 1) % slides);
    await page.mouse.click(960, 540);
    assert.notEqual(await opened(), null);
    await page.locator('[data-detail]:not([hidden]) [data-back]').click();
    assert.equal(await opened(), null, 'the back button returns to the loop');
    // Reduced motion: no animated transition, the loop still advances.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const anim = await page.evaluate(() => getComputedStyle(document.querySelector('[data-slide]:not([hidden])')).animationName);
    assert.equal(anim, 'none');
    const at = await current();
    await page.waitForFunction((s) => document.body.getAttribute('data-current') !== s, at, { timeout: 4000 });
    await context.close();
    assert.deepEqual(outside, [], 'no request leaves the folder');
    assert.deepEqual(errors, []);
    return slides;
  }

  it('loops, opens a profile on a tap or key, returns when idle, over HTTP', async () => {
    const out = lib.build({ source: variant('kiosk', { yaml }) });
    const server = await lib.serve(out.output);
    try {
      const slides = await check(`${server.origin}/trinh-chieu/`, `${server.origin}/`);
      // The latest year's citizens, then the featured collectives.
      const html = fs.readFileSync(path.join(out.output, 'trinh-chieu/index.html'), 'utf8');
      const year = fs.readFileSync(path.join(out.output, 'cong-dan-uu-tu/2024/index.html'), 'utf8');
      const citizens = (year.match(/class="card /g) || year.match(/<li><span class="rank"/g) || []).length;
      assert.ok(citizens > 0 && slides > citizens, `${slides} slides: ${citizens} citizens of 2024 and the collectives`);
      assert.match(html, /data-interval="1" data-idle="2"/);
    } finally {
      server.close();
      fs.rmSync(out.dir, { recursive: true, force: true });
    }
  });

  it('works the same from file:// in a --portable build, with nothing from outside its folder', async () => {
    const out = lib.build({ source: variant('kiosk-portable', { yaml }), args: ['--portable'] });
    try {
      await check(`file://${out.output}/trinh-chieu/index.html`, `file://${out.output}/`);
    } finally {
      fs.rmSync(out.dir, { recursive: true, force: true });
    }
  });
});
