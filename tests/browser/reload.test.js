// Live reload in `vinhdanh serve` (issue 31), as staff meet it: ten tabs of the preview open
// in one Chromium (a browser keeps six HTTP/1.1 connections to a host, which long-poll
// reloads used up), every tab loads, and one save reloads every one of them. Then a broken
// save shows its error over each page, and the fix takes it away.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const lib = require('./lib');

const TABS = 10;
const FILE = 'content/collectives/to-hop-tac-gom-tho-ha.md';
const PAGE = '/tap-the-dien-hinh/to-hop-tac-gom-tho-ha/';
let browser;
let server;
let dir;
let origin; // http://127.0.0.1:PORT

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vinhdanh-reload-'));
  const site = path.join(dir, 'site');
  fs.mkdirSync(site);
  for (const part of ['site.yaml', 'content', 'themes']) {
    fs.cpSync(path.join(lib.REPO, part), path.join(site, part), { recursive: true });
  }
  ({ process: server, origin } = await lib.startServe(site));
  browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGINT');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('live reload', () => {
  it('reloads ten open tabs after one save, and shows a failed build on each', async () => {
    const context = await browser.newContext();
    const problems = await lib.guard(context, origin);
    // Each tab's socket, once the server has told it the state of the builds.
    const told = [];
    const pages = [];
    for (let i = 0; i < TABS; i += 1) {
      const page = await context.newPage();
      told.push(new Promise((resolve) => {
        page.on('websocket', (ws) => ws.once('framereceived', () => resolve()));
      }));
      await page.goto(origin + PAGE, { timeout: 20000 });
      pages.push(page);
    }
    await Promise.all(told);

    const file = path.join(dir, 'site', FILE);
    const text = fs.readFileSync(file, 'utf8');
    const summary = 'Bản tóm tắt mới sau một lần lưu.';
    fs.writeFileSync(file, text.replace(/^summary: .*$/m, `summary: ${summary}`));
    for (const page of pages) {
      await page.waitForFunction((s) => document.body.innerText.includes(s), summary, { timeout: 30000 });
    }

    // A broken save: the last good page stays, with the error over it, in every tab.
    fs.writeFileSync(file, text.replace(/^summary: .*$/m, 'summary: [không đóng'));
    for (const page of pages) {
      await page.waitForFunction(() => {
        const host = document.getElementById('vinhdanh-errors');
        return host && host.shadowRoot && host.shadowRoot.textContent.includes('to-hop-tac-gom-tho-ha.md');
      }, null, { timeout: 30000 });
      assert.ok((await page.innerText('body')).includes(summary), 'the last good page stays under the errors');
    }
    // The fix takes the errors away and brings the page.
    fs.writeFileSync(file, text);
    for (const page of pages) {
      await page.waitForFunction(() => !document.getElementById('vinhdanh-errors') &&
        document.body.innerText.includes('Thổ Hà') && !document.body.innerText.includes('Bản tóm tắt mới'), null, { timeout: 30000 });
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
});
