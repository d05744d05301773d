// A small video player in the style of the reference page: Material Icons ligature buttons
// (their DOM text is the icon name), a time display and a speed control. It shows
// "Loading..." until its configuration "arrives", like a player fetching its setup.
(function () {
  function pad(n) { n = Math.floor(n); return (n < 10 ? '0' : '') + n; }
  function clock(t) { t = isFinite(t) ? t : 0; return pad(t / 60) + ':' + pad(t % 60); }
  var RATES = [1, 1.25, 1.5, 2, 0.5, 0.75];

  function setup(root) {
    var video = root.querySelector('video');
    var plays = root.querySelectorAll('[data-action="play"]');
    var current = root.querySelector('.vp-current');
    var duration = root.querySelector('.vp-duration');
    var overlayTime = root.querySelector('.vp-time-overlay');
    var rate = root.querySelector('.vp-rate');
    function render() {
      var cur = video ? video.currentTime : 0;
      var dur = video && isFinite(video.duration) ? video.duration : 0;
      current.textContent = clock(cur);
      duration.textContent = clock(dur);
      overlayTime.textContent = clock(cur) + ' / ' + clock(dur);
      var playing = video && !video.paused;
      plays.forEach(function (play) {
        play.textContent = playing ? 'pause' : 'play_arrow';
        play.setAttribute('aria-label', playing ? 'Pause' : 'Abspielen');
      });
      var r = video ? video.playbackRate : 1;
      rate.textContent = (r % 1 === 0 ? r.toFixed(1) : String(r)) + 'x';
    }
    root.addEventListener('click', function (e) {
      var btn = e.target.closest('[data-action]');
      if (!btn || !video) return;
      var action = btn.getAttribute('data-action');
      if (action === 'play') { if (video.paused) video.play(); else video.pause(); }
      if (action === 'back') video.currentTime = Math.max(0, video.currentTime - 10);
      if (action === 'forward') video.currentTime = Math.min(video.duration || 0, video.currentTime + 10);
      if (action === 'speed') {
        var i = RATES.indexOf(video.playbackRate);
        video.playbackRate = RATES[(i + 1) % RATES.length];
      }
      render();
    });
    if (video) {
      ['play', 'pause', 'timeupdate', 'ratechange', 'loadedmetadata', 'seeked'].forEach(function (ev) {
        video.addEventListener(ev, render);
      });
    }
    render();
    // The configuration "arrives" a moment after the page, and the clip's length with the
    // media's metadata; only when both are there do the placeholders go.
    var configured = new Promise(function (resolve) { setTimeout(resolve, 150); });
    var described = new Promise(function (resolve) {
      if (!video || video.readyState >= 1) resolve();
      else video.addEventListener('loadedmetadata', resolve, { once: true });
    });
    Promise.all([configured, described]).then(function () {
      render();
      root.querySelectorAll('.vp-loading').forEach(function (el) { el.remove(); });
      root.classList.add('vp-ready');
    });
  }

  document.querySelectorAll('.video-player').forEach(setup);
})();
