// The kiosk's attract loop (vinhdanh): one slide at a time, every `data-interval` seconds;
// a tap, click or key opens the slide's profile in place; `data-idle` seconds without a
// touch bring the loop back. Nothing here leaves the page, so a lobby screen cannot be
// walked off to another site. Without this script every slide is shown as a list.
(function () {
  'use strict';
  var body = document.body;
  var slides = Array.prototype.slice.call(document.querySelectorAll('[data-slide]'));
  var details = Array.prototype.slice.call(document.querySelectorAll('[data-detail]'));
  if (!slides.length) return;
  var interval = Math.max(1, Number(body.getAttribute('data-interval')) || 10) * 1000;
  var idle = Math.max(1, Number(body.getAttribute('data-idle')) || 90) * 1000;
  var current = 0;
  var open = -1;
  var loopTimer = null;
  var idleTimer = null;

  document.documentElement.classList.add('kiosk-js');

  function show(n) {
    current = (n + slides.length) % slides.length;
    slides.forEach(function (s, i) {
      var on = i === current;
      s.hidden = !on;
      s.classList.toggle('is-current', on);
    });
    body.setAttribute('data-current', String(current));
  }

  function startLoop() {
    clearInterval(loopTimer);
    loopTimer = setInterval(function () { show(current + 1); }, interval);
  }

  function openDetail(n) {
    open = n;
    clearInterval(loopTimer);
    body.classList.add('is-open');
    body.setAttribute('data-opened', String(n));
    details.forEach(function (d, i) { d.hidden = i !== n; });
    var back = details[n] && details[n].querySelector('[data-back]');
    if (back) back.focus();
    touched();
  }

  function closeDetail() {
    if (open < 0) return;
    var was = open;
    open = -1;
    clearTimeout(idleTimer);
    body.classList.remove('is-open');
    body.removeAttribute('data-opened');
    details.forEach(function (d) { d.hidden = true; });
    show(was);
    var button = slides[current].querySelector('[data-open]');
    if (button) button.focus();
    startLoop();
  }

  // Any input while a profile is open keeps it open a while longer.
  function touched() {
    if (open < 0) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(closeDetail, idle);
  }

  document.addEventListener('click', function (e) {
    var target = e.target.closest ? e.target : e.target.parentElement;
    var opener = target && target.closest('[data-open]');
    if (opener) { openDetail(Number(opener.getAttribute('data-open'))); return; }
    if (target && target.closest('[data-back]')) closeDetail();
  });

  document.addEventListener('keydown', function (e) {
    if (open >= 0) {
      if (e.key === 'Escape' || e.key === 'Backspace') { e.preventDefault(); closeDetail(); } else touched();
      return;
    }
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown' || e.key === 'PageDown') { e.preventDefault(); show(current + 1); startLoop(); return; }
    if (e.key === 'ArrowLeft' || e.key === 'ArrowUp' || e.key === 'PageUp') { e.preventDefault(); show(current - 1); startLoop(); return; }
    if (e.key === 'Tab' || e.key === 'Shift' || e.altKey || e.ctrlKey || e.metaKey) return;
    // Enter and Space on the focused slide open it through its click; any other key too.
    if (e.key !== 'Enter' && e.key !== ' ') { e.preventDefault(); openDetail(current); }
  });

  ['pointerdown', 'touchstart', 'wheel', 'mousemove'].forEach(function (type) {
    document.addEventListener(type, touched, { passive: true });
  });

  show(0);
  startLoop();
})();
