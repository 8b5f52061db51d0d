/* vinhdanh formal theme: "copy" buttons for a profile's link and embed code.
 * Markup: <button type="button" data-copy="#id" hidden> next to a readonly input or
 * textarea, and one element marked data-copy-status (role="status") whose data-copied and
 * data-failed attributes hold the messages. Without JavaScript the buttons stay hidden
 * and the fields can be selected and copied by hand. No inline script: CSP-safe. */
(function () {
  'use strict';
  var status = document.querySelector('[data-copy-status]');

  function say(key) {
    if (!status) return;
    status.textContent = '';
    // A fresh text node each time, so the same message is announced again.
    window.setTimeout(function () { status.textContent = status.getAttribute(key) || ''; }, 50);
  }

  function selectAll(field) {
    field.focus();
    field.select();
    if (field.setSelectionRange) field.setSelectionRange(0, field.value.length);
  }

  function fallback(field) {
    selectAll(field);
    var ok = false;
    try { ok = document.execCommand && document.execCommand('copy'); } catch (e) { ok = false; }
    say(ok ? 'data-copied' : 'data-failed');
  }

  function copy(button) {
    var field = document.querySelector(button.getAttribute('data-copy'));
    if (!field) return;
    var text = field.value;
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        say('data-copied');
      }, function () {
        fallback(field);
      });
    } else {
      fallback(field);
    }
  }

  var buttons = document.querySelectorAll('button[data-copy]');
  Array.prototype.forEach.call(buttons, function (button) {
    if (!document.querySelector(button.getAttribute('data-copy'))) return;
    button.hidden = false;
    button.addEventListener('click', function () { copy(button); });
  });

  // A click in a readonly field selects all of it, ready to copy by hand.
  Array.prototype.forEach.call(document.querySelectorAll('.share__input, .share__code'), function (field) {
    field.addEventListener('click', function () { field.select(); });
  });
}());
