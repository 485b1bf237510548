// parkos back office: the little behaviour pages need, with no inline script (the CSP forbids it).
(function () {
  'use strict';
  var csrf = document.body && document.body.getAttribute('data-csrf');

  // htmx requests carry the form token in a header.
  document.addEventListener('htmx:configRequest', function (e) {
    if (csrf) { e.detail.headers['X-CSRF-Token'] = csrf; }
  });

  // <form data-confirm="..."> asks before submitting.
  document.addEventListener('submit', function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  }, true);

  // <button data-toggle-password="ID"> shows or hides a password field.
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-toggle-password]');
    if (!b) { return; }
    var f = document.getElementById(b.getAttribute('data-toggle-password'));
    if (!f) { return; }
    var show = f.type === 'password';
    f.type = show ? 'text' : 'password';
    b.setAttribute('aria-pressed', show ? 'true' : 'false');
    b.textContent = show ? '隐藏' : '显示';
  });

  // <select data-autosubmit> submits its form on change (filters).
  document.addEventListener('change', function (e) {
    if (e.target.hasAttribute && e.target.hasAttribute('data-autosubmit') && e.target.form) { e.target.form.requestSubmit(); }
  });
})();
