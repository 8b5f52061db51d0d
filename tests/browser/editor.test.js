// The editor in `vinhdanh serve` (issue 16), used as staff use it, in headless Chromium:
// find a profile by typing its name without diacritics, change its summary and see the page
// with it (and on disk a one-line change), add an award, upload a phone photo with GPS EXIF
// (the published photo has none), a wrong value shown at its field with nothing written, a
// new person that builds, a list file's entry changed alone, the keyboard alone, the trash
// and back, and axe-core on every editor page.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const axe = require('axe-core');
const lib = require('./lib');

let browser;
let server;
let site;
let editor; // http://127.0.0.1:PORT
let dir;
const lines = (s) => s.split('\n');

/** The lines of `after` that differ from `before` (both ways), for one-change checks. */
function changed(before, after) {
  const a = lines(before);
  const b = lines(after);
  const gone = a.filter((l) => !b.includes(l));
  const added = b.filter((l) => !a.includes(l));
  return { gone, added };
}

/** Inserts an APP1 Exif segment with GPS coordinates after a JPEG's start marker. */
function withGps(jpeg) {
  const t = [];
  const u16 = (v) => t.push(v & 255, v >> 8);
  const u32 = (v) => t.push(v & 255, (v >> 8) & 255, (v >> 16) & 255, v >>> 24);
  t.push(0x49, 0x49, 0x2a, 0); u32(8);
  u16(1); u16(0x8825); u16(4); u32(1); u32(8 + 2 + 12 + 4); u32(0);
  u16(2);
  u16(1); u16(2); u32(2); t.push(0x4e, 0, 0, 0);
  const rationals = 8 + 2 + 12 + 4 + 2 + 2 * 12 + 4;
  u16(2); u16(5); u32(3); u32(rationals); u32(0);
  for (const [n, d] of [[21, 1], [1, 1], [0, 1]]) { u32(n); u32(d); }
  const app1 = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), Buffer.from(t)]);
  const len = Buffer.from([(app1.length + 2) >> 8, (app1.length + 2) & 255]);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), len, app1, jpeg.subarray(2)]);
}

async function noViolations(page) {
  await page.evaluate(axe.source);
  const v = await page.evaluate(async () => (await window.axe.run(document)).violations
    .map((x) => `${x.id}: ${x.help} at ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(v, [], `${page.url()}\n${v.join('\n')}`);
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vinhdanh-editor-'));
  site = path.join(dir, 'site');
  fs.mkdirSync(site);
  for (const part of ['site.yaml', 'content', 'themes']) {
    fs.cpSync(path.join(lib.REPO, part), path.join(site, part), { recursive: true });
  }
  ({ process: server, origin: editor } = await lib.startServe(site));
  browser = await lib.launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGINT');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function open() {
  const context = await browser.newContext();
  const all = await lib.guard(context, editor);
  const page = await context.newPage();
  // A refused value or photo is answered 422 on purpose; Chromium logs every such answer.
  return { context, page, real: () => all.filter((p) => !/status of 422/.test(p)) };
}

describe('the editor in serve', { concurrency: false }, () => {
  const huy = () => path.join(site, 'content/citizens/2023/do-quang-huy.md');

  it('finds a profile typed without diacritics, saves one summary and shows the page', async () => {
    const { context, page, real } = await open();
    const before = fs.readFileSync(huy(), 'utf8');
    await page.goto(`${editor}/_edit/`);
    await noViolations(page);
    await page.fill('#q', 'do quang huy');
    await page.press('#q', 'Enter');
    await page.waitForURL(/q=do/);
    const links = page.locator('table.rows a');
    assert.equal(await links.count(), 1, 'one profile matches');
    await links.first().click();
    await page.waitForSelector('#f-summary');
    await noViolations(page);
    await page.fill('#f-summary', 'Bác sĩ được sửa hồ sơ trong trình soạn thảo.');
    await page.click('button.primary');
    await page.waitForURL(/\/cong-dan-uu-tu\/2023\/bac-si-do-quang-huy\/$/);
    // A wait that outlives navigation: live reload may load the page once more meanwhile.
    await page.getByText('Bác sĩ được sửa hồ sơ trong trình soạn thảo.').first().waitFor({ timeout: 10000 });
    const after = fs.readFileSync(huy(), 'utf8');
    const d = changed(before, after);
    assert.equal(d.gone.length, 1, JSON.stringify(d));
    assert.deepEqual(d.added, ['summary: Bác sĩ được sửa hồ sơ trong trình soạn thảo.']);
    assert.equal(lines(after).length, lines(before).length);
    assert.deepEqual(real(), []);
    await context.close();
  });

  it('adds an award from the page\'s edit link, with the keyboard', async () => {
    const { context, page, real } = await open();
    await page.goto(`${editor}/cong-dan-uu-tu/2023/bac-si-do-quang-huy/`);
    const before = fs.readFileSync(huy(), 'utf8');
    await page.click('#vinhdanh-edit a');
    await page.waitForSelector('[data-add="awards"]');
    await page.focus('[data-add="awards"]');
    await page.keyboard.press('Enter');
    const next = await page.locator('[data-group="awards"]').getAttribute('data-next');
    const n = Number(next) - 1;
    // The row "Add" made has the focus: type into it without the mouse.
    await page.keyboard.type('Chiến sĩ thi đua cấp tỉnh');
    await page.fill(`[name="awards[${n}].year"]`, '2024');
    await page.fill(`[name="awards[${n}].decision"]`, 'Quyết định số 88/QĐ-UBND ngày 2/3/2024');
    await page.focus(`[name="awards[${n}].decision"]`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/bac-si-do-quang-huy\/$/);
    await page.getByText('Chiến sĩ thi đua cấp tỉnh').first().waitFor({ timeout: 10000 });
    const d = changed(before, fs.readFileSync(huy(), 'utf8'));
    assert.ok(d.added.includes('  - title: Chiến sĩ thi đua cấp tỉnh'), JSON.stringify(d));
    assert.ok(d.added.every((l) => l.startsWith('  ')), `only the awards lines change: ${JSON.stringify(d)}`);
    assert.deepEqual(real(), []);
    await context.close();
  });

  it('takes a phone photo with GPS, shows its square crop, and publishes it without GPS', async () => {
    const { context, page, real } = await open();
    await page.goto(`${editor}/_edit/open?file=content%2Fcitizens%2F2023%2Fdo-quang-huy.md`);
    const photo = withGps(fs.readFileSync(path.join(site, 'content/citizens/2023/do-quang-huy.jpg')));
    assert.ok(photo.includes(Buffer.from('Exif\0\0', 'latin1')));
    await page.setInputFiles('input[data-upload="f-photo"]', { name: 'Ảnh chân dung.JPG', mimeType: 'image/jpeg', buffer: photo });
    await page.waitForFunction(() => document.getElementById('f-photo').value === 'anh-chan-dung.jpg');
    assert.ok(fs.existsSync(path.join(site, 'content/citizens/2023/anh-chan-dung.jpg')), 'saved next to the profile');
    await page.selectOption('#f-photo_focus', 'top');
    assert.equal(await page.locator('#crop').getAttribute('class'), 'focus-top');
    // The crop's image loads after the upload is answered: waited for, not raced.
    await page.waitForFunction(() => {
      const img = document.getElementById('crop');
      return img.complete && img.naturalWidth > 0;
    }, null, { timeout: 15000 }).catch(() => assert.fail('the crop shows the photo'));
    await page.click('button.primary');
    await page.waitForURL(/bac-si-do-quang-huy\/$/);
    const src = await page.locator('main img').first().getAttribute('src');
    assert.match(src, /anh-chan-dung/);
    const published = Buffer.from(await (await page.request.get(new URL(src, page.url()).href)).body());
    assert.ok(published.length > 1000);
    assert.ok(!published.includes(Buffer.from('Exif', 'latin1')), 'the published photo carries no EXIF');
    // Not a photo: the build's own check answers at the field.
    await page.goto(`${editor}/_edit/open?file=content%2Fcitizens%2F2023%2Fdo-quang-huy.md`);
    await page.setInputFiles('input[data-upload="f-photo"]', { name: 'anh.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo at all') });
    await page.waitForFunction(() => /\S/.test((document.getElementById('e-photo') || {}).textContent || '') && document.getElementById('e-photo').textContent !== '…');
    assert.equal(await page.inputValue('#f-photo'), 'anh-chan-dung.jpg', 'the photo field is unchanged');
    assert.ok(!fs.existsSync(path.join(site, 'content/citizens/2023/anh.jpg')), 'nothing saved');
    assert.deepEqual(real(), []);
    await context.close();
  });

  it('shows a wrong value at its field, keeps what was typed and writes nothing', async () => {
    const { context, page, real } = await open();
    const before = fs.readFileSync(huy(), 'utf8');
    await page.goto(`${editor}/_edit/open?file=content%2Fcitizens%2F2023%2Fdo-quang-huy.md`);
    await page.fill('#f-summary', 'Tóm tắt mới chưa lưu.');
    await page.fill('#f-birth_year', 'năm ngoái');
    // The story's preview comes from the build's own converter (raw HTML is dropped).
    await page.fill('#f-body', 'Một đoạn **đậm**.\n\n<script>alert(1)</script>');
    await page.click('#preview-button');
    await page.waitForSelector('#preview strong');
    assert.equal(await page.textContent('#preview strong'), 'đậm');
    assert.equal(await page.locator('#preview script').count(), 0);
    await page.click('button.primary');
    await page.waitForSelector('#e-birth_year');
    assert.match(await page.textContent('#e-birth_year'), /birth_year/);
    assert.equal(await page.getAttribute('#f-birth_year', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#f-birth_year', 'aria-describedby'), /e-birth_year/);
    assert.equal(await page.inputValue('#f-summary'), 'Tóm tắt mới chưa lưu.');
    assert.equal(await page.inputValue('#f-birth_year'), 'năm ngoái');
    assert.equal(fs.readFileSync(huy(), 'utf8'), before, 'nothing on disk changed');
    await noViolations(page);
    assert.deepEqual(real(), []);
    await context.close();
  });

  it('refuses to overwrite a file changed on disk since the form was opened', async () => {
    const { context, page } = await open();
    await page.goto(`${editor}/_edit/open?file=content%2Fcitizens%2F2023%2Fdo-quang-huy.md`);
    const edited = fs.readFileSync(huy(), 'utf8').replace('commune:', '# sửa tay\ncommune:');
    fs.writeFileSync(huy(), edited);
    await page.fill('#f-summary', 'Không được ghi đè.');
    await page.click('button.primary');
    await page.waitForSelector('.alert');
    assert.equal(fs.readFileSync(huy(), 'utf8'), edited);
    await page.click('.alert a');
    await page.waitForSelector('#f-summary');
    assert.notEqual(await page.inputValue('#f-summary'), 'Không được ghi đè.');
    await context.close();
  });

  it('makes a new person that builds, moves it to the trash and restores it', async () => {
    const { context, page, real } = await open();
    await page.goto(`${editor}/_edit/`);
    await page.click('a[href="/_edit/new?kind=person"]');
    await page.waitForSelector('#f-name');
    await noViolations(page);
    await page.fill('#f-name', 'Trần Văn Mới');
    await page.fill('#f-year', '2023');
    await page.fill('#f-summary', 'Người mới thêm từ trình soạn thảo.');
    await page.selectOption('#f-gender', 'nam');
    await page.fill('#f-fields', 'Giáo dục\nY tế');
    await page.click('button.primary');
    await page.waitForURL(/\/cong-dan-uu-tu\/2023\/tran-van-moi\/$/);
    // The watcher may report the save once more after it was built: the page can reload
    // once, so its text is waited for rather than read at once.
    await page.waitForFunction(() => document.body.innerText.includes('Người mới thêm từ trình soạn thảo.'), null, { timeout: 30000 });
    const file = path.join(site, 'content/citizens/2023/tran-van-moi.md');
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^summary: Người mới thêm từ trình soạn thảo\.$/m);
    assert.match(text, /^fields: \[Giáo dục, Y tế\]$/m);
    assert.match(text, /^# Hồ sơ công dân ưu tú/m, 'the file is the one `new` writes, with its comments');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vinhdanh-editor-build-'));
    execFileSync(lib.BIN, ['build', '--root', site, '--output', path.join(out, 'public')], { stdio: 'pipe' });
    const built = fs.readFileSync(path.join(out, 'public/cong-dan-uu-tu/2023/tran-van-moi/index.html'), 'utf8');
    assert.ok(!/_edit|__vinhdanh/.test(built), 'nothing of the editor is in a build');
    fs.rmSync(out, { recursive: true, force: true });

    await page.goto(`${editor}/_edit/open?file=content%2Fcitizens%2F2023%2Ftran-van-moi.md`);
    await page.click('button.danger');
    await page.waitForURL(/\/_edit\/trash$/);
    assert.ok(!fs.existsSync(file));
    await noViolations(page);
    assert.match(await page.textContent('.trash'), /tran-van-moi\.md/);
    await page.click('.trash button');
    await page.waitForSelector('#f-name');
    assert.ok(fs.existsSync(file), 'restored');
    assert.equal(fs.readFileSync(file, 'utf8'), text);
    assert.deepEqual(real(), []);
    await context.close();
  });

  it('lists a candidate, enters its decision and so honours it; shows a withdrawal in its fields', async () => {
    const { context, page, real } = await open();
    const file = path.join(site, 'content/citizens/2026.yaml');
    const before = fs.readFileSync(file, 'utf8');
    await page.goto(`${editor}/_edit/?q=nong thi thu ha`);
    const row = page.locator('table.rows a');
    assert.equal(await row.count(), 1, 'a candidate is in the editor\'s list though it has no page');
    assert.match(await row.textContent(), /đề nghị/);
    await row.click();
    await page.waitForSelector('#f-name');
    assert.equal(await page.inputValue('[name="awards[0].status"]'), 'proposed');
    await page.fill('[name="awards[0].decision"]', 'Quyết định số 2500/QĐ-UBND ngày 1/12/2026');
    await page.selectOption('[name="awards[0].status"]', '');
    await page.click('button.primary');
    await page.waitForURL(/\/cong-dan-uu-tu\/2026\/nong-thi-thu-ha\/$/);
    await page.getByText('Quyết định số 2500/QĐ-UBND').first().waitFor({ timeout: 10000 });
    // One line less (the status), one more (the decision), in her entry only.
    const count = (text, line) => lines(text).filter((l) => l === line).length;
    const after = fs.readFileSync(file, 'utf8');
    assert.equal(count(after, '        status: proposed'), count(before, '        status: proposed') - 1);
    assert.equal(count(after, '        year: 2026'), count(before, '        year: 2026'), 'the year stays as written');
    const d = changed(before, after);
    assert.deepEqual(d.added, ['        decision: Quyết định số 2500/QĐ-UBND ngày 1/12/2026'], JSON.stringify(d));
    assert.equal(lines(after).length, lines(before).length);

    await page.goto(`${editor}/_edit/?q=nguyen huu phuc`);
    await page.click('table.rows a');
    await page.waitForSelector('#f-name');
    assert.match(await page.inputValue('[name="awards[2].revoked.decision"]'), /315\/QĐ-UBND/);
    assert.match(await page.inputValue('[name="awards[2].revoked.reason"]'), /đã được tính/);
    await noViolations(page);
    assert.deepEqual(real(), []);
    await context.close();
  });

  it('changes only its own entry of a list file, and shows a spreadsheet row read-only', async () => {
    const { context, page, real } = await open();
    const list = path.join(site, 'content/citizens/2022.yaml');
    const before = fs.readFileSync(list, 'utf8');
    await page.goto(`${editor}/_edit/?q=giap van hung`);
    await page.click('table.rows a');
    await page.waitForSelector('#f-summary');
    assert.equal(await page.inputValue('#f-name'), 'Giáp Văn Hùng');
    await page.fill('#f-summary', 'Tóm tắt của một mục trong danh sách.');
    await page.click('button.primary');
    await page.waitForURL(/\/cong-dan-uu-tu\/2022\/giap-van-hung\/$/);
    const d = changed(before, fs.readFileSync(list, 'utf8'));
    assert.deepEqual(d.added, ['    summary: Tóm tắt của một mục trong danh sách.']);
    assert.equal(d.gone.length, 1);
    assert.match(d.gone[0], /^    summary: Nông dân đưa giống na dai/);

    await page.goto(`${editor}/_edit/?year=2024`);
    await page.locator('table.rows a[href*="2024.xlsx"]').first().click();
    await page.waitForSelector('main h1');
    assert.match(await page.textContent('main'), /2024\.xlsx, trang tính “[^”]+”, dòng \d+/);
    assert.equal(await page.locator('form').count(), 0, 'no form for a spreadsheet row');
    assert.deepEqual(real(), []);
    await context.close();
  });
});
