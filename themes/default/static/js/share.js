// "Copy" buttons of a profile's share box: each `button[data-copy]` copies the field its
// selector names. Buttons stay hidden without JavaScript, where the fields can still be
// selected and copied by hand.
(function () {
  'use strict';
  var buttons = document.querySelectorAll('button[data-copy]');
  var status = document.querySelector('[data-copy-status]');
  function say(text) {
    if (status) status.textContent = text;
  }
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.querySelector(button.getAttribute('data-copy'));
    if (!field) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var done = function () { say(button.getAttribute('data-copied') || ''); };
      var fallback = function () {
        field.focus();
        field.select();
        try {
          if (document.execCommand('copy')) done();
        } catch (e) { /* the text stays selected for the reader to copy */ }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
})();
