// The open data of the example site (issue 34) as its readers meet it: the JSON files checked
// against the JSON Schemas published beside them (Ajv, draft 2020-12), and each section's CSV
// read by LibreOffice (`libreoffice --headless --convert-to`): one row per profile, each
// cell where it belongs (commas, quotes and several lines inside a cell), Vietnamese intact.
// The headless conversion takes the encoding it is given (UTF-8 here): unlike Excel and
// LibreOffice's own import dialog it does not look for the BOM, which the Rust tests check.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const Ajv2020 = require('ajv/dist/2020');
const lib = require('./lib');

describe('open data', () => {
  let out;
  before(() => { out = lib.build({ prefix: 'vinhdanh-opendata-' }); });
  after(() => { if (out) fs.rmSync(out.dir, { recursive: true, force: true }); });
  const data = (name) => path.join(out.output, 'du-lieu', name);

  for (const [file, schema, key] of [['ho-so.json', 'ho-so.schema.json', 'profiles'], ['quyet-dinh.json', 'quyet-dinh.schema.json', 'decisions']]) {
    it(`${file} validates against ${schema}`, () => {
      const ajv = new Ajv2020({ allErrors: true, strict: true });
      ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/); // what the schemas' `format: date` means
      const validate = ajv.compile(JSON.parse(fs.readFileSync(data(schema), 'utf8')));
      const doc = JSON.parse(fs.readFileSync(data(file), 'utf8'));
      assert.ok(validate(doc), `${file}: ${ajv.errorsText(validate.errors)}`);
      assert.ok(doc[key].length > 10, `${file} holds the site's ${key}`);
      // The schema is strict: a record with a field it does not name fails.
      const broken = structuredClone(doc);
      broken[key][0].unexpected = 1;
      assert.equal(validate(broken), false, 'a field the schema does not name is refused');
    });
  }

  it('the candidates are not in the data, the withdrawn honour is marked', () => {
    const doc = JSON.parse(fs.readFileSync(data('ho-so.json'), 'utf8'));
    const names = doc.profiles.map((p) => p.name);
    assert.ok(!names.includes('Nông Thị Thu Hà'), 'a candidate under consultation is left out');
    const phuc = doc.profiles.find((p) => p.name === 'Nguyễn Hữu Phúc');
    const revoked = phuc.awards.filter((a) => a.revoked);
    assert.equal(revoked.length, 1);
    assert.match(revoked[0].revoked.decision, /315\/QĐ-UBND/);
  });

  it('LibreOffice opens each section\'s CSV as Vietnamese text', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vinhdanh-libreoffice-'));
    try {
      for (const name of ['cong-dan-uu-tu.csv', 'tap-the-dien-hinh.csv']) {
        fs.copyFileSync(data(name), path.join(work, name));
        // Its own profile folder, so a LibreOffice the user has open does not interfere.
        execFileSync('libreoffice', [`-env:UserInstallation=file://${work}/profile`, '--headless',
          '--infilter=CSV:44,34,76,1', '--convert-to', 'html', '--outdir', work, path.join(work, name)],
        { stdio: 'pipe', timeout: 120000 });
        const html = fs.readFileSync(path.join(work, name.replace(/\.csv$/, '.html')), 'utf8');
        const text = html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');
        const section = name.startsWith('cong-dan') ? 'citizens' : 'collectives';
        const profiles = JSON.parse(fs.readFileSync(data('ho-so.json'), 'utf8')).profiles.filter((p) => p.section === section);
        const rows = html.match(/<tr/g) || [];
        assert.equal(rows.length, profiles.length + 1, `${name}: a header row and a row per profile`);
        for (const expected of ['Quyết định thu hồi', 'Lý do thu hồi', ...profiles.map((p) => p.name)]) {
          assert.ok(text.includes(expected), `${name}: LibreOffice shows "${expected}"`);
        }
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
