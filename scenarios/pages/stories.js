// The "Neue Stories entdecken" widget loads its links after the page, as the real one does.
(function () {
  var list = document.querySelector('#stories .story-list');
  if (!list) return;
  fetch(list.getAttribute('data-src'))
    .then(function (r) { return r.json(); })
    .then(function (stories) {
      list.textContent = '';
      stories.forEach(function (s) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = s.href;
        a.textContent = s.title;
        li.appendChild(a);
        list.appendChild(li);
      });
    });
})();
