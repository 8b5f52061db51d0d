// The card page other sites put in an <iframe>: nhung.html#<profile path> shows that
// profile's card, which the profile's own page carries in <template id="nhung-the">. One
// page for every card instead of a file per profile; the profile's page is fetched as text,
// so nothing of it loads but the card's photo.
(function () {
  'use strict';
  var main = document.querySelector('[data-embed]');
  if (!main || !window.fetch || !window.DOMParser) return;
  var wanted = decodeURIComponent(location.hash.slice(1));
  // A profile's path and nothing else: no scheme, no host, no way up. nhung.html is at the
  // site's root, so the path is read from there.
  if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*\/$/.test(wanted)) return missing(null);
  var page = new URL(wanted, location.href);
  fetch(page.href, { credentials: 'same-origin' })
    .then(function (r) {
      if (!r.ok) throw new Error('no page');
      return r.text();
    })
    .then(function (html) {
      var card = new DOMParser().parseFromString(html, 'text/html').getElementById('nhung-the');
      // A profile whose honours are all withdrawn keeps its page, which says why, and no card.
      if (!card || !card.content) return missing(page.href);
      main.replaceChildren(document.importNode(card.content, true));
      var name = main.querySelector('h1');
      if (name) document.title = name.textContent + ' – ' + document.title;
    })
    .catch(function () { missing(null); });

  function missing(href) {
    var link = main.querySelector('a');
    if (!link) return;
    if (href) link.href = href;
    link.textContent = main.getAttribute('data-missing');
  }
})();
