// The player behaviour script: one `execute_async` call that uses the player's listed
// controls the way a user would and reports what the real <video>/<audio> element did. It
// runs after dom.js; the player spec arrives in `arguments[0]`. It only observes: the
// harness decides.
const spec = arguments[0];
const done = arguments[arguments.length - 1];

const sleepFrame = () => pause(25);

// How much of the clip must be left for a pause to be judged: a pause that does nothing must
// not pass because the clip ended by itself.
const PAUSE_MARGIN_S = 3;
// How long a changed rate must hold: a page that puts the rate back must not pass.
const RATE_HOLD_MS = 1000;

async function run() {
  const root = playerRoot(spec);
  if (!root) return { error: 'the player root matches nothing' };
  const media = findMedia(root, spec);
  if (!media) return { error: 'no <video> or <audio> element in the player' };
  const listed = new Set(spec.listed);
  const find = (kind) => (listed.has(kind) ? findControl(root, kind, spec) : null);
  const out = { media: mediaState(media), steps: [] };
  const wait = spec.stepTimeoutMs;
  if (!(await until(() => media.readyState >= 1, wait))) {
    return Object.assign(out, { error: 'the media element never loaded its metadata (readyState ' + media.readyState + ')' });
  }
  const record = (step, extra) => out.steps.push(Object.assign({ step }, extra));
  const duration = () => (isFinite(media.duration) ? media.duration : null);
  // Players fade their controls out and may ignore a click while they are faded: a pointer
  // is moved over the player before every click, as a user's would be.
  const press = async (el) => { hover(root); await sleepFrame(); el.click(); };

  const playHit = find('play');
  if (playHit) {
    if (media.currentTime > 0 || media.ended) {
      media.currentTime = 0;
      await until(() => !media.seeking, wait);
    }
    const labelBefore = labelOf(playHit.el);
    const t0 = media.currentTime;
    await press(playHit.target);
    const started = await until(() => !media.paused && media.currentTime >= t0 + 0.3, wait);
    await sleepFrame();
    record('play', { started, before: t0, after: media.currentTime, labelBefore, labelAfter: labelOf(playHit.el), paused: media.paused });
    if (started) {
      const labelPlaying = labelOf(playHit.el);
      const left = duration() === null ? Infinity : duration() - media.currentTime;
      await press(playHit.target);
      const paused = await until(() => media.paused, Math.min(wait, 2000));
      await sleepFrame();
      // Paused by the clip's end is not paused by the control.
      const ended = media.ended || (duration() !== null && media.currentTime >= duration() - 0.05);
      record('pause', { paused: paused && !ended, ended, leftBefore: isFinite(left) ? left : null, labelBefore: labelPlaying, labelAfter: labelOf(playHit.el) });
    }
  }
  if (!media.paused) media.pause();

  // Jumps are measured from a known position, paused, so playback does not blur them.
  const seekTo = async (t) => {
    media.currentTime = t;
    return until(() => Math.abs(media.currentTime - t) < 0.05 && !media.seeking, wait);
  };
  const seekable = () => media.seekable.length > 0 && media.seekable.end(media.seekable.length - 1) > 0;
  const jump = async (kind, from) => {
    const control = find(kind);
    if (!control) return;
    const d = duration();
    if (d !== null && d < 10 + 1) {
      record(kind, { moved: false, tooShort: true, before: media.currentTime, after: media.currentTime, duration: d });
      return;
    }
    if (!seekable() || !(await seekTo(from))) {
      record(kind, { moved: false, seekable: false, before: media.currentTime, after: media.currentTime, duration: d });
      return;
    }
    const before = media.currentTime;
    await press(control.target);
    const moved = await until(() => Math.abs(media.currentTime - before) > 0.05 && !media.seeking, wait);
    record(kind, { moved, seekable: true, before, after: media.currentTime, duration: d });
  };
  const middle = duration() !== null && duration() > 0 ? Math.min(12, duration() / 2) : 12;
  await jump('forward_10', Math.max(1, middle - 10));
  await jump('back_10', middle);

  const speedHit = find('speed');
  if (speedHit) {
    const rateBefore = media.playbackRate;
    const textBefore = controlText(speedHit.el);
    let via = 'click';
    let changed = false;
    if (visible(speedHit.target)) {
      await press(speedHit.target);
      changed = await until(() => media.playbackRate !== rateBefore, Math.min(wait, 1000));
    }
    if (!changed) {
      via = 'menu';
      changed = await chooseRate(root, rateBefore, press, () => media.playbackRate !== rateBefore, wait);
    }
    const rateAfter = media.playbackRate;
    await sleepFrame();
    // The control is read again: in a menu, the checked item is another element now.
    const after = findControl(root, 'speed', spec) || speedHit;
    const textAfter = controlText(after.el);
    let held = null;
    if (changed) {
      await pause(RATE_HOLD_MS);
      held = media.playbackRate === rateAfter;
    }
    record('speed', { changed, held, via, rateBefore, rateAfter, rateLater: media.playbackRate, textBefore, textAfter });
  }
  return out;
}

// Picks another rate from the player's menus as a user would: only visible elements are
// clicked — a rate item when one is shown, else the item that leads to the rates ("Speed",
// "Playback speed"), else the button that opens the settings menu — for at most a few steps.
async function chooseRate(root, rateBefore, press, changed, wait) {
  const SPEED_WORD = /speed|geschwindigkeit|playback rate|wiedergabe/i;
  const clicked = new Set();
  for (let step = 0; step < 4; step++) {
    const shown = deepElements(root).filter((el) => !clicked.has(el) && visible(el));
    const rateItem = shown.find((el) => {
      if (!el.matches('button, [role^="menuitem"], [role="option"], li')) return false;
      const rate = shownRate(flat(el.textContent).trim());
      return rate !== null && rate !== rateBefore && flat(el.textContent).trim().length < 12;
    });
    if (rateItem) {
      await press(rateItem);
      return until(changed, wait);
    }
    const next = shown.find((el) => el.matches('button, [role^="menuitem"]') && SPEED_WORD.test(labelOf(el) + ' ' + flat(el.textContent)))
      || shown.find((el) => el.matches(MENU_OPENER));
    if (!next) return false;
    clicked.add(next);
    const before = new Set(shown);
    await press(next);
    // The menu opens, or moves on to its next panel, mostly with a transition that takes
    // longer on a busy machine: wait until it shows something it did not show before and
    // has come to rest (bounded; a menu that shows nothing new fails at the next step).
    await until(() => deepElements(root).some((el) => !before.has(el) && visible(el)) && !animating(root), Math.min(wait, 2000));
  }
  return false;
}

// It is the page's last script: nothing the page schedules may run on into the next scenario.
const finish = (result) => {
  result.cookiesLeft = forgetState();
  quiesce();
  done(result);
};
run().then(finish, (e) => finish({ error: String(e && e.message || e), steps: [] }));
