// Accessibility and page weight of every theme under themes/ (issue 9), in headless Chromium
// (Debian's Chromium headless shell through playwright-core; no browser is downloaded).
//
// For each theme, the example site at the repository root is built with `theme: NAME`, served
// from 127.0.0.1 with gzip (as a real server would) and a strict Content-Security-Policy, and
// every request to another host is refused and reported. Then:
//   - axe-core (injected into each page) finds no violation, and can decide every colour
//     contrast, on the pages of PAGES, at a phone and a desktop viewport, light and dark;
//   - keyboard: the skip link comes first and moves focus to the main content; Tab reaches
//     every focusable element, each with a visible focus indicator of 3:1 contrast, and
//     leaves the page (no trap); the search results are reached and left with the arrow keys,
//     Escape closes them, Enter follows one, and a live status announces the count;
//   - 320 px wide, with the browser's text size at 100% and 200%: no horizontal scrolling, no
//     clipped text, and the text does grow;
//   - weight of a first load at 360×740, 2× pixel density (empty cache, gzip, the photos the
//     browser chose): every profile < 150 KB, home and other pages < 250 KB, the CSS and the
//     JS of a page each < 20 KB compressed (and every .css/.js file of the site), no web
//     fonts, nothing from another host;
//   - without JavaScript every page of the sitemap (every profile) is reached by following
//     links from the home page, and the search box submits to the search page;
//   - dark mode changes the colours, reduced motion stops every transition and animation,
//     and a profile prints without the site's navigation, search and footer.
// Failures name the theme, the page, the viewport and the rule, and the element.
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const axe = require('axe-core');
const lib = require('./lib');

// ---- The pages under test (paths relative to the site root) ----
// `template`: a page that only exists in a theme with this template (skipped, with a note,
// while a theme does not have it; required once it does). `ready`: a selector to wait for.
// `viewports`: instead of PHONE and DESKTOP.
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const EMBED = { width: 400, height: 600 };
const PAGES = [
  { name: 'home', path: '' },
  { name: 'citizens section', path: 'cong-dan-uu-tu/' },
  { name: 'year page', path: 'cong-dan-uu-tu/2023/' },
  { name: 'person profile', path: 'cong-dan-uu-tu/2023/nguyen-van-duc/', print: true },
  { name: 'collectives section', path: 'tap-the-dien-hinh/' },
  { name: 'collective profile with gallery', path: 'tap-the-dien-hinh/htx-sam-lien-chung/', print: true },
  { name: 'taxonomy page', path: 'linh-vuc/' },
  { name: 'taxonomy term page', path: 'linh-vuc/giao-duc/' },
  { name: 'plain page', path: 'gioi-thieu/' },
  { name: 'search page with results', path: 'tim-kiem/?q=nguyen', ready: '[data-search-results] .search-list a' },
  { name: 'statistics page', path: 'thong-ke/', template: 'statistics.html' },
  { name: '404 page', path: 'khong-co-trang-nay/', status: 404 },
  { name: 'register of decisions', path: 'quyet-dinh/' },
  { name: 'decision page', path: 'quyet-dinh/1234-qd-ubnd-2023/' },
  { name: 'timeline', path: 'dong-thoi-gian/' },
  { name: 'timeline of a year', path: 'dong-thoi-gian/2023/' },
  { name: 'register of a year', path: 'quyet-dinh/2023/' },
  { name: 'profile with a withdrawn honour', path: 'cong-dan-uu-tu/2022/nguyen-huu-phuc/' },
  { name: 'revoking decision', path: 'quyet-dinh/315-qd-ubnd-2025/' },
  { name: 'consultation rounds', path: 'lay-y-kien/' },
  { name: 'consultation round', path: 'lay-y-kien/cong-dan-uu-tu-2026/' },
  { name: 'open data', path: 'du-lieu/' },
  { name: 'embed card', path: 'nhung.html#cong-dan-uu-tu/2023/nguyen-van-duc/', template: 'embed.html', viewports: [EMBED], ready: 'h1' },
];
// The pages for paper and for the lobby's screen (issue 17): axe-core only, since they have
// no site navigation, skip link or phone layout by design. `act` runs before the check.
const SCREEN = { width: 1920, height: 1080 };
const SHEETS = [
  { name: 'certificate', path: 'cong-dan-uu-tu/2023/chung-nhan.html#nguyen-van-duc', viewports: [DESKTOP] },
  { name: 'certificates of a year', path: 'cong-dan-uu-tu/2023/chung-nhan.html', viewports: [DESKTOP] },
  { name: 'year board', path: 'cong-dan-uu-tu/2023/ban-in/', viewports: [DESKTOP] },
  { name: 'kiosk loop', path: 'trinh-chieu/', viewports: [SCREEN] },
  { name: 'kiosk, a profile opened', path: 'trinh-chieu/', viewports: [SCREEN],
    act: (page) => page.mouse.click(SCREEN.width / 2, SCREEN.height / 2) },
];
// The Tab walk runs at the phone size on every page, and at the desktop size too on these.
const TAB_ALSO_DESKTOP = ['home', 'person profile', 'search page with results'];
// Page weight is measured at PHONE with the pixel density of a cheap phone, so the browser
// picks the photo renditions such a phone would.
const DPR = 2;
const KB = 1000;
const BUDGET = { profile: 150 * KB, home: 250 * KB, other: 250 * KB, css: 20 * KB, js: 20 * KB };
// Colour contrast axe could not decide is a failure too, except for text that is no text.
const UNDECIDED_OK = /only non-text characters/;

let browser;
before(async () => { browser = await lib.launch(); });
after(async () => { if (browser) await browser.close(); });

// THEMES=default,formal restricts the run (while working on one theme).
const THEMES = process.env.THEMES ? process.env.THEMES.split(',') : lib.themes();
// The themes at once: their checks share nothing but the browser.
describe('every theme', { concurrency: THEMES.length }, () => {
  for (const theme of THEMES) {
    describe(`theme ${theme}`, () => {
      let out, server, profiles, sitemap;
      const templates = new Set(fs.readdirSync(path.join(lib.REPO, 'themes', theme, 'templates')));

      before(async () => {
        out = lib.build({ theme, prefix: `vinhdanh-a11y-${theme}-` });
        server = await lib.serve(out.output, { gzip: true });
        sitemap = fs.readFileSync(path.join(out.output, 'sitemap.xml'), 'utf8')
          .match(/<loc>[^<]+<\/loc>/g).map((l) => new URL(l.slice(5, -6)).pathname);
        profiles = searchDocs(out.output).map((d) => d[1]);
      });
      after(() => {
        if (server) server.close();
        if (out) fs.rmSync(out.dir, { recursive: true, force: true });
      });

      // Whether `p` can run on this theme; skips the test with the reason when it cannot.
      function runnable(t, p) {
        if (!p.template || templates.has(p.template)) return true;
        t.skip(`theme ${theme} has no ${p.template} yet`);
        return false;
      }
      const viewports = (p) => p.viewports || [PHONE, DESKTOP];

      // A page of a fresh context, loaded and ready; `problems` collects console errors and
      // outside requests.
      async function open(p, options = {}) {
        const context = await browser.newContext({ viewport: PHONE, ...options });
        const problems = await lib.guard(context, server.origin);
        const page = await context.newPage();
        const res = await page.goto(`${server.origin}/${p.path}`);
        assert.equal(res.status(), p.status || 200, `${p.name}: /${p.path} answered ${res.status()}: missing from the build?`);
        if (p.ready) await page.waitForSelector(p.ready, { timeout: 10000 });
        if (p.act) await p.act(page);
        return { context, page, problems: () => problems.filter((m) => !(p.status === 404 && /status of 404/.test(m))) };
      }

      describe('axe-core finds no violation', { concurrency: 2 }, () => {
        for (const p of [...PAGES, ...SHEETS]) {
          it(p.name, async (t) => {
            if (!runnable(t, p)) return;
            const found = new Map(); // one line per rule, element and reason, with where it happens
            for (const vp of viewports(p)) {
              const { context, page, problems } = await open(p, { viewport: vp });
              for (const scheme of ['light', 'dark']) {
                await page.emulateMedia({ colorScheme: scheme });
                // Colours that change with the scheme may have a transition: let them finish.
                await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))));
                const at = `${vp.width}×${vp.height} ${scheme}`;
                for (const f of await runAxe(page)) found.set(f, [...(found.get(f) || []), at]);
              }
              for (const f of problems()) found.set(f, [...(found.get(f) || []), `${vp.width}×${vp.height}`]);
              await context.close();
            }
            report(`[${theme}] ${p.name} (/${p.path})`, [...found].map(([f, at]) => `${f}\n    (${at.join(', ')})`));
          });
        }
      });

      describe('keyboard', () => {
        it('the skip link comes first, is visible when focused and moves focus to the main content', async () => {
          for (const vp of [PHONE, DESKTOP]) {
            const { context, page } = await open(PAGES[0], { viewport: vp });
            await page.keyboard.press('Tab');
            const skip = await page.evaluate(() => {
              const a = document.activeElement, r = a.getBoundingClientRect();
              return { href: a.getAttribute('href'), text: a.textContent.trim(), inView: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.width > 1 };
            });
            assert.ok(skip.href && skip.href.startsWith('#'), `${vp.width}px: the first Tab stop is a skip link, got ${JSON.stringify(skip)}`);
            assert.ok(skip.inView && skip.text, `${vp.width}px: the focused skip link is visible: ${JSON.stringify(skip)}`);
            await page.keyboard.press('Enter');
            const target = await page.evaluate((id) => {
              const main = document.getElementById(id);
              return { focused: document.activeElement === main, main: main && main.tagName };
            }, skip.href.slice(1));
            assert.deepEqual(target, { focused: true, main: 'MAIN' }, `${vp.width}px: Enter on the skip link focuses <main>`);
            await page.keyboard.press('Tab');
            const inside = await page.evaluate(() => !!document.activeElement.closest('main'));
            assert.ok(inside, `${vp.width}px: the next Tab stays in the main content`);
            await context.close();
          }
        });

        for (const p of PAGES) {
          it(`Tab reaches everything with a visible focus and no trap: ${p.name}`, async (t) => {
            if (!runnable(t, p)) return;
            const failures = [];
            for (const vp of p.viewports || (TAB_ALSO_DESKTOP.includes(p.name) ? [PHONE, DESKTOP] : [PHONE])) {
              const { context, page } = await open(p, { viewport: vp });
              failures.push(...(await tabWalk(page)).map((f) => `${vp.width}×${vp.height}: ${f}`));
              await context.close();
            }
            report(`[${theme}] ${p.name} (/${p.path})`, failures);
          });
        }

        it('search results: arrows move in and out, Escape closes, Enter follows, the count is announced', async () => {
          for (const vp of [PHONE, DESKTOP]) {
            const { context, page, problems } = await open(PAGES[0], { viewport: vp });
            const input = page.locator('input[type="search"]').first();
            const id = await input.evaluate((i) => {
              // Its results go to the first [data-search-results] after it (docs/themes.md).
              const area = [...document.querySelectorAll('[data-search-results]')]
                .find((r) => i.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING);
              if (area) area.setAttribute('data-test-area', '');
              return i.id;
            });
            assert.ok(id, 'the search box has an id');
            const area = '[data-test-area]';
            await input.focus();
            await input.fill('nguyen');
            await page.waitForSelector(`${area} .search-list a`, { timeout: 10000 });
            const aria = await page.evaluate((id) => {
              const i = document.getElementById(id);
              const status = document.getElementById(i.getAttribute('aria-describedby') || '');
              const list = document.getElementById(i.getAttribute('aria-controls') || '');
              const live = status && (status.getAttribute('role') === 'status' || status.getAttribute('aria-live') === 'polite');
              return { status: status && status.textContent, live, list: !!(list && list.querySelector('a')) };
            }, id);
            assert.ok(aria.live && /\d+/.test(aria.status || ''), `a live status tied to the box announces the count: ${JSON.stringify(aria)}`);
            assert.ok(aria.list, 'aria-controls names the list of results');
            const links = await page.$$eval(`${area} .search-list a`, (l) => l.map((a) => a.href));
            assert.ok(links.length >= 2, `at least two results for "nguyen": ${links}`);
            const focused = () => page.evaluate(() => document.activeElement.href || `#${document.activeElement.id}`);
            await page.keyboard.press('ArrowDown');
            assert.equal(await focused(), links[0], 'ArrowDown from the box: first result');
            await page.keyboard.press('ArrowDown');
            assert.equal(await focused(), links[1], 'ArrowDown: second result');
            await page.keyboard.press('End');
            assert.equal(await focused(), links[links.length - 1], 'End: last result');
            await page.keyboard.press('Home');
            assert.equal(await focused(), links[0], 'Home: first result');
            await page.keyboard.press('ArrowUp');
            assert.equal(await focused(), `#${id}`, 'ArrowUp from the first result: back in the box');
            await page.keyboard.press('ArrowDown');
            await page.keyboard.press('Escape');
            assert.equal(await focused(), `#${id}`, 'Escape: back in the box');
            assert.equal(await page.$$eval(`${area} .search-list a`, (l) => l.length), 0, 'Escape closes the results');
            assert.equal(await page.evaluate((id) => {
              const c = document.getElementById(id).getAttribute('aria-controls');
              return c === null || !!document.getElementById(c);
            }, id), true, 'aria-controls never names a missing element');
            // Typing again reopens; Tab also walks into the results and out of them.
            await page.keyboard.press('Backspace');
            await page.keyboard.type('n');
            await page.waitForSelector(`${area} .search-list a`, { timeout: 10000 });
            const stops = [];
            for (let i = 0; i < 40; i++) {
              await page.keyboard.press('Tab');
              const s = await page.evaluate((area) => {
                const a = document.activeElement;
                return { inResults: !!a.closest(area), body: a === document.body };
              }, area);
              stops.push(s);
              if (s.body || (stops.some((x) => x.inResults) && !s.inResults)) break;
            }
            assert.ok(stops.some((s) => s.inResults), 'Tab reaches the results');
            assert.ok(!stops[stops.length - 1].inResults, 'Tab leaves the results');
            await input.focus();
            await page.keyboard.press('ArrowDown');
            const target = await focused();
            await Promise.all([page.waitForURL(target), page.keyboard.press('Enter')]);
            assert.equal(new URL(page.url()).pathname, new URL(target).pathname, 'Enter follows the result');
            assert.deepEqual(problems(), []);
            await context.close();
          }
        });
      });

      describe('320 px wide and 200% text: no horizontal scrolling, nothing clipped', { concurrency: 2 }, () => {
        for (const p of PAGES) {
          it(p.name, async (t) => {
            if (!runnable(t, p)) return;
            const failures = [];
            const { context, page } = await open(p, { viewport: { width: 320, height: 640 } });
            const cdp = await context.newCDPSession(page);
            for (const zoom of ['100%', '200%']) {
              // The browser's own text size setting (as a user sets it): scales rem, em and
              // em-based media queries, but not text a theme sizes in px.
              if (zoom === '200%') await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
              const found = await page.evaluate(reflowProblems, zoom);
              failures.push(...found.map((f) => `320×640, text ${zoom}: ${f}`));
            }
            await context.close();
            report(`[${theme}] ${p.name} (/${p.path})`, failures);
          });
        }
      });

      describe('page weight of a first load at 360×740', () => {
        it('every profile under 150 KB, home and the other pages under 250 KB, no fonts, nothing from elsewhere', async (t) => {
          const list = [...PAGES.filter((p) => !p.template || templates.has(p.template)).filter((p) => !p.status),
            ...profiles.map((u) => ({ name: 'profile', path: u.replace(/^\//, ''), profile: true }))];
          const unique = [...new Map(list.map((p) => [p.path, p])).values()];
          const failures = [], rows = [];
          const since = server.requests.length;
          const weights = await pool(unique, 4, (p) => weigh(p, since));
          for (const [i, p] of unique.entries()) {
            const isProfile = p.profile || profiles.includes(`/${p.path}`);
            const budget = p.path === '' ? BUDGET.home : isProfile ? BUDGET.profile : BUDGET.other;
            const w = weights[i];
            rows.push(`${(w.total / KB).toFixed(1).padStart(6)} KB  ${String(w.requests).padStart(2)} requests  html ${(w.html / KB).toFixed(1)}  css ${(w.css / KB).toFixed(1)}  js ${(w.js / KB).toFixed(1)}  img ${(w.img / KB).toFixed(1)} (${w.images.length})  /${p.path}`);
            if (w.total > budget) failures.push(`/${p.path}: ${(w.total / KB).toFixed(1)} KB transferred, budget ${budget / KB} KB; largest: ${w.largest.join(', ')}`);
            for (const [k, v] of [['css', w.css], ['js', w.js]]) if (v > BUDGET[k]) failures.push(`/${p.path}: ${k} ${(v / KB).toFixed(1)} KB compressed, budget ${BUDGET[k] / KB} KB`);
            failures.push(...w.problems.map((m) => `/${p.path}: ${m}`));
          }
          t.diagnostic(`[${theme}] transferred at 360×740 (${DPR}x), first load:`);
          rows.forEach((r) => t.diagnostic(r));
          report(`[${theme}] page weight`, failures);
        });
        it('each stylesheet and script of the site under 20 KB gzip', (t) => {
          const files = [];
          const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).forEach((d) => {
            const p = path.join(dir, d.name);
            if (d.isDirectory() && p !== path.join(out.output, 'search')) walk(p);
            else if (/\.(css|js)$/.test(d.name)) files.push(p);
          });
          walk(out.output);
          assert.ok(files.some((f) => f.endsWith('.css')) && files.some((f) => f.endsWith('.js')), files.join(' '));
          const sizes = files.map((f) => [path.relative(out.output, f), zlib.gzipSync(fs.readFileSync(f), { level: 6 }).length]);
          t.diagnostic(sizes.map(([f, b]) => `${f} ${(b / KB).toFixed(1)} KB gzip`).join(', '));
          const over = sizes.filter(([f, b]) => b > BUDGET[f.endsWith('.css') ? 'css' : 'js']).map(([f, b]) => `${f}: ${(b / KB).toFixed(1)} KB gzip`);
          assert.deepEqual(over, []);
        });
      });

      describe('without JavaScript', () => {
        it('every page of the sitemap, every profile among them, is reached by links from the home page', async () => {
          const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
          const problems = await lib.guard(context, server.origin);
          // Only the links matter here: photos and styles are answered empty, unread.
          await context.route('**/*', (route) => (['image', 'stylesheet', 'font', 'media'].includes(route.request().resourceType())
            ? route.fulfill({ status: 204, body: '' }) : route.fallback()));
          const pages = await Promise.all([1, 2, 3].map(() => context.newPage()));
          const seen = new Set(['/']);
          let wave = ['/'];
          while (wave.length) { // breadth first, three pages at a time
            const found = await pool(wave, pages.length, async (at, worker) => {
              const page = pages[worker];
              await page.goto(server.origin + at, { waitUntil: 'domcontentloaded' });
              return page.$$eval('a[href]', (l) => l.map((a) => a.href));
            });
            wave = [];
            for (const href of found.flat()) {
              const u = new URL(href);
              if (u.origin !== server.origin || !u.pathname.endsWith('/') || seen.has(u.pathname)) continue;
              seen.add(u.pathname);
              wave.push(u.pathname);
            }
          }
          await context.close();
          assert.ok(profiles.length > 20, `${profiles.length} profiles in the search index`);
          const missed = [...new Set([...profiles, ...sitemap])].filter((u) => !seen.has(u));
          assert.deepEqual(missed, [], 'pages not reached from the home page without JavaScript');
          assert.deepEqual(problems, []);
        });

        it('the search box submits to the search page, which links to the lists', async () => {
          const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
          const problems = await lib.guard(context, server.origin);
          const page = await context.newPage();
          await page.goto(`${server.origin}/`);
          const box = page.locator('input[type="search"]').first();
          await box.fill('tan yen');
          await Promise.all([page.waitForURL(/\?q=tan\+yen$/), box.press('Enter')]);
          assert.equal(new URL(page.url()).pathname, '/tim-kiem/');
          const links = await page.$$eval('main a[href]', (l) => l.map((a) => new URL(a.href).pathname));
          const lists = ['/cong-dan-uu-tu/', '/tap-the-dien-hinh/', '/linh-vuc/', '/dia-ban/', '/danh-hieu/'];
          assert.deepEqual(lists.filter((u) => !links.includes(u)), [], `the search page links to every list: ${links.join(' ')}`);
          await context.close();
          assert.deepEqual(problems, []);
        });
      });

      describe('user preferences and print', () => {
        it('dark mode changes the colours to a dark background', async () => {
          const colours = {};
          for (const scheme of ['light', 'dark']) {
            const { context, page } = await open(PAGES[3], { colorScheme: scheme });
            colours[scheme] = await page.evaluate(() => {
              const bg = (el) => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor; if (!/rgba\(.*, 0\)$|transparent/.test(c)) return c; } return 'rgb(255, 255, 255)'; };
              return { body: bg(document.querySelector('main') || document.body), text: getComputedStyle(document.querySelector('h1')).color };
            });
            await context.close();
          }
          assert.notDeepEqual(colours.dark, colours.light, `dark: ${JSON.stringify(colours)}`);
          assert.ok(luminance(colours.dark.body) < 0.1, `dark background: ${colours.dark.body}`);
        });

        it('reduced motion: no transition or animation anywhere', async () => {
          const failures = [];
          for (const p of PAGES.filter((x) => !x.template || templates.has(x.template))) {
            const { context, page } = await open(p, { reducedMotion: 'reduce' });
            const moving = await page.evaluate(() => {
              const out = [];
              const long = (v) => v.split(',').some((d) => parseFloat(d) > 0);
              for (const el of [document.documentElement, ...document.querySelectorAll('body, body *')]) {
                for (const pseudo of [null, '::before', '::after']) {
                  const cs = getComputedStyle(el, pseudo);
                  if (long(cs.transitionDuration) || (cs.animationName !== 'none' && long(cs.animationDuration))) {
                    out.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}${pseudo || ''}: transition ${cs.transitionDuration}, animation ${cs.animationName} ${cs.animationDuration}`);
                  }
                }
              }
              if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth') out.push('html: smooth scrolling');
              return out;
            });
            failures.push(...[...new Set(moving)].map((m) => `[${theme}] ${p.name}: ${m}`));
            await context.close();
          }
          report(`[${theme}] reduced motion`, failures);
        });

        it('a profile prints its content without the site navigation, search and footer', async () => {
          for (const p of PAGES.filter((x) => x.print)) {
            const { context, page } = await open(p, { viewport: { width: 794, height: 1123 } });
            await page.emulateMedia({ media: 'print' });
            const shown = await page.evaluate(() => {
              const visible = (el) => !!el && el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && el.getBoundingClientRect().height > 0;
              const all = (sel) => [...document.querySelectorAll(sel)];
              const main = document.querySelector('main');
              return {
                chrome: [
                  ...all('nav').filter((n) => !n.closest('main')),
                  ...all('form[role="search"], input[type="search"]'),
                  ...all('footer').filter((f) => !f.closest('main') && !f.closest('article')),
                  ...all('a[href^="#"]').filter((a) => !a.closest('main')),
                ].filter(visible).map((el) => el.outerHTML.slice(0, 100)),
                h1: visible(document.querySelector('h1')),
                photo: visible(main.querySelector('img')),
                text: main.innerText.length,
              };
            });
            await context.close();
            assert.deepEqual(shown.chrome, [], `[${theme}] ${p.name}: printed site chrome`);
            assert.ok(shown.h1 && shown.photo && shown.text > 500, `[${theme}] ${p.name}: the name, photo and story print: ${JSON.stringify(shown)}`);
          }
        });
      });

      // Loads `p` in a fresh context at 360×740 and counts what went over the network.
      async function weigh(p, since) {
        const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: DPR });
        const problems = await lib.guard(context, server.origin);
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        const responses = new Map();
        cdp.on('Network.responseReceived', (e) => responses.set(e.requestId, { url: e.response.url, type: e.type, mime: e.response.mimeType }));
        const done = [];
        cdp.on('Network.loadingFinished', (e) => done.push(e));
        const url = `/${p.path}`.replace(/[?#].*/, '');
        await page.goto(`${server.origin}/${p.path}`, { waitUntil: 'networkidle' });
        if (p.ready) await page.waitForSelector(p.ready, { timeout: 10000 });
        await page.waitForLoadState('networkidle');
        const fonts = await page.evaluate(() => {
          let faces = 0;
          for (const sheet of document.styleSheets) {
            try { for (const r of sheet.cssRules) if (r.type === CSSRule.FONT_FACE_RULE) faces++; } catch (e) { faces += 0; }
          }
          return { faces, loaded: document.fonts.size };
        });
        await context.close();
        const w = { total: 0, html: 0, css: 0, js: 0, img: 0, requests: 0, images: [], largest: [], problems };
        const sizes = [];
        for (const e of done) {
          const r = responses.get(e.requestId);
          if (!r) continue;
          w.requests++;
          w.total += e.encodedDataLength;
          const kind = r.type === 'Document' ? 'html' : r.type === 'Stylesheet' ? 'css' : r.type === 'Script' ? 'js' : r.type === 'Image' ? 'img' : r.type;
          if (kind === 'Font') problems.push(`web font loaded: ${r.url}`);
          if (kind === 'img') w.images.push(r.url);
          sizes.push([e.encodedDataLength, new URL(r.url).pathname]);
          if (kind in w) w[kind] += e.encodedDataLength;
        }
        // CSS and JS as compressed on the wire, without headers (the server's log of this page).
        // Each file once: other tests running meanwhile may open the same page, and their
        // requests carry the same referer.
        w.css = 0; w.js = 0;
        const assets = new Map();
        for (const r of server.requests.slice(since).filter((x) => x.referer === url)) {
          const ext = path.extname(r.path);
          if (ext === '.css' || ext === '.js') assets.set(r.path, [ext.slice(1), r.bytes]);
        }
        for (const [kind, bytes] of assets.values()) w[kind] += bytes;
        if (fonts.faces || fonts.loaded) problems.push(`@font-face rules: ${fonts.faces}, fonts loaded: ${fonts.loaded} (system fonts only)`);
        w.largest = sizes.sort((a, b) => b[0] - a[0]).slice(0, 4).map(([b, u]) => `${u} ${(b / KB).toFixed(1)} KB`);
        return w;
      }
    });
  }
});

// Fails with one line (or block) per problem, under a heading naming the theme and page.
// Runs `fn(item, worker)` over `items`, `n` at a time (worker: 0 to n - 1); the results in
// the order of `items`.
async function pool(items, n, fn) {
  const out = [];
  let next = 0;
  await Promise.all(Array.from({ length: n }, async (_, worker) => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], worker);
    }
  }));
  return out;
}

function report(heading, failures) {
  if (failures.length) assert.fail(`${heading}: ${failures.length} problem(s)\n${failures.join('\n')}`);
}

// ---- In-page checks ----

// Runs axe-core on the page; returns one line per failing element. Colour contrast that axe
// could not decide fails too, except text made of no letters; for text in an SVG (charts), which
// axe cannot decide, svgTextContrast decides instead.
async function runAxe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axe.source); // once a page
  const r = await page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations', 'incomplete'] });
    const plain = (v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => {
      const el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
      return { target: n.target, html: n.html, impact: n.impact, failureSummary: n.failureSummary,
        messages: [...n.any, ...n.all, ...n.none].map((c) => c.message), inSvg: !!(el && el.closest('svg')) };
    }) });
    return { violations: res.violations.map(plain), incomplete: res.incomplete.map(plain) };
  });
  const lines = [];
  const describe = (v, n, why) => `${v.id} (${v.impact || n.impact || 'n/a'}): ${v.help}\n    at ${n.target.join(' ')}  ${n.html.slice(0, 160)}\n    ${why}`;
  for (const v of r.violations) {
    for (const n of v.nodes) lines.push(describe(v, n, n.failureSummary.replace(/\s*\n\s*/g, ' ')));
  }
  for (const v of r.incomplete.filter((x) => x.id === 'color-contrast')) {
    for (const n of v.nodes) {
      const msg = n.messages.join(' ');
      if (!UNDECIDED_OK.test(msg) && !n.inSvg) lines.push(describe(v, n, `undecided: ${msg}`));
    }
  }
  lines.push(...await page.evaluate(svgTextContrast));
  return lines;
}

// WCAG 1.4.3 for the text of inline SVGs (charts): each <text> against the page behind the SVG
// and against every shape drawn before it that it overlaps.
function svgTextContrast() {
  const rgba = (c) => { const m = (c || '').match(/[\d.]+/g); return m && /^rgba?\(/.test(c) ? [...m.map(Number), 1].slice(0, 4) : null; };
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const backdrop = (start) => {
    for (let e = start; e; e = e.parentElement) {
      const bg = rgba(getComputedStyle(e).backgroundColor);
      if (bg && bg[3] === 1) return bg;
    }
    return [255, 255, 255, 1];
  };
  const out = [];
  for (const t of document.querySelectorAll('svg text')) {
    if (!t.textContent.trim() || !t.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    const svg = t.ownerSVGElement, cs = getComputedStyle(t), fg = rgba(cs.fill);
    if (!fg) { out.push(`svg text contrast: "${t.textContent.trim()}" has fill ${cs.fill}, which cannot be checked`); continue; }
    const size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight, 10) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const tr = t.getBoundingClientRect();
    const behind = [['the page', backdrop(svg.parentElement)]];
    for (const shape of svg.querySelectorAll('rect, path, circle, ellipse, polygon')) {
      if (!(shape.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      const r = shape.getBoundingClientRect();
      const fill = rgba(getComputedStyle(shape).fill);
      if (fill && r.left < tr.right && r.right > tr.left && r.top < tr.bottom && r.bottom > tr.top) behind.push([`<${shape.tagName} class="${shape.getAttribute('class') || ''}">`, fill]);
    }
    for (const [what, bg] of behind) {
      const c = ratio(fg, bg);
      if (c < need) out.push(`svg text contrast: "${t.textContent.trim().slice(0, 40)}" (${t.outerHTML.slice(0, 80)}) in ${cs.fill} on ${what} rgb(${bg.slice(0, 3)}) is ${c.toFixed(2)} < ${need}`);
    }
  }
  return out;
}

// Tabs through the whole page from the top; returns the problems found.
async function tabWalk(page) {
  const count = await page.evaluate(() => {
    const sel = 'a[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable="true"]';
    const els = [...document.querySelectorAll(sel)].filter((el) => el.tabIndex >= 0 && !el.disabled && !el.closest('[inert]') &&
      el.checkVisibility({ visibilityProperty: true }));
    const style = (el) => {
      const cs = getComputedStyle(el);
      const outline = cs.outlineStyle === 'none' || parseFloat(cs.outlineWidth) === 0 ? 'none' : `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`;
      return [outline, cs.boxShadow, cs.backgroundColor, cs.borderColor, cs.textDecorationLine].join('|');
    };
    // How each element and its near ancestors look at rest (a focus ring may be drawn on an
    // ancestor, e.g. a card with :focus-within).
    const rest = new Map();
    for (const el of els) for (let e = el, i = 0; e && i < 5; e = e.parentElement, i++) if (!rest.has(e)) rest.set(e, style(e));
    window.__tab = { els, rest, style };
    document.activeElement && document.activeElement.blur();
    window.scrollTo(0, 0);
    return els.length;
  });
  const problems = [], reached = new Set();
  let wrapped = false;
  for (let i = 0; i < count + 3; i++) {
    await page.keyboard.press('Tab');
    const s = await page.evaluate(focusState);
    if (s.body) { wrapped = true; break; }
    if (s.index >= 0) reached.add(s.index);
    if (s.problem) problems.push(s.problem);
  }
  if (!wrapped) problems.push(`focus never left the page after ${count + 3} Tabs: a trap, or focusable elements the walk did not count`);
  const missed = await page.evaluate((reached) => window.__tab.els.filter((el, i) => !reached.includes(i))
    .map((el) => el.outerHTML.slice(0, 120)), [...reached]);
  if (wrapped && missed.length) problems.push(`Tab never reached: ${missed.join(' | ')}`);
  return [...new Set(problems)];
}

// The focused element: its index among the counted ones, and why its focus cannot be seen.
async function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { body: true };
  const { els, rest, style } = window.__tab;
  const index = els.indexOf(el);
  const cs = getComputedStyle(el);
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const opaque = (c) => !/^rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent';
  const backdrop = (start) => {
    for (let e = start; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage !== 'none') return null;
      if (opaque(s.backgroundColor)) return s.backgroundColor;
    }
    return 'rgb(255, 255, 255)';
  };
  const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
  const offscreen = (r) => r.width < 2 || r.height < 2 || r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth;
  let r = el.getBoundingClientRect();
  if (offscreen(r)) {
    // The browser may still be scrolling it into view (smooth scrolling): wait a little.
    const frame = () => new Promise((done) => requestAnimationFrame(done));
    for (let i = 0; i < 60 && offscreen(el.getBoundingClientRect()); i++) await frame();
    // Chromium's headless shell, busy, sometimes drops the smooth scroll a focus starts
    // (seen twice in six runs, never with the full browser): scroll as the browser would
    // have. What no scrolling can show (fixed, or placed before the page's start) still fails.
    if (offscreen(el.getBoundingClientRect())) el.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
    r = el.getBoundingClientRect();
  }
  if (offscreen(r)) {
    return { index, problem: `${name}: focused but not on screen (${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)})` };
  }
  // The indicator: an outline on the element, or a change of outline, shadow, background,
  // border or underline on it or on one of its four nearest ancestors.
  for (let e = el, i = 0; e && i < 5; e = e.parentElement, i++) {
    const s = getComputedStyle(e);
    const changed = rest.has(e) && style(e) !== rest.get(e);
    if (e !== el && !changed) continue;
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) {
      const bg = backdrop(e.parentElement);
      if (bg && contrast(s.outlineColor, bg) < 3) {
        return { index, problem: `${name}: focus outline ${s.outlineColor} on ${bg} has contrast ${contrast(s.outlineColor, bg).toFixed(2)} < 3` };
      }
      return { index };
    }
    if (changed) return { index };
  }
  return { index, problem: `${name}: no visible focus indicator (outline ${cs.outlineStyle} ${cs.outlineWidth}, box-shadow ${cs.boxShadow})` };
}

// Lists horizontal scrolling and clipped text (at the text size `zoom`, set by the caller).
async function reflowProblems(zoom) {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const out = [];
  const de = document.documentElement;
  if (de.scrollWidth > de.clientWidth) out.push(`the page scrolls sideways: ${de.scrollWidth}px wide in ${de.clientWidth}px`);
  const vw = de.clientWidth;
  const hiddenOnPurpose = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      const r = e.getBoundingClientRect();
      if ((r.width <= 1 || r.height <= 1) && cs.overflow !== 'visible') return true; // visually hidden
      if (cs.clip !== 'auto' || cs.clipPath !== 'none') return true;
      if (e.matches('a[href^="#"]:not(:focus)') && (r.bottom <= 0 || r.right <= 0)) return true; // skip link
    }
    return false;
  };
  const scrolls = (el) => {
    for (let e = el.parentElement; e && e !== de && e !== document.body; e = e.parentElement) {
      const ox = getComputedStyle(e).overflowX;
      if (ox === 'auto' || ox === 'scroll') return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || seen.has(el) || !el.checkVisibility({ visibilityProperty: true })) continue;
    seen.add(el);
    const range = document.createRange();
    range.selectNodeContents(n);
    const svg = el.closest('svg');
    const box = svg && getComputedStyle(svg).overflow !== 'visible' ? svg.getBoundingClientRect() : null;
    for (const r of range.getClientRects()) {
      if (r.width === 0) continue;
      if (box && (r.right > box.right + 1 || r.left < box.left - 1)) {
        out.push(`text cut off by the edge of its SVG (${Math.round(box.left)}–${Math.round(box.right)}): "${n.textContent.trim().slice(0, 40)}" in <${el.tagName.toLowerCase()} class="${el.getAttribute('class') || ''}"> at x ${Math.round(r.left)}–${Math.round(r.right)}`);
        break;
      }
      if ((r.right > vw + 1 || r.left < -1) && !scrolls(el) && !hiddenOnPurpose(el)) {
        out.push(`text outside the viewport: "${n.textContent.trim().slice(0, 40)}" in <${el.tagName.toLowerCase()} class="${el.getAttribute('class') || ''}"> at x ${Math.round(r.left)}–${Math.round(r.right)}`);
        break;
      }
    }
    // Clipped by an ancestor that hides its overflow.
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if ((cs.overflowX === 'hidden' || cs.overflowX === 'clip') && e.scrollWidth > e.clientWidth + 1 && !hiddenOnPurpose(e)) {
        out.push(`text clipped: <${e.tagName.toLowerCase()} class="${e.getAttribute('class') || ''}"> is ${e.scrollWidth}px of content in ${e.clientWidth}px: "${e.textContent.trim().slice(0, 40)}"`);
        break;
      }
      if ((cs.overflowY === 'hidden' || cs.overflowY === 'clip') && e.scrollHeight > e.clientHeight + 1 && !hiddenOnPurpose(e)) {
        out.push(`text clipped: <${e.tagName.toLowerCase()} class="${e.getAttribute('class') || ''}"> is ${e.scrollHeight}px tall in ${e.clientHeight}px: "${e.textContent.trim().slice(0, 40)}"`);
        break;
      }
    }
  }
  if (zoom !== '100%') {
    const small = [...document.querySelectorAll('body, main p, main li, main h1')].filter((e) => e.checkVisibility())
      .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 20).map((e) => `<${e.tagName.toLowerCase()} class="${e.getAttribute('class') || ''}"> ${getComputedStyle(e).fontSize}`);
    if (small.length) out.push(`text did not grow with the browser's text size (sized in px?): ${[...new Set(small)].slice(0, 5).join(', ')}`);
  }
  return [...new Set(out)];
}

// ---- Node side ----

function searchDocs(output) {
  const m = JSON.parse(fs.readFileSync(path.join(output, 'search/index.json'), 'utf8'));
  const docs = [];
  for (let i = 0; i * m.c < m.n; i++) docs.push(...JSON.parse(fs.readFileSync(path.join(output, `search/d/${i}.json`), 'utf8')));
  return docs;
}

function luminance(c) {
  const [r, g, b] = (c.match(/[\d.]+/g) || []).map(Number).map((v) => v / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
