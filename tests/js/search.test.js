// The search client's pure functions against the table the Rust tests use
// (tests/fixtures/folding.json), so build time and query time fold and rank alike.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const search = require('../../src/search/client.js');
const table = require('../fixtures/folding.json');

const nfd = (s) => s.normalize('NFD');

test('word forms follow the shared table', () => {
  for (const c of table.forms) {
    for (const text of [c.in, nfd(c.in), c.in.normalize('NFC')]) {
      const forms = search.words(text).map(search.forms);
      assert.equal(forms.map((f) => f.e).join(' '), c.exact, `exact of ${c.in}`);
      assert.equal(forms.map((f) => f.t).join(' '), c.tone, `tone of ${c.in}`);
      assert.equal(forms.map((f) => f.f).join(' '), c.folded, `folded of ${c.in}`);
    }
  }
});

test('match levels follow the shared table', () => {
  for (const c of table.levels) {
    const q = search.forms(c.query);
    const w = search.forms(c.word);
    const matches = c.prefix ? w.f.startsWith(q.f) : w.f === q.f;
    const got = matches ? search.level(q, w.e, !!c.prefix) : 0;
    assert.equal(got, c.level, `${c.query} against ${c.word} (prefix: ${!!c.prefix})`);
  }
});

// The same index src/search/index.rs builds, in memory: ids in the Vietnamese collation of
// the names (Node's ICU, the same CLDR data as icu_collator), each exact word in its best
// field, pairs of adjacent words of places.
const VI = new Intl.Collator('vi');
function build(docs) {
  const order = docs
    .map((d, i) => [d.name, i])
    .sort((a, b) => VI.compare(a[0], b[0]) || a[1] - b[1])
    .map(([, i]) => docs[i]);
  const ids = new Map();
  const pairs = new Map();
  order.forEach((d, id) => {
    const best = new Map();
    const texts = [[0, d.name]]
      .concat((d.place || []).map((t) => [1, t]))
      .concat((d.role || []).map((t) => [2, t]))
      .concat([[3, d.summary || '']]);
    for (const [field, text] of texts) {
      for (const w of search.words(text)) if (!best.has(w)) best.set(w, field);
    }
    for (const [w, field] of best) {
      const key = search.fold(w);
      if (!ids.has(key)) ids.set(key, {});
      const variants = ids.get(key);
      if (!variants[w]) variants[w] = [[], [], [], []];
      variants[w][field].push(id);
    }
    const seen = new Set();
    for (const phrase of d.place || []) {
      const f = search.words(phrase).map(search.fold);
      for (let i = 0; i + 1 < f.length; i++) seen.add(f[i] + ' ' + f[i + 1]);
    }
    for (const p of seen) {
      if (!pairs.has(p)) pairs.set(p, []);
      pairs.get(p).push(id);
    }
  });
  // Plain distances are a valid encoding (runs are optional).
  const enc = (list) => list.map((id, i) => num(2 * (id - (i ? list[i - 1] : -1) - 1))).join('');
  const t = {};
  for (const [k, variants] of ids) {
    t[k] = {};
    for (const [w, lists] of Object.entries(variants)) t[k][w] = lists.map(enc);
  }
  for (const [k, list] of pairs) t[k] = enc(list);
  return { table: t, order };
}

// A number as src/search/index.rs writes it: base 32, the last digit from the first half.
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
function num(n) {
  let s = DIGITS[n % 32];
  for (n = Math.floor(n / 32); n; n = Math.floor(n / 32)) s = DIGITS[32 + (n % 32)] + s;
  return s;
}

test('ranking follows the shared table', () => {
  for (const c of table.rank) {
    const { table: t, order } = build(c.docs);
    for (const q of c.queries) {
      for (const text of [q.query, nfd(q.query)]) {
        const got = search.rank(search.parse(text), t, null, order.length).map((h) => order[h.id].name);
        assert.deepEqual(got, q.expect, `query ${JSON.stringify(q.query)}`);
      }
    }
  }
});

test('the last word is a prefix only while typed', () => {
  const p = (q) => search.parse(q).map((w) => w.prefix);
  assert.deepEqual(p('nguyen van du'), [false, false, true]);
  assert.deepEqual(p('nguyen van du '), [false, false, false]);
  assert.deepEqual(p('nguyen van d'), [false, false, false]);
  assert.deepEqual(p('hoa hoa'), [true]);
  assert.deepEqual(p(''), []);
});

test('facets filter, and alone list every document in them', () => {
  const { table: t } = build([{ name: 'Đỗ Văn Dục' }, { name: 'Lê Văn Đức' }, { name: 'Nguyễn Văn Đức' }]);
  const ids = (q, allowed) => search.rank(search.parse(q), t, allowed, 3).map((h) => h.id);
  assert.deepEqual(ids('duc', null), [0, 1, 2]);
  assert.deepEqual(ids('duc', [new Set([1, 2])]), [1, 2]);
  assert.deepEqual(ids('', [new Set([0])]), [0]);
  assert.deepEqual(ids('', null), []);
});

test('id lists and file names decode and escape as the Rust side writes them', () => {
  // The strings of the Rust side's own test of `encode`.
  assert.deepEqual(search.decode('036'), [0, 1, 2, 3, 7]);
  assert.deepEqual(search.decode('80'), [4, 5]);
  assert.deepEqual(search.decode('XUXU'), [31, 63]);
  assert.deepEqual(search.decode(''), []);
  assert.deepEqual(search.decode(num(2 * 39_999) + num(2 * 3 + 1)), [39_999, 40_000, 40_001, 40_002, 40_003, 40_004]);
  assert.equal(search.fileKey('ng'), 'ng');
  assert.equal(search.fileKey('tan yen'), 'tan_20_yen');
  assert.equal(search.fileKey('year-2023'), 'year-2023');
  assert.equal(search.fileKey('\u00f8'), '_f8_');
});

test('a query fetches the shard of each word, and of every longer key for a prefix', () => {
  const shards = new Set(['ng', 'ngu', 'ngo', 'va', 'du', 'tan', 'tan ']);
  assert.deepEqual(search.shardsFor('nguyen', false, shards), ['ngu']);
  assert.deepEqual(search.shardsFor('nguyen', true, shards), ['ngu']);
  assert.deepEqual(search.shardsFor('ng', true, shards).sort(), ['ng', 'ngo', 'ngu']);
  assert.deepEqual(search.shardsFor('tan yen', false, shards), ['tan ']);
  assert.deepEqual(search.shardsFor('xa', true, shards), []);
});
