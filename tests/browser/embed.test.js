// A newspaper embeds a profile card: the embed code copied from a profile page (with its
// copy button) is pasted into a page served from another origin, and Chromium shows the card
// in the iframe, loading nothing but the card, its stylesheet and its photo. For every theme.
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
      assert.match(code, new RegExp(`^<iframe src="${site.origin}/${PROFILE}embed.html"`));
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
      assert.equal(frame.url(), `${site.origin}/${PROFILE}embed.html`);
      assert.equal((await frame.textContent('h1')).trim(), 'Nguyễn Văn Đức');
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
      // Only the story, the card, its stylesheet and its photo were fetched.
      const fromSite = requests.filter((u) => u.startsWith(site.origin)).map((u) => u.slice(site.origin.length));
      assert.ok(requests.every((u) => u.startsWith(site.origin) || u.startsWith(paper.origin)), requests.join('\n'));
      assert.equal(fromSite[0], `/${PROFILE}embed.html`);
      for (const u of fromSite.slice(1)) {
        assert.match(u, /^\/(css\/embed\.css|media\/.+\.(jpg|webp))$/, `the card loads only its own files: ${u}`);
      }
      assert.deepEqual(errors, []);
      await reader.close();
    } finally {
      site.close();
      if (paper) paper.close();
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(out.dir, { recursive: true, force: true });
    }
  });
}
