// parkos portal: reading aids (larger text in two steps, high contrast, wide spacing), read-aloud of the
// article with the browser's speech synthesis, and printing. The page works fully without it.
(function () {
  'use strict';
  var root = document.documentElement;
  var store = window.localStorage;
  var state = { text: 0, contrast: false, spacing: false };
  try { state = Object.assign(state, JSON.parse(store.getItem('parkos-a11y') || '{}')); } catch (e) { /* private mode */ }

  function apply() {
    root.classList.toggle('a11y-text-1', state.text === 1);
    root.classList.toggle('a11y-text-2', state.text === 2);
    root.classList.toggle('a11y-contrast', !!state.contrast);
    root.classList.toggle('a11y-spacing', !!state.spacing);
    document.querySelectorAll('[data-a11y]').forEach(function (b) {
      var k = b.getAttribute('data-a11y');
      if (k === 'text') {
        b.setAttribute('aria-pressed', state.text > 0 ? 'true' : 'false');
        b.textContent = ['大字', '特大字', '还原字号'][state.text];
      } else if (k !== 'reset') {
        b.setAttribute('aria-pressed', state[k] ? 'true' : 'false');
      }
    });
    try { store.setItem('parkos-a11y', JSON.stringify(state)); } catch (e) { /* ignore */ }
  }

  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-a11y]');
    if (b) {
      var k = b.getAttribute('data-a11y');
      if (k === 'text') { state.text = (state.text + 1) % 3; }
      else if (k === 'reset') { state = { text: 0, contrast: false, spacing: false }; }
      else { state[k] = !state[k]; }
      apply();
      return;
    }
    if (e.target.closest && e.target.closest('[data-print]')) { window.print(); }
  });
  apply();

  // Read-aloud of the article body, with an on/off switch.
  var btn = document.querySelector('[data-read-aloud]');
  var body = document.getElementById('artbody');
  var printBtn = document.querySelector('[data-print]');
  if (printBtn) { printBtn.hidden = false; }
  if (btn && body && 'speechSynthesis' in window) {
    btn.hidden = false;
    var speaking = false;
    function stop() { window.speechSynthesis.cancel(); speaking = false; btn.setAttribute('aria-pressed', 'false'); btn.textContent = '朗读全文'; }
    btn.addEventListener('click', function () {
      if (speaking) { stop(); return; }
      var title = document.querySelector('.article h1');
      var u = new SpeechSynthesisUtterance(((title ? title.textContent + '。' : '') + body.innerText).slice(0, 30000));
      u.lang = root.lang === 'zh-Hant' ? 'zh-TW' : 'zh-CN';
      u.rate = 0.95;
      u.onend = stop;
      window.speechSynthesis.speak(u);
      speaking = true;
      btn.setAttribute('aria-pressed', 'true');
      btn.textContent = '停止朗读';
    });
    window.addEventListener('pagehide', stop);
  }
})();
