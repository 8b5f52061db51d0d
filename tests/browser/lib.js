// Shared helpers of the browser tests: build a site with the debug binary, serve it from a
// small static server on 127.0.0.1 (strict Content-Security-Policy, optional gzip, every
// request logged), and launch Debian's Chromium through playwright-core (no browser is ever
// downloaded).
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');
const { chromium } = require('playwright-core');

const REPO = path.resolve(__dirname, '../..');
const BIN = process.env.VINHDANH_BIN ||
  path.join(process.env.CARGO_TARGET_DIR || path.join(REPO, 'target'), 'debug', 'vinhdanh');
// Debian's headless shell when installed (scripts/test installs it): the same Blink as the
// browser, without the browser's windowing; the accessibility file runs in 60% of the time
// and 40% of the CPU. The browser itself otherwise.
const CHROMIUM = process.env.CHROMIUM ||
  ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((f) => fs.existsSync(f)) || '/usr/bin/chromium';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'";
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png',
  '.webp': 'image/webp', '.avif': 'image/avif', '.svg': 'image/svg+xml', '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8', '.ico': 'image/x-icon',
};
// What a real server compresses (nginx `gzip_types`): text, never photos.
const COMPRESSED = new Set(['.html', '.css', '.js', '.json', '.xml', '.svg', '.txt']);

/** Themes shipped in the repository: every folder of themes/ that holds templates. */
function themes() {
  return fs.readdirSync(path.join(REPO, 'themes'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(REPO, 'themes', d.name, 'templates')))
    .map((d) => d.name)
    .sort();
}

/**
 * Builds a site into a fresh temporary folder and returns `{ dir, site, output }`.
 * `source`: a site folder to copy (default: the example site at the repository root, of
 * which only `site.yaml`, `content/`, `static/`, `templates/` and `themes/` are copied);
 * `theme`: rewrites the `theme:` line of the copied site.yaml; `args`: extra build flags.
 */
function build({ source = REPO, theme = null, args = [], prefix = 'vinhdanh-browser-' } = {}) {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run cargo test (or cargo build) first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const site = path.join(dir, 'site');
  fs.mkdirSync(site);
  for (const part of ['site.yaml', 'content', 'static', 'templates', 'themes']) {
    const from = path.join(source, part);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(site, part), { recursive: true });
  }
  if (source !== REPO && !fs.existsSync(path.join(site, 'themes/default'))) {
    fs.cpSync(path.join(REPO, 'themes/default'), path.join(site, 'themes/default'), { recursive: true });
  }
  if (theme) {
    const file = path.join(site, 'site.yaml');
    const yaml = fs.readFileSync(file, 'utf8');
    const line = `theme: ${theme}`;
    fs.writeFileSync(file, /^theme:.*$/m.test(yaml) ? yaml.replace(/^theme:.*$/m, line) : `${yaml.trimEnd()}\n${line}\n`);
    if (!fs.existsSync(path.join(site, 'themes', theme))) {
      fs.cpSync(path.join(REPO, 'themes', theme), path.join(site, 'themes', theme), { recursive: true });
    }
  }
  const output = path.join(dir, 'public');
  const shared = photoCache();
  const own = path.join(site, '.vinhdanh-cache', 'images');
  if (fs.existsSync(shared)) fs.cpSync(shared, own, { recursive: true });
  try {
    execFileSync(BIN, ['build', '--root', site, '--output', output, ...args], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`vinhdanh build failed${theme ? ` (theme ${theme})` : ''}:\n${e.stderr || e.message}`);
  }
  if (!fs.existsSync(shared) && fs.existsSync(own)) {
    const part = `${shared}.part-${process.pid}`;
    fs.cpSync(own, part, { recursive: true });
    try {
      fs.renameSync(part, shared);
      for (const old of fs.readdirSync(path.dirname(shared))) { // those of earlier binaries
        if (old.startsWith('browser-photo-cache-') && old !== path.basename(shared) && !old.includes('.part-')) {
          fs.rmSync(path.join(path.dirname(shared), old), { recursive: true, force: true });
        }
      }
    } catch {
      fs.rmSync(part, { recursive: true, force: true }); // another test file was first
    }
  }
  return { dir, site, output };
}

/**
 * The photos resized by the first build of this binary, copied into each later site copy
 * before its build: most tests build a copy of the example site, and resizing its photos is
 * most of a cold debug build (7 s of CPU of 7.5). Entries are named by a hash of the photo
 * and its settings, so a copy only ever finds its own; the folder is named by the binary,
 * so a rebuilt binary (changed image code, perhaps) starts from nothing.
 */
function photoCache() {
  const st = fs.statSync(BIN);
  return path.join(path.dirname(BIN), `browser-photo-cache-${st.size}-${Math.round(st.mtimeMs)}`);
}

/**
 * Serves `root` under the URL path `base` on 127.0.0.1 with a strict CSP; a missing file
 * gets the site's 404.html with status 404. With `gzip`, text responses are gzip-compressed
 * when the browser accepts it, as a real server would. Every response is pushed onto
 * `server.requests` as `{ path, status, bytes, referer }` (bytes of the body as sent; the
 * path of the page that asked, from the Referer header).
 */
function serve(root, { base = '/', gzip = false } = {}) {
  const requests = [];
  const cache = new Map();
  return new Promise((resolve) => {
    const s = http.createServer((req, res) => {
      const url = new URL(req.url, 'http://localhost');
      let file = null;
      if (url.pathname.startsWith(base)) {
        const rel = decodeURIComponent(url.pathname.slice(base.length));
        const p = path.join(root, rel);
        if (p === root || p.startsWith(root + path.sep)) {
          file = fs.existsSync(p) && fs.statSync(p).isDirectory() ? path.join(p, 'index.html') : p;
        }
      }
      const ok = file && fs.existsSync(file) && fs.statSync(file).isFile();
      if (!ok) file = path.join(root, '404.html');
      const ext = path.extname(file);
      let body;
      try {
        body = fs.readFileSync(file);
      } catch {
        // A late request from a closed page after its test removed the site: nothing to serve.
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('gone\n');
        return;
      }
      const headers = {
        'Content-Type': TYPES[ext] || 'application/octet-stream',
        'Content-Security-Policy': CSP,
      };
      if (gzip && COMPRESSED.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        if (!cache.has(file)) cache.set(file, zlib.gzipSync(body, { level: 6 }));
        body = cache.get(file);
        headers['Content-Encoding'] = 'gzip';
        headers.Vary = 'Accept-Encoding';
      }
      headers['Content-Length'] = body.length;
      const referer = req.headers.referer ? new URL(req.headers.referer).pathname : null;
      requests.push({ path: url.pathname, status: ok ? 200 : 404, bytes: body.length, referer });
      res.writeHead(ok ? 200 : 404, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    });
    s.requests = requests;
    // Closing also drops kept-alive connections, so no request is answered after a test.
    const close = s.close.bind(s);
    s.close = (cb) => {
      if (s.closeAllConnections) s.closeAllConnections();
      return close(cb);
    };
    s.listen(0, '127.0.0.1', () => {
      s.origin = `http://127.0.0.1:${s.address().port}`;
      resolve(s);
    });
  });
}

/**
 * Starts `vinhdanh serve` on a free port for the site folder `site`; resolves to
 * `{ process, origin }` once it prints its address (`http://127.0.0.1:PORT`).
 */
function startServe(site) {
  const { spawn } = require('node:child_process');
  const shared = photoCache(); // as for `build`, when a build of this binary made it already
  if (fs.existsSync(shared)) fs.cpSync(shared, path.join(site, '.vinhdanh-cache', 'images'), { recursive: true });
  const child = spawn(BIN, ['serve', '--port', '0', '--root', site], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 120000);
    child.stdout.on('data', (b) => {
      out += b;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); resolve({ process: child, origin: m[1] }); }
    });
    child.stderr.on('data', (b) => { out += b; });
  });
}

function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Refuses every request that leaves `origin` in `context`, and collects the problems of
 * its pages (console errors, page errors, outside requests) into the returned list.
 */
async function guard(context, origin) {
  const problems = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue();
    problems.push(`outside request: ${url}`);
    return route.abort();
  });
  const watch = (page) => {
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console on ${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return problems;
}

module.exports = { REPO, BIN, CHROMIUM, CSP, themes, build, serve, startServe, launch, guard };
