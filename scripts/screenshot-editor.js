#!/usr/bin/env node
// Makes docs/editor.png, the README's picture of the editor: `vinhdanh serve` on a copy of
// the example site, the form of one profile opened in the same headless Chromium the tests
// use (playwright-core from tests/browser/node_modules; run `cargo build` and `npm ci` in
// tests/browser first). Run again whenever the editor's look changes:
//   node scripts/screenshot-editor.js
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const lib = require('../tests/browser/lib');

(async () => {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'vinhdanh-shot-'));
  for (const part of ['site.yaml', 'content', 'themes']) {
    fs.cpSync(path.join(lib.REPO, part), path.join(site, part), { recursive: true });
  }
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
  const page = await browser.newPage({ viewport: { width: 900, height: 1500 }, deviceScaleFactor: 1 });
  await page.goto(`${base}/_edit/open?file=content%2Fcitizens%2F2023%2Fdo-quang-huy.md`);
  await page.fill('#f-birth_year', 'năm ngoái');
  await page.click('button.primary');
  await page.waitForSelector('#e-birth_year');
  const out = path.join(lib.REPO, 'docs/editor.png');
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 900, height: 1500 } });
  await browser.close();
  server.kill('SIGINT');
  fs.rmSync(site, { recursive: true, force: true });
  console.log(`wrote ${path.relative(lib.REPO, out)}`);
})();
