// vinhdanh serve: added to every HTML page the preview server sends (never to built files).
// Holds one WebSocket to the server, which tells the state of the builds at once and at each
// change; reloads the page as soon as a newer good build exists, and shows the errors of a
// failed build over the last good page until the next good save. Reconnects by itself when
// the server restarts.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : "0";
  // Errors of an attempt that failed since this page was made are shown.
  var attempt = Number(script ? script.getAttribute("data-attempt") : 0);
  var shown = null; // the attempt whose errors are on screen
  var host = null;
  var retry = 250;

  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__vinhdanh/live");
    ws.onopen = function () { retry = 250; };
    ws.onmessage = function (m) {
      var v;
      try { v = JSON.parse(m.data); } catch (e) { return; }
      heard(v);
    };
    ws.onclose = function () {
      // The server is stopped or restarting: try again, more and more slowly.
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 4000);
    };
  }

  function heard(v) {
    if (v.ok && String(v.good) !== build) {
      location.reload();
      return;
    }
    if (!v.ok && v.attempt >= attempt && v.attempt !== shown) {
      shown = v.attempt;
      fetch("/__vinhdanh/errors", { cache: "no-store" })
        .then(function (r) { return r.json(); })
        .then(overlay, function () {});
    } else if (v.ok) {
      hide();
    }
  }

  function hide() {
    if (host) { host.remove(); host = null; }
    shown = null;
  }
  function el(tag, text, style) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (style) e.style.cssText = style; // CSSOM, which a strict style-src policy allows
    return e;
  }

  function overlay(data) {
    if (data.ok) { hide(); return; }
    if (!host) {
      host = el("div");
      host.id = "vinhdanh-errors";
      document.body.appendChild(host);
    }
    // A shadow root keeps the site's CSS off the overlay and the overlay's off the site.
    var root = host.shadowRoot || host.attachShadow({ mode: "open" });
    root.textContent = "";
    var n = data.errors.length;
    var box = el("section", null,
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.93);" +
      "color:#fff;font:15px/1.5 system-ui,sans-serif;padding:1.5rem");
    box.setAttribute("role", "alert");
    var close = el("button", "×", "float:right;font-size:1.5rem;background:none;color:#fff;border:1px solid #888;border-radius:4px;cursor:pointer");
    close.setAttribute("aria-label", "Hide");
    close.addEventListener("click", function () { host.remove(); host = null; });
    box.appendChild(close);
    box.appendChild(el("h2", "The site could not be rebuilt: " + n + " problem" + (n === 1 ? "" : "s"),
      "margin:0 0 .25rem;font-size:1.25rem;color:#ff8a80"));
    box.appendChild(el("p", "This is the last good version of the page. Fix the file and save: the page reloads by itself.",
      "margin:0 0 1rem;color:#ccc"));
    data.errors.forEach(function (e) {
      var item = el("div", null, "margin:0 0 1rem;padding:.75rem;border-left:4px solid #ff8a80;background:#2a2a2a");
      item.appendChild(el("code", e.path + ":" + e.line + ":" + e.col, "font:600 14px ui-monospace,monospace;color:#ffd180"));
      item.appendChild(el("div", e.message, "margin-top:.25rem;white-space:pre-wrap"));
      if (e.hint) item.appendChild(el("div", "hint: " + e.hint, "margin-top:.25rem;color:#b9f6ca;white-space:pre-wrap"));
      box.appendChild(item);
    });
    root.appendChild(box);
  }

  // While the editor is on: a small link to this page's form.
  var edit = script ? script.getAttribute("data-edit") : null;
  if (edit) {
    var holder = el("div");
    holder.id = "vinhdanh-edit";
    var shadow = holder.attachShadow({ mode: "open" });
    var vi = (document.documentElement.lang || "vi").slice(0, 2) === "vi";
    var link = el("a", vi ? "Sửa trang này" : "Edit this page",
      "position:fixed;right:.75rem;bottom:.75rem;z-index:2147483646;padding:.5rem .8rem;" +
      "background:#0b5394;color:#fff;font:600 15px/1.2 system-ui,sans-serif;border-radius:4px;" +
      "text-decoration:none;box-shadow:0 1px 4px rgba(0,0,0,.4)");
    link.href = edit;
    shadow.appendChild(link);
    document.body.appendChild(holder);
  }

  connect();
})();
