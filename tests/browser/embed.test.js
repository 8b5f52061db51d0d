// A newspaper embeds a profile card: the embed code copied from a profile page (with its
// copy button) is pasted into a page served from another origin, and Chromium shows the card
// in the iframe, loading nothing but the site's one card page, its stylesheet and script,
// the profile's page (as text, for the card it carries) and the photo. For every theme.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const lib = require('./lib');

const PROFILE = 'cong-dan-uu-tu/2023/nguyen-van-duc/';

let browser;
test.before(async () => { browser = await lib.launch(); });
test.after(async () => { if (browser) await browser.close(); });

/** A "newspaper" on its own origin, serving one story with `snippet` pasted in. */
function newspaper(snippet) {
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tin tức</title></head>
<body><h1>Một bài báo</h1><p>Đoạn mở đầu.</p>${snippet}<p>Đoạn kết.</p></body></html>`;
  return new Promise((resolve) => {
    const s = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    s.listen(0, '127.0.0.1', () => {
      s.origin = `http://127.0.0.1:${s.address().port}`;
      resolve(s);
    });
  });
}

for (const theme of lib.themes()) {
  test(`${theme}: the embed card works in an iframe on another site`, async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vinhdanh-embed-'));
    const site = await lib.serve(root);
    const out = lib.build({ theme, args: ['--base-url', `${site.origin}/`], prefix: 'vinhdanh-embed-build-' });
    fs.cpSync(out.output, root, { recursive: true });
    let paper;
    try {
      // The editor copies the code from the profile page with its button.
      const context = await browser.newContext();
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
      const problems = await lib.guard(context, site.origin);
      const page = await context.newPage();
      await page.goto(`${site.origin}/${PROFILE}`);
      const code = await page.inputValue('#embed-code');
      assert.match(code, new RegExp(`^<iframe src="${site.origin}/nhung.html#${PROFILE}"`));
      const button = page.locator('button[data-copy="#embed-code"]');
      await button.click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, code, 'the button copies the embed code');
      assert.deepEqual(problems, []);
      await context.close();

      // The newspaper's story, on another origin, with the code pasted in.
      paper = await newspaper(copied);
      const reader = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const requests = [];
      await reader.route('**/*', (route) => {
        const url = route.request().url();
        requests.push(url);
        if (url.startsWith(`${site.origin}/`) || url.startsWith(`${paper.origin}/`)) return route.continue();
        return route.abort();
      });
      const story = await reader.newPage();
      const errors = [];
      story.on('pageerror', (e) => errors.push(e.message));
      await story.goto(`${paper.origin}/`);
      const handle = await story.waitForSelector('iframe');
      const frame = await handle.contentFrame();
      await frame.waitForLoadState('load');
      assert.equal(frame.url(), `${site.origin}/nhung.html#${PROFILE}`);
      await frame.waitForSelector('h1', { timeout: 10000 });
      assert.equal((await frame.textContent('h1')).trim(), 'Nguyễn Văn Đức');
      assert.match(await frame.title(), /^Nguyễn Văn Đức – /);
      const img = await frame.waitForFunction(() => {
        const i = document.querySelector('img');
        return i && i.complete && i.naturalWidth > 0;
      }, null, { timeout: 10000 }).then(() => true, () => false);
      assert.ok(img, 'the photo shows');
      const link = frame.locator(`a[href="${site.origin}/${PROFILE}"]`);
      assert.equal(await link.getAttribute('target'), '_blank');
      // The card fits its frame: nothing scrolls sideways, and the card is not cut off.
      const fits = await frame.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
      assert.ok(fits, 'no horizontal scrolling inside the iframe');
      const box = await handle.boundingBox();
      assert.ok(box.width > 200 && box.height > 200, `iframe shown at ${box.width}×${box.height}`);
      // Only the story, the card page, its stylesheet and script, the profile's page and
      // one photo were fetched: none of the profile page's own styles, scripts or photos.
      const fromSite = requests.filter((u) => u.startsWith(site.origin)).map((u) => u.slice(site.origin.length));
      assert.ok(requests.every((u) => u.startsWith(site.origin) || u.startsWith(paper.origin)), requests.join('\n'));
      assert.equal(fromSite[0], '/nhung.html');
      for (const u of fromSite.slice(1)) {
        assert.match(u, new RegExp(`^/(css/embed\\.css|js/nhung\\.js|${PROFILE}|media/.+\\.(jpg|webp))$`), `the card loads only its own files: ${u}`);
      }
      assert.equal(fromSite.filter((u) => u.startsWith('/media/')).length, 1, fromSite.join('\n'));
      assert.deepEqual(errors, []);

      // A profile that is gone, and a fragment that is no profile's path (another site, a
      // way up, percent-encoding cut short): the frame says so and links to the site,
      // without a script error, and nothing is fetched from anywhere else.
      for (const [hash, fetched] of [['cong-dan-uu-tu/2023/khong-co-ai/', true], ['//evil.example/x/', false], ['../../etc/', false], ['%E0%A4%A', false]]) {
        requests.length = 0;
        const gone = await reader.newPage();
        const thrown = [];
        gone.on('pageerror', (e) => thrown.push(e.message));
        await gone.goto(`${site.origin}/nhung.html#${hash}`);
        const text = await gone.waitForFunction(() => {
          const a = document.querySelector('main a');
          return a && a.textContent !== document.title && a.textContent;
        }, null, { timeout: 10000 }).then((h) => h.jsonValue());
        assert.match(text, /không còn được giới thiệu|no longer shown/, hash);
        assert.equal(await gone.locator('main a').getAttribute('href'), `${site.origin}/`);
        assert.ok(requests.every((u) => u.startsWith(site.origin)), requests.join('\n'));
        assert.equal(requests.some((u) => u.endsWith(hash)), fetched, `${hash}: ${requests.join(' ')}`);
        assert.deepEqual(thrown, [], hash);
        await gone.close();
      }

      // The profile's page cannot be fetched (the reader went offline): the frame keeps
      // the site's name and links to the profile's page, saying nothing false about it.
      const offline = await reader.newPage();
      await offline.route(`${site.origin}/${PROFILE}`, (route) => route.abort('internetdisconnected'));
      await offline.goto(`${site.origin}/nhung.html#${PROFILE}`);
      await offline.waitForFunction((href) => {
        const a = document.querySelector('main a');
        return a && a.href === href;
      }, `${site.origin}/${PROFILE}`, { timeout: 10000 });
      const words = await offline.locator('main a').textContent();
      assert.doesNotMatch(words, /không còn được giới thiệu|no longer shown/);
      assert.equal(words.trim(), await offline.title());
      await offline.close();
      await reader.close();
    } finally {
      site.close();
      if (paper) paper.close();
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(out.dir, { recursive: true, force: true });
    }
  });
}
