// "Xuất bản" in the editor, used as staff use it, in headless Chromium: the page lists the
// targets of site.yaml, "Xem thay đổi" shows what would be sent and sends nothing,
// "Xuất bản" builds and publishes (here to a folder target, the same code as SFTP and FTPS
// past the connection, which tests/site/deploy.rs covers against real servers), an edit
// made afterwards shows as a changed page, and axe-core finds nothing on the page.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const axe = require('axe-core');
const lib = require('./lib');

let browser;
let server;
let site;
let mirror;
let editor;
let dir;

/** Every file below `dir`, relative, sorted, without deploy's own record. */
function files(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.filter((f) => !f.startsWith('.vinhdanh-')).sort();
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vinhdanh-publish-'));
  site = path.join(dir, 'site');
  mirror = path.join(dir, 'mirror');
  fs.mkdirSync(site);
  for (const part of ['site.yaml', 'content', 'themes']) {
    fs.cpSync(path.join(lib.REPO, part), path.join(site, part), { recursive: true });
  }
  fs.appendFileSync(path.join(site, 'site.yaml'), `\ndeploy:\n  - name: mirror\n    url: ${mirror}\n`);
  ({ process: server, origin: editor } = await lib.startServe(site));
  browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGINT');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('publishing from the editor', { concurrency: false }, () => {
  it('shows the changes, publishes with its button, then shows an edit as a changed page', async () => {
    const context = await browser.newContext();
    const problems = await lib.guard(context, editor);
    const page = await context.newPage();
    await page.goto(`${editor}/_edit/`);
    await page.click('a[href="/_edit/xuat-ban"]');
    await page.waitForSelector('form[data-publish]');
    assert.match(await page.locator('#target').innerText(), /mirror/);
    await page.evaluate(axe.source);
    const v = await page.evaluate(async () => (await window.axe.run(document)).violations.map((x) => x.id));
    assert.deepEqual(v, []);

    await page.click('button[value="dry"]');
    await page.waitForSelector('section.outcome');
    const dry = await page.locator('section.outcome').innerText();
    assert.match(dry, /Nếu xuất bản lên mirror/);
    assert.match(dry, /Trang mới/);
    assert.ok(!fs.existsSync(path.join(mirror, 'index.html')), 'a look sends nothing');

    await page.click('button[value="send"]');
    await page.waitForSelector('section.outcome h2:has-text("Đã xuất bản")', { timeout: 120000 });
    assert.deepEqual(files(mirror), files(path.join(site, 'public')));
    assert.ok(fs.existsSync(path.join(mirror, '.vinhdanh-deploy')), 'the server keeps its record');

    // An edit on disk, then a look: the profile's page is among the changed ones.
    const file = path.join(site, 'content/citizens/2023/do-quang-huy.md');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace(/^summary: .*$/m, 'summary: Một câu mới để xuất bản.'));
    await page.click('button[value="dry"]');
    await page.waitForSelector('section.outcome h3');
    const look = await page.locator('section.outcome').innerText();
    assert.match(look, /Trang thay đổi/);
    assert.match(look, /\/cong-dan-uu-tu\/2023\/bac-si-do-quang-huy\//);
    await page.click('button[value="send"]');
    await page.waitForSelector('section.outcome h2:has-text("Đã xuất bản")', { timeout: 120000 });
    const published = fs.readFileSync(path.join(mirror, 'cong-dan-uu-tu/2023/bac-si-do-quang-huy/index.html'), 'utf8');
    assert.match(published, /Một câu mới để xuất bản\./);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
