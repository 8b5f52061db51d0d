#!/usr/bin/env node
// Makes the pictures of the README and the staff guide from the example site, so they stay
// true: `vinhdanh serve` on a copy of it, pages opened in the same headless Chromium the tests
// use (playwright-core from tests/browser/node_modules; run `cargo build` and `npm ci` in
// tests/browser first). Run again whenever a page's look changes:
//   node scripts/screenshots.js
// It writes
//   docs/editor.png        the form of one profile, a wrong year of birth marked at its field
//   docs/publish.png       the editor's publishing page after "Xem thay đổi" (a folder target)
//   docs/consultation.png  a consultation round's page on a phone
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const lib = require('../tests/browser/lib');

// The publishing target of the picture: a folder, named as a server's would be.
const TARGET = path.join(os.tmpdir(), 'vinhdanh-may-chu-mau');

(async () => {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'vinhdanh-shot-'));
  for (const part of ['site.yaml', 'content', 'themes', 'static']) {
    fs.cpSync(path.join(lib.REPO, part), path.join(site, part), { recursive: true });
  }
  fs.rmSync(TARGET, { recursive: true, force: true });
  fs.mkdirSync(TARGET);
  fs.appendFileSync(path.join(site, 'site.yaml'), `\ndeploy:\n  - name: may-chu\n    url: ${TARGET}/\n`);
  const server = spawn(lib.BIN, ['serve', '--port', '0', '--root', site], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((resolve) => {
    let out = '';
    server.stdout.on('data', (b) => {
      out += b;
      const m = out.match(/Editor: (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve(m[1]);
    });
  });
  const browser = await lib.launch();
  const shot = async (name, page, clip) => {
    const out = path.join(lib.REPO, 'docs', name);
    await page.screenshot({ path: out, clip });
    console.log(`wrote ${path.relative(lib.REPO, out)}`);
  };
  try {
    const editor = await browser.newPage({ viewport: { width: 900, height: 1500 }, deviceScaleFactor: 1 });
    await editor.goto(`${base}/_edit/open?file=content%2Fcitizens%2F2023%2Fdo-quang-huy.md`);
    await editor.fill('#f-birth_year', 'năm ngoái');
    await editor.click('button.primary');
    await editor.waitForSelector('#e-birth_year');
    await shot('editor.png', editor, { x: 0, y: 0, width: 900, height: 1500 });

    const publish = await browser.newPage({ viewport: { width: 900, height: 700 }, deviceScaleFactor: 1 });
    await publish.goto(`${base}/_edit/xuat-ban`);
    await publish.click('button[value="dry"]');
    await publish.waitForSelector('main ul, main details', { timeout: 60000 });
    await shot('publish.png', publish, { x: 0, y: 0, width: 900, height: 700 });

    const phone = await browser.newPage({ viewport: { width: 390, height: 1400 }, deviceScaleFactor: 1 });
    await phone.goto(`${base}/lay-y-kien/cong-dan-uu-tu-2026/`);
    await phone.waitForSelector('.candidate-list');
    await shot('consultation.png', phone, { x: 0, y: 0, width: 390, height: 1400 });
  } finally {
    await browser.close();
    server.kill('SIGINT');
    fs.rmSync(site, { recursive: true, force: true });
    fs.rmSync(TARGET, { recursive: true, force: true });
  }
})();
