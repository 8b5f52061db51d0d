/* vinhdanh search client. No dependencies, no build step.
 *
 * Reads the index that `vinhdanh build` writes under search/ (see src/search/index.rs for
 * its layout), fetching only the manifest, the shards of the typed words and the documents
 * of the results shown. Word forms and ranking are the same as src/search/fold.rs and
 * src/search/query.rs; tests/fixtures/folding.json checks both sides. Change one, change
 * the other.
 */
(function () {
  'use strict';

  // ---- Word forms (src/search/fold.rs) ----
  var TONES = '\u0300\u0301\u0303\u0309\u0323';
  var QUALITY = '\u0302\u0306\u031b';
  var MARK = /\p{M}/u;
  var MARKS = /\p{M}/gu;
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var ENDS_IN_WORD = /[\p{Alphabetic}\p{N}\p{M}]$/u;

  function exact(text) {
    return text.toLowerCase().normalize('NFC').replace(/[\u00f0\u0256]/g, '\u0111');
  }
  function fold(e) {
    return e.normalize('NFD').replace(MARKS, '').replace(/\u0111/g, 'd').normalize('NFC');
  }
  function words(text) {
    return exact(text).match(WORD) || [];
  }
  function isVowel(c) {
    return c.length === 1 && 'aeiouy'.indexOf(c) >= 0;
  }
  function hasQuality(l) {
    return l.m.some(function (m) { return QUALITY.indexOf(m) >= 0; });
  }
  function tone(word) {
    var letters = [];
    for (var c of word.normalize('NFD')) {
      if (MARK.test(c)) {
        if (!letters.length) return word;
        letters[letters.length - 1].m.push(c);
      } else {
        letters.push({ b: c, m: [] });
      }
    }
    var count = 0, at = -1, k = -1;
    letters.forEach(function (l, i) {
      l.m.forEach(function (m, j) { if (TONES.indexOf(m) >= 0) { count++; at = i; k = j; } });
    });
    if (count !== 1 || !isVowel(letters[at].b)) return word;
    var s = at, e = at + 1;
    while (s > 0 && isVowel(letters[s - 1].b)) s--;
    while (e < letters.length && isVowel(letters[e].b)) e++;
    if (e - s > 1 && s > 0) {
      var p = letters[s - 1].b, f = letters[s];
      if (((p === 'q' && f.b === 'u') || (p === 'g' && f.b === 'i')) && !hasQuality(f)) s++;
    }
    var t = -1;
    for (var i = e - 1; i >= s; i--) if (hasQuality(letters[i])) { t = i; break; }
    if (t < 0) {
      if (e - s <= 1) t = s;
      else if (e - s === 2) {
        var pair = letters[s].b + letters[s + 1].b;
        t = e < letters.length || pair === 'oa' || pair === 'oe' || pair === 'uy' ? s + 1 : s;
      } else t = s + 1;
    }
    letters[t].m.push(letters[at].m.splice(k, 1)[0]);
    return letters.map(function (l) { return l.b + l.m.join(''); }).join('').normalize('NFC');
  }
  function forms(word) {
    var e = exact(word);
    return { e: e, t: tone(e), f: fold(e), prefix: false };
  }
  function level(q, indexed, prefix) {
    if (q.e === q.f) return 1;
    var same = prefix
      ? function (a, b) { return a.startsWith(b); }
      : function (a, b) { return a === b; };
    if (same(indexed, q.e)) return 3;
    return same(tone(indexed), q.t) ? 2 : 1;
  }

  // ---- Ranking (src/search/query.rs) ----
  var PAIR_BONUS = 50, MAX_WORDS = 8;

  function parse(query) {
    var out = [];
    words(query).forEach(function (w) {
      if (out.length < MAX_WORDS && !out.some(function (o) { return o.e === w; })) out.push(forms(w));
    });
    if (out.length) {
      var last = out[out.length - 1];
      last.prefix = ENDS_IN_WORD.test(query) && Array.from(last.f).length >= 2;
    }
    return out;
  }
  // An id list (src/search/index.rs, `encode`): base-32 numbers, the last digit of each
  // from the first half of DIGITS; an even number 2(d-1) is a distance d from the previous
  // id, an odd one 2(k-2)+1 a run of k consecutive ids.
  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var DIGIT = new Int8Array(128).fill(-1);
  for (var j = 0; j < DIGITS.length; j++) DIGIT[DIGITS.charCodeAt(j)] = j;
  function decode(list) {
    var out = [], prev = -1, n = 0;
    for (var i = 0; i < list.length; i++) {
      var d = DIGIT[list.charCodeAt(i) & 127];
      n = n * 32 + (d & 31);
      if (d >= 32) continue;
      if (n % 2) for (var r = 0; r < (n - 1) / 2 + 2; r++) out.push(++prev);
      else out.push(prev += n / 2 + 1);
      n = 0;
    }
    return out;
  }
  // `table`: key → shard value, holding at least every key the words can match.
  // `allowed`: null, or a list of Sets of ids (facets) a result must be in all of.
  // `n`: number of documents, for a query with no words.
  function rank(ws, table, allowed, n) {
    var ok = function (id) { return !allowed || allowed.every(function (s) { return s.has(id); }); };
    if (!ws.length) {
      var all = [];
      if (allowed) for (var id = 0; id < n; id++) if (ok(id)) all.push({ id: id, matched: 0, score: 0 });
      return all;
    }
    var keys = Object.keys(table);
    var best = ws.map(function (w) {
      var scores = new Map();
      keys.forEach(function (key) {
        var v = table[key];
        if (typeof v === 'string') return; // a pair
        var whole = key === w.f;
        if (!whole && !(w.prefix && key.startsWith(w.f))) return;
        Object.keys(v).forEach(function (ex) {
          var lv = level(w, ex, !whole);
          v[ex].forEach(function (list, field) {
            var s = lv * 100 + (3 - field) * 10 + (whole ? 1 : 0);
            decode(list).forEach(function (id) { if (!(scores.get(id) >= s)) scores.set(id, s); });
          });
        });
      });
      return scores;
    });
    var hits = new Map();
    best.forEach(function (scores) {
      scores.forEach(function (s, id) {
        var h = hits.get(id) || { id: id, matched: 0, score: 0 };
        h.matched++;
        h.score += s;
        hits.set(id, h);
      });
    });
    for (var i = 0; i + 1 < ws.length; i++) {
      var key = ws[i].f + ' ' + ws[i + 1].f, found = new Set();
      keys.forEach(function (k) {
        if (typeof table[k] === 'string' && (k === key || (ws[i + 1].prefix && k.startsWith(key)))) {
          decode(table[k]).forEach(function (id) { found.add(id); });
        }
      });
      found.forEach(function (id) {
        if (best[i].has(id) && best[i + 1].has(id)) hits.get(id).score += PAIR_BONUS;
      });
    }
    return Array.from(hits.values()).filter(function (h) { return ok(h.id); }).sort(function (a, b) {
      return b.matched - a.matched || b.score - a.score || a.id - b.id;
    });
  }

  // ---- The index on the server (src/search/index.rs) ----
  var MAX_PREFIX_SHARDS = 6;

  function fileKey(key) {
    var out = '';
    for (var c of key) out += /[a-z0-9-]/.test(c) ? c : '_' + c.codePointAt(0).toString(16) + '_';
    return out;
  }
  // The shard keys (from the manifest's sorted `shards`) holding `key`, or every key that
  // starts with it when `prefix`; null when a prefix would need too many shards.
  function shardsFor(key, prefix, shards) {
    var out = [], cs = Array.from(key);
    for (var n = cs.length; n > 0; n--) {
      var p = cs.slice(0, n).join('');
      if (shards.has(p)) { out.push(p); break; }
    }
    if (prefix) {
      shards.forEach(function (k) { if (k.length > key.length && k.startsWith(key)) out.push(k); });
      if (out.length > MAX_PREFIX_SHARDS) return null;
    }
    return out;
  }

  function Index(root) {
    this.root = root;
    this.cache = new Map();
    this.manifest = null;
  }
  // A site opened from a folder (built with --portable): browsers refuse fetch() on
  // file://, so each index file has a .js twin that calls window.vinhdanhSearch(path, data).
  var FILE = typeof location !== 'undefined' && location.protocol === 'file:';
  var waiting = {};
  function viaScript(root, path) {
    return new Promise(function (resolve, reject) {
      window.vinhdanhSearch = window.vinhdanhSearch || function (p, data) {
        var done = waiting[p];
        delete waiting[p];
        if (done) done(data);
      };
      waiting[path] = resolve;
      var s = document.createElement('script');
      s.src = root + path + '.js';
      s.onerror = function () { delete waiting[path]; reject(new Error(path)); };
      document.head.appendChild(s);
    });
  }
  /** On a portable site, index URLs are relative to the site root, not to this page. */
  Index.prototype.url = function (u) {
    if (!FILE || !u || u.slice(0, 2) !== './') return u;
    return this.root.replace(/search\/$/, '') + u.slice(2);
  };
  Index.prototype.get = function (path, fresh) {
    var url = this.root + path + (fresh || FILE ? '' : '?' + this.manifest.h);
    var cache = this.cache;
    if (!cache.has(url)) {
      var p = FILE ? viaScript(this.root, path) : fetch(url, fresh ? { cache: 'no-cache' } : {}).then(function (r) {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return r.json();
      });
      cache.set(url, p);
      p.catch(function () { cache.delete(url); }); // the caller reports it; a retry fetches again
    }
    return this.cache.get(url);
  };
  Index.prototype.load = function () {
    var self = this;
    if (!this.ready) {
      this.ready = this.get('index.json', true).then(function (m) {
        self.manifest = m;
        self.shards = new Set(m.t);
        self.facets = new Set(m.f);
        return m;
      });
      this.ready.catch(function () { self.ready = null; });
    }
    return this.ready;
  };
  // Ranked hits of `query` within the facets (`['year-2023']`).
  Index.prototype.search = function (query, facets) {
    var self = this;
    return this.load().then(function (m) {
      var ws = parse(query), need = new Set();
      ws.forEach(function (w, i) {
        var keys = shardsFor(w.f, w.prefix, self.shards);
        if (!keys) { w.prefix = false; keys = shardsFor(w.f, false, self.shards); }
        keys.forEach(function (k) { need.add(k); });
        if (i > 0) {
          (shardsFor(ws[i - 1].f + ' ' + w.f, w.prefix, self.shards) || []).forEach(function (k) { need.add(k); });
        }
      });
      var shardLoads = Array.from(need).map(function (k) { return self.get('t/' + fileKey(k) + '.json'); });
      var facetLoads = facets.map(function (f) {
        return self.facets.has(f) ? self.get('f/' + fileKey(f) + '.json').then(function (l) { return new Set(decode(l)); }) : new Set();
      });
      return Promise.all([Promise.all(shardLoads), Promise.all(facetLoads)]).then(function (r) {
        var table = Object.assign.apply(null, [{}].concat(r[0]));
        return rank(ws, table, facets.length ? r[1] : null, m.n);
      });
    });
  };
  // The documents of `hits`, as objects.
  Index.prototype.docs = function (hits) {
    var self = this, c = this.manifest.c;
    return Promise.all(hits.map(function (h) {
      return self.get('d/' + Math.floor(h.id / c) + '.json').then(function (chunk) {
        var d = chunk[h.id % c], s = self.manifest.s[d[6]] || [];
        return { name: d[0], url: d[1], thumb: d[2], role: d[3], place: d[4], year: d[5], section: s[0], kind: s[1] };
      });
    }));
  };

  // ---- The page ----
  var DROPDOWN = 8, PAGE = 20, FILTERS = ['section', 'year', 'field', 'district'];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function fmt(template, n) {
    return (template || '{n}').replace('{n}', n);
  }

  function Widget(input, results, index, strings, uid) {
    var form = input.form;
    this.input = input;
    this.results = results;
    this.index = index;
    this.strings = strings;
    this.page = !!(form && form.hasAttribute('data-search-page'));
    this.form = form;
    this.seq = 0;
    this.shown = this.page ? PAGE : DROPDOWN;
    this.status = el('p', 'search-status');
    this.status.id = uid + '-status';
    this.status.setAttribute('role', 'status');
    this.list = el('ul', 'search-list');
    this.list.id = uid + '-list';
    this.list.setAttribute('aria-label', strings.label || '');
    this.more = el('p', 'search-more');
    results.removeAttribute('aria-live'); // the status below announces the count instead
    results.appendChild(this.status);
    input.setAttribute('aria-describedby', this.status.id);
    // aria-controls names the list only while it is in the page (see render and clear).
    this.bind();
    if (this.page) this.fromUrl();
  }
  Widget.prototype.filters = function () {
    var out = [], form = this.form;
    if (!this.page) return out;
    FILTERS.forEach(function (name) {
      var f = form.elements[name];
      if (f && f.value) out.push(name + '-' + f.value);
    });
    return out;
  };
  Widget.prototype.bind = function () {
    var self = this, timer = 0;
    var later = function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(true); }, 100);
    };
    this.input.addEventListener('input', later);
    // Fetch the manifest as soon as someone is about to type: a first query then needs only
    // its shards and documents.
    this.input.addEventListener('focus', function () { self.index.load().catch(function () {}); });
    this.input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { e.preventDefault(); self.move(0); }
      else if (e.key === 'Escape' && !self.page) { self.clear(); }
    });
    this.results.addEventListener('keydown', function (e) {
      var links = self.links(), i = links.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); self.move(Math.min(i + 1, links.length - 1)); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); if (i === 0) self.input.focus(); else self.move(i - 1); }
      else if (e.key === 'Home') { e.preventDefault(); self.move(0); }
      else if (e.key === 'End') { e.preventDefault(); self.move(links.length - 1); }
      else if (e.key === 'Escape') { e.preventDefault(); self.input.focus(); if (!self.page) self.clear(); }
      else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) self.input.focus();
    });
    if (this.page) {
      this.form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); self.run(true); });
      this.form.addEventListener('change', function (e) {
        if (e.target !== self.input) { clearTimeout(timer); self.run(true); }
      });
    } else {
      document.addEventListener('click', function (e) {
        if (!self.results.contains(e.target) && e.target !== self.input) self.clear();
      });
      this.input.addEventListener('focus', function () { if (self.input.value.trim()) self.run(false); });
    }
  };
  Widget.prototype.links = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll('a'));
  };
  Widget.prototype.move = function (i) {
    var links = this.links();
    if (links[i]) links[i].focus();
  };
  Widget.prototype.clear = function () {
    this.seq++;
    this.list.textContent = '';
    this.more.textContent = '';
    this.status.textContent = '';
    if (this.list.parentNode) this.results.removeChild(this.list);
    if (this.more.parentNode) this.results.removeChild(this.more);
    this.input.removeAttribute('aria-controls');
    this.results.classList.remove('search-results--open');
  };
  Widget.prototype.fromUrl = function () {
    var params = new URLSearchParams(location.search), form = this.form;
    this.input.value = params.get('q') || '';
    FILTERS.forEach(function (name) {
      var f = form.elements[name], v = params.get(name);
      if (!f || !v) return;
      f.value = v;
      if (f.value !== v && f.options) { // a value the list does not offer: keep the link's state
        f.appendChild(new Option(v, v));
        f.value = v;
      }
    });
    if (this.input.value.trim() || this.filters().length) this.run(false);
  };
  Widget.prototype.toUrl = function () {
    var params = new URLSearchParams(), form = this.form, q = this.input.value.trim();
    if (q) params.set('q', q);
    FILTERS.forEach(function (name) {
      var f = form.elements[name];
      if (f && f.value) params.set(name, f.value);
    });
    var s = params.toString();
    history.replaceState(null, '', location.pathname + (s ? '?' + s : '') + location.hash);
  };
  Widget.prototype.run = function (typed) {
    var self = this, query = this.input.value, facets = this.filters(), seq = ++this.seq;
    if (this.page && typed) this.toUrl();
    if (!query.trim() && !facets.length) { this.clear(); return Promise.resolve(); }
    this.shown = this.page ? PAGE : DROPDOWN;
    return this.index.search(query, facets).then(function (hits) {
      if (seq !== self.seq) return null;
      self.hits = hits;
      return self.render(seq);
    }).catch(function (err) {
      if (seq !== self.seq) return;
      self.clear();
      self.status.textContent = self.strings.error || 'Search is unavailable.';
      self.results.classList.add('search-results--open');
      if (window.console) console.warn('vinhdanh search:', err);
    });
  };
  Widget.prototype.render = function (seq) {
    var self = this, hits = this.hits, shown = hits.slice(0, this.shown);
    return this.index.docs(shown).then(function (docs) {
      if (seq !== self.seq) return;
      var s = self.strings, list = self.list, query = self.input.value.trim();
      // Newer results may arrive while the keyboard is in the list: keep the place.
      var at = self.links().indexOf(document.activeElement);
      list.textContent = '';
      docs.forEach(function (d, i) { list.appendChild(self.item(d, i)); });
      self.status.textContent = hits.length ? fmt(hits.length === 1 ? s.one : s.many, hits.length) : s.none;
      self.more.textContent = '';
      if (hits.length > shown.length) {
        if (self.page) {
          var b = el('button', 'button search-more__button', s.more);
          b.type = 'button';
          b.addEventListener('click', function () {
            self.shown += PAGE;
            var focusAt = shown.length;
            self.render(self.seq).then(function () { self.move(focusAt); });
          });
          self.more.appendChild(b);
        } else if (self.form) {
          var a = el('a', 'search-more__link', fmt(s.all, hits.length));
          a.href = self.form.action + '?q=' + encodeURIComponent(query);
          self.more.appendChild(a);
        }
      }
      self.results.appendChild(list);
      self.results.appendChild(self.more);
      self.input.setAttribute('aria-controls', list.id);
      self.results.classList.add('search-results--open');
      if (at >= 0) { if (docs.length) self.move(Math.min(at, docs.length - 1)); else self.input.focus(); }
    });
  };
  Widget.prototype.item = function (d, i) {
    var li = el('li', 'search-hit'), a = el('a', 'search-hit__link');
    a.href = this.index.url(d.url);
    a.id = this.list.id + '-' + i;
    if (d.thumb) {
      var img = el('img', 'search-hit__thumb');
      img.src = this.index.url(d.thumb);
      img.alt = '';
      img.width = 48;
      img.height = 48;
      img.loading = 'lazy';
      img.decoding = 'async';
      a.appendChild(img);
    } else {
      var initial = d.kind === 'person' ? Array.from(d.name.trim().split(/\s+/).pop() || '')[0] || '' : '\u2605';
      var ph = el('span', 'search-hit__thumb search-hit__thumb--empty', initial);
      ph.setAttribute('aria-hidden', 'true');
      a.appendChild(ph);
    }
    var body = el('span', 'search-hit__body');
    body.appendChild(el('span', 'search-hit__name', d.name));
    var meta = [d.role, d.place, d.year || ''].filter(Boolean).join(' \u00b7 ');
    if (meta) body.appendChild(el('span', 'search-hit__meta', meta));
    a.appendChild(body);
    li.appendChild(a);
    return li;
  };

  function start() {
    var meta = document.querySelector('meta[name="vinhdanh-search"]');
    if (!meta || !window.Promise || (!window.fetch && !FILE)) return;
    var strings = {};
    ['label', 'none', 'one', 'many', 'all', 'more', 'error'].forEach(function (k) {
      strings[k] = meta.getAttribute('data-' + k);
    });
    var index = new Index(meta.getAttribute('content'));
    var areas = Array.prototype.slice.call(document.querySelectorAll('[data-search-results]'));
    var inputs = document.querySelectorAll('input[type="search"]');
    Array.prototype.forEach.call(inputs, function (input, n) {
      var results = areas.filter(function (r) {
        return input.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING;
      })[0];
      if (results) new Widget(input, results, index, strings, 'search-' + (input.id || n));
    });
  }

  var api = {
    exact: exact, fold: fold, tone: tone, words: words, forms: forms, level: level,
    parse: parse, decode: decode, rank: rank, fileKey: fileKey, shardsFor: shardsFor, Index: Index
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else if (typeof document !== 'undefined') start();
})();
