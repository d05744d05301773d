// Writes the time the page was loaded: text that differs on every run and that the
// scenarios redact.
(function () {
  var el = document.getElementById('loaded-at');
  if (!el) return;
  var d = new Date();
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  el.textContent = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
})();
