// The card page other sites put in an <iframe>: nhung.html#<profile path> shows that
// profile's card, which the profile's own page carries in <template id="nhung-the">. One
// page for every card instead of a file per profile; the profile's page is fetched as text,
// so nothing of it loads but the card's photo.
(function () {
  'use strict';
  var main = document.querySelector('[data-embed]');
  if (!main || !window.fetch || !window.DOMParser) return;
  var wanted = '';
  try {
    wanted = decodeURIComponent(location.hash.slice(1));
  } catch (e) {
    // Not percent-encoding (a pasted address cut short): no profile's path either.
  }
  // A profile's path and nothing else: no scheme, no host, no way up. nhung.html is at the
  // site's root, so the path is read from there.
  if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*\/$/.test(wanted)) return missing(null);
  var page = new URL(wanted, location.href);
  fetch(page.href, { credentials: 'same-origin' })
    .then(function (r) {
      // No such profile (any more): the words say so, the link goes to the site.
      if (!r.ok) return missing(null);
      return r.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var card = doc.getElementById('nhung-the');
        // Its honours all withdrawn: its page stays, saying why, with no card.
        if (!card || !card.content) return missing(page.href);
        main.replaceChildren(document.importNode(card.content, true));
        var name = main.querySelector('h1');
        if (name) document.title = name.textContent + ' – ' + document.title;
      });
    })
    // Not reached (offline, or a site opened from a folder, where browsers refuse to
    // fetch): the link goes to the profile's page, under the site's name.
    .catch(function () { link(page.href); });

  function missing(href) {
    var a = link(href);
    if (a) a.textContent = main.getAttribute('data-missing');
  }

  function link(href) {
    var a = main.querySelector('a');
    if (a && href) a.href = href;
    return a;
  }
})();
