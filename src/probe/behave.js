// The player behaviour script: one `execute_async` call that clicks the player's controls
// the way a user would and reports what the real <video>/<audio> element did. It runs after
// dom.js; the player spec arrives in `arguments[0]`. It only observes: the harness decides.
const spec = arguments[0];
const done = arguments[arguments.length - 1];

const sleepFrame = () => new Promise((resolve) => setTimeout(resolve, 25));

// Waits until `test()` holds or `ms` pass; resolves to whether it held.
async function until(test, ms) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (test()) return true;
    await sleepFrame();
  }
  return test();
}

async function run() {
  const root = playerRoot(spec);
  if (!root) return { error: 'the player root matches nothing' };
  const media = findMedia(root, spec);
  if (!media) return { error: 'no <video> or <audio> element in the player' };
  const find = (kind) => { const hit = findControl(root, kind, spec); return hit ? hit : null; };
  const out = { media: mediaState(media), steps: [] };
  const wait = spec.stepTimeoutMs;
  if (!(await until(() => media.readyState >= 1, wait))) {
    return Object.assign(out, { error: 'the media element never loaded its metadata (readyState ' + media.readyState + ')' });
  }
  const record = (step, extra) => out.steps.push(Object.assign({ step }, extra));

  const playHit = find('play');
  if (playHit) {
    const play = playHit.el;
    const labelBefore = labelOf(play);
    const t0 = media.currentTime;
    playHit.target.click();
    const started = await until(() => !media.paused && media.currentTime >= t0 + 0.3, wait);
    await sleepFrame();
    record('play', { started, before: t0, after: media.currentTime, labelBefore, labelAfter: labelOf(play), paused: media.paused });
    const labelPlaying = labelOf(play);
    playHit.target.click();
    const paused = await until(() => media.paused, wait);
    await sleepFrame();
    record('pause', { paused, labelBefore: labelPlaying, labelAfter: labelOf(play) });
  }
  if (!media.paused) media.pause();

  // Jumps are measured from a known position, paused, so playback does not blur them.
  const seekTo = async (t) => {
    media.currentTime = t;
    await until(() => Math.abs(media.currentTime - t) < 0.05 && !media.seeking, wait);
  };
  const jump = async (kind, from) => {
    const control = find(kind);
    if (!control) return;
    await seekTo(from);
    const before = media.currentTime;
    control.target.click();
    const moved = await until(() => Math.abs(media.currentTime - before) > 0.05 && !media.seeking, wait);
    record(kind, { moved, before, after: media.currentTime, duration: isFinite(media.duration) ? media.duration : null });
  };
  const middle = isFinite(media.duration) && media.duration > 0 ? Math.min(12, media.duration / 2) : 12;
  await jump('forward_10', Math.max(1, middle - 10));
  await jump('back_10', middle);

  const speedHit = find('speed');
  if (speedHit) {
    const speed = speedHit.el;
    const rateBefore = media.playbackRate;
    const textBefore = cleanText(speed);
    speedHit.target.click();
    let via = 'click';
    let changed = await until(() => media.playbackRate !== rateBefore, Math.min(wait, 1000));
    if (!changed) {
      // Players such as video.js open a menu of rates: pick another rate, as a user would.
      const RATE = /^(\d+(?:[.,]\d+)?)\s*[x×]$/;
      const items = leaves(root)
        .map((el) => [el, flat(el.textContent).trim()])
        .filter(([, t]) => RATE.test(t) && parseFloat(t.match(RATE)[1].replace(',', '.')) !== rateBefore)
        .map(([el]) => el.closest('[role="menuitemradio"], [role="menuitem"], [role="option"], li, button') || el)
        .filter((el) => el !== speedHit.el && el !== speedHit.target);
      const item = items.find(visible) || items[0];
      if (item) {
        via = 'menu';
        item.click();
        changed = await until(() => media.playbackRate !== rateBefore, wait);
      }
    }
    await sleepFrame();
    record('speed', { changed, via, rateBefore, rateAfter: media.playbackRate, textBefore, textAfter: cleanText(speed) });
  }
  return out;
}

// The player may have stored its settings; the next scenario must not see them.
// It is the page's last script: nothing the page schedules may run on into the next scenario.
const finish = (result) => {
  result.cookiesLeft = forgetState();
  quiesce();
  done(result);
};
run().then(finish, (e) => finish({ error: String(e && e.message || e), steps: [] }));
