// Shared helpers of the in-page scripts (extraction and player behaviour). Everything
// scenario-specific arrives as script arguments; nothing from a scenario is pasted here.
//
// Text follows what a reader sees, close to `innerText`: hidden elements are left out,
// block boxes start new lines, paragraphs are separated by a blank line; unlike
// `innerText`, open shadow roots and same-origin iframes are read too.

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK']);
// By local name, whatever the namespace writes it as: an SVG icon's <style> is `style`.
const skipped = (el) => SKIP.has(el.localName.toUpperCase());

// Every tree a selector should search: the document, open shadow roots, same-origin iframes.
function scopesOf(root, out) {
  out.push(root);
  if (root.shadowRoot) scopesOf(root.shadowRoot, out);
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) scopesOf(el.shadowRoot, out);
    if (el.localName === 'iframe' || el.localName === 'frame') {
      let doc = null;
      try { doc = el.contentDocument; } catch (e) { doc = null; }
      if (doc && doc.documentElement) scopesOf(doc, out);
    }
  }
  return out;
}

function queryAll(scopes, selector) {
  const found = [];
  for (const scope of scopes) {
    for (const el of scope.querySelectorAll(selector)) found.push(el);
  }
  return found;
}

function textOf(root, ignored) {
  const styles = new Map();
  const style = (el) => {
    let s = styles.get(el);
    if (!s) { s = el.ownerDocument.defaultView.getComputedStyle(el); styles.set(el, s); }
    return s;
  };
  const parts = [];
  const children = (node) => {
    if (node.shadowRoot) return node.shadowRoot.childNodes;
    // A slot shows what is assigned to it, else its own fallback content. Not flattened:
    // a nested slot (media-chrome's two tooltip labels inside one) is visited as itself, so
    // the inactive one, `display: none`, contributes nothing.
    if (node.localName === 'slot') {
      const assigned = node.assignedNodes();
      if (assigned.length) return assigned;
    }
    if (node.localName === 'iframe' || node.localName === 'frame') {
      let doc = null;
      try { doc = node.contentDocument; } catch (e) { doc = null; }
      return doc && doc.body ? [doc.body] : [];
    }
    return node.childNodes;
  };
  const visit = (node) => {
    if (node.nodeType === 3) {
      const parent = node.parentElement;
      if (!parent) { parts.push(node.data); return; }
      const s = style(parent);
      if (s.visibility !== 'visible') return;
      const ws = s.whiteSpace;
      let t = node.data;
      if (ws === 'pre-line') t = t.replace(/[ \t\f]+/g, ' ');
      else if (!(ws.startsWith('pre') || ws === 'break-spaces')) t = t.replace(/[ \t\n\r\f]+/g, ' ');
      if (t) parts.push(t);
      return;
    }
    if (node.nodeType === 11) {
      for (const c of node.childNodes) visit(c);
      return;
    }
    if (node.nodeType !== 1 || skipped(node) || ignored.has(node)) return;
    const s = style(node);
    const display = s.display;
    if (display === 'none') return;
    if (node.localName === 'br') { parts.push('\n'); return; }
    const block = !display.startsWith('inline') && display !== 'contents'
      && display !== 'table-cell' && !display.startsWith('ruby');
    const gap = node.localName === 'p' ? 2 : 1;
    if (block) parts.push(gap);
    for (const c of children(node)) visit(c);
    if (display === 'table-cell') parts.push(' ');
    if (block) parts.push(gap);
  };
  visit(root);
  let out = '';
  let newlines = 0;
  for (const p of parts) {
    if (typeof p === 'number') { newlines = Math.max(newlines, p); continue; }
    // Whitespace between blocks (the indentation of the HTML source) is not text.
    if ((newlines || !out.length || out.endsWith('\n')) && /^[ \t]*$/.test(p)) continue;
    if (out.length && newlines) out += '\n'.repeat(newlines);
    newlines = 0;
    out += p;
  }
  return out;
}

function flat(text) {
  return text.normalize('NFC').replace(/[\u00a0\u202f\u2007]/g, ' ').replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '').replace(/\s+/g, ' ');
}

// Every element below `root`, in tree order, through open shadow roots and same-origin iframes.
function deepElements(root) {
  const out = [];
  const walk = (node) => {
    for (let el = node.firstElementChild; el; el = el.nextElementSibling) {
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el.localName === 'iframe' || el.localName === 'frame') {
        let doc = null;
        try { doc = el.contentDocument; } catch (e) { doc = null; }
        if (doc && doc.documentElement) walk(doc);
      }
      walk(el);
    }
  };
  if (root.shadowRoot) walk(root.shadowRoot);
  walk(root);
  return out;
}

// Whether a reader sees the element: it has a box, and neither it nor an ancestor is hidden,
// invisible or fully transparent (a faded-out control bar). A <slot> or `display: contents`
// element has no box of its own: it is seen when what it shows (its assigned or own nodes)
// is seen.
function visible(el) {
  const style = el.ownerDocument.defaultView.getComputedStyle(el);
  if (style.display === 'none') return false;
  if (el.localName === 'slot' || style.display === 'contents') {
    let shown = el.localName === 'slot' ? el.assignedNodes() : [];
    if (!shown.length) shown = Array.from(el.childNodes);
    return shown.some((n) => (n.nodeType === 1 ? visible(n) : n.nodeType === 3 && textShown(n)));
  }
  const rect = el.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) return false;
  return typeof el.checkVisibility === 'function'
    ? el.checkVisibility({ visibilityProperty: true, opacityProperty: true })
    : true;
}

// A text node is seen when it has a box and the nearest element with a box around it is seen.
function textShown(node) {
  if (!node.data.trim()) return false;
  const range = node.ownerDocument.createRange();
  range.selectNodeContents(node);
  const rect = range.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) return false;
  let up = node.parentElement;
  while (up && up.ownerDocument.defaultView.getComputedStyle(up).display === 'contents') {
    up = up.parentElement || (up.getRootNode().host || null);
  }
  return !up || typeof up.checkVisibility !== 'function'
    || up.checkVisibility({ visibilityProperty: true, opacityProperty: true });
}

function enabled(el) {
  return !el.matches(':disabled') && el.getAttribute('aria-disabled') !== 'true' && !el.closest('[inert]');
}

function cleanText(el) {
  return flat(textOf(el, new Set())).trim();
}

// Whether an element is hidden from sight but kept for screen readers (the `sr-only` /
// `visually-hidden` pattern): taken out of the flow and clipped to nothing or to a pixel.
function visuallyHidden(el) {
  const s = el.ownerDocument.defaultView.getComputedStyle(el);
  if (s.position !== 'absolute' && s.position !== 'fixed') return false;
  if (/rect\(\s*0(px)?[ ,]+0(px)?[ ,]+0(px)?[ ,]+0(px)?\s*\)/.test(s.clip)) return true;
  if (/inset\(\s*(50%|100%)/.test(s.clipPath)) return true;
  const r = el.getBoundingClientRect();
  return r.width <= 1 && r.height <= 1 && s.overflow !== 'visible';
}

// An element's text as a reader sees it: visually hidden text (for screen readers) left out.
function seenText(el) {
  const hidden = new Set();
  for (const d of el.querySelectorAll('*')) if (visuallyHidden(d)) hidden.add(d);
  return flat(textOf(el, hidden)).trim();
}

// What an element is called when it shows no text of its own: its `aria-label`, the text of
// the elements its `aria-labelledby` names, or its `title`.
function givenName(el) {
  const label = flat(el.getAttribute('aria-label') || '').trim();
  if (label) return label;
  const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
  const root = el.getRootNode();
  const byIds = ids.map((id) => (root.getElementById ? root.getElementById(id) : null))
    .filter(Boolean).map((n) => flat(n.textContent).trim()).filter(Boolean).join(' ');
  if (byIds) return byIds;
  return flat(el.getAttribute('title') || '').trim();
}

const HEADING = 'h1, h2, h3, h4, h5, h6, [role="heading"]';

// A short, readable description of an element for messages: tag, id or first classes.
function describeElement(el) {
  let d = el.localName;
  if (el.id) return d + '#' + el.id;
  const classes = Array.from(el.classList).slice(0, 2);
  if (classes.length) d += '.' + classes.join('.');
  const action = el.getAttribute('data-action') || el.getAttribute('data-plyr');
  if (action) d += '[' + (el.hasAttribute('data-action') ? 'data-action' : 'data-plyr') + '="' + action + '"]';
  return d;
}

const LIGATURE = /^[a-z][a-z0-9_]*$/;

// What a control says it is: its ligature, else its aria-label or title, else its text.
function labelOf(el) {
  // A hidden control has no visible text; its source text still says what it is.
  const text = cleanText(el) || flat(el.textContent).trim();
  if (LIGATURE.test(text)) return text;
  return el.getAttribute('aria-label') || el.getAttribute('title') || text;
}

const INTERACTIVE = 'button, [role="button"], a[href], input, select, [tabindex]';

function interactive(el, root) {
  const up = el.closest(INTERACTIVE);
  return up && (root.contains(up) || up === root) ? up : el;
}

function leaves(root) {
  return deepElements(root).filter((el) => el.childElementCount === 0 && !skipped(el));
}

// Finds one player control inside `root`: a scenario selector first, then the control's
// ligature text, aria-label or title, or a class the known players use.
function findControl(root, kind, spec) {
  const override = spec.selectors[kind];
  if (override) {
    const hit = queryAll(scopesOf(root, []), override)[0] || (root.matches(override) ? root : null);
    return hit ? { el: hit, target: interactive(hit, root), by: 'selector' } : null;
  }
  const hints = spec.hints[kind];
  // The overlay play button in the middle of the picture is not the player's play control:
  // it is gone once playback starts, and must not stand in for a missing one.
  const all = deepElements(root).filter((el) => kind !== 'play' || !el.closest(OVERLAY_PLAY));
  if (kind === 'time') return findTimeDisplay(root, spec);
  const label = hints.label ? new RegExp(hints.label, 'i') : null;
  // Three passes, most specific first: a ligature names the control exactly, a known
  // player's class is its persistent control (not an overlay such as video.js's big play
  // button), and an aria-label or title is the last resort.
  for (const el of all) {
    if (el.childElementCount === 0 && hints.ligatures.includes(el.textContent.trim())) {
      const up = interactive(el, root);
      return { el: up, target: up, by: 'ligature' };
    }
  }
  for (const el of all) {
    if (hints.selectors.some((s) => el.matches(s))) {
      // A player's container (video.js wraps its speed button) is read; its button is clicked.
      const target = el.matches(INTERACTIVE) ? el : el.querySelector('button, [role="button"]') || el;
      return { el, target, by: 'class' };
    }
  }
  if (label) {
    for (const el of all) {
      const aria = el.getAttribute('aria-label') || el.getAttribute('title');
      if (aria && label.test(aria)) {
        const up = interactive(el, root);
        return { el: up, target: up, by: 'label' };
      }
    }
  }
  if (hints.text) {
    const text = new RegExp(hints.text, 'i');
    const hit = leaves(root).find((el) => text.test(flat(el.textContent).trim()));
    if (hit) {
      const up = interactive(hit, root);
      return { el: up, target: up, by: 'text' };
    }
  }
  return null;
}

// Known players' displays of the current position, and of the duration or the remaining
// time, which are not the time display a scenario means.
const CURRENT_TIME = '.vjs-current-time-display, .plyr__time--current, .mejs__currenttime, .shaka-current-time, media-time-display:not([remaining])';
const OTHER_TIME = /duration|remaining/i;

function findTimeDisplay(root, spec) {
  const all = deepElements(root);
  const known = all.find((el) => el.matches(CURRENT_TIME));
  if (known) return { el: known, target: known, by: 'class' };
  // Elsewhere a leaf whose text is a time, unless it or its parent says it is another time
  // (video.js, Plyr and MediaElement mark theirs) or it counts down (`-0:30`).
  const marks = (e) => (typeof e.className === 'string' ? e.className : '') + ' ' + (e.getAttribute('aria-label') || '');
  const other = (el) => [el, el.parentElement].some((e) => e && e !== root && OTHER_TIME.test(marks(e)));
  const texts = leaves(root)
    .map((el) => [el, flat(el.textContent).trim()])
    .filter(([el, t]) => !other(el) && !/^[-−]/.test(t));
  if (spec.timePattern) {
    const shape = new RegExp(spec.timePattern);
    const hit = texts.find(([el, t]) => shape.test(t) && visible(el)) || texts.find(([, t]) => shape.test(t));
    if (hit) return { el: hit[0], target: hit[0], by: 'text' };
  }
  const loose = texts.find(([, t]) => /\d{1,2}:\d{2}/.test(t));
  return loose ? { el: loose[0], target: loose[0], by: 'text' } : null;
}

// Overlay play buttons that players show before the first play, in the middle of the picture.
const OVERLAY_PLAY = '.vjs-big-play-button, .plyr__control--overlaid, .mejs__overlay-button, .shaka-play-button';

// Moves a pointer onto the player as a reader's mouse would: the events players listen to for
// showing their controls, at the middle of the player, on the element there and on the root.
function hover(root) {
  const rect = root.getBoundingClientRect();
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  const doc = root.ownerDocument;
  let target = doc.elementFromPoint(x, y);
  if (!target || !(root.contains(target) || target.getRootNode().host === root)) target = root;
  const init = { bubbles: true, composed: true, cancelable: true, clientX: x, clientY: y, view: doc.defaultView, pointerType: 'mouse', isPrimary: true };
  for (const el of new Set([target, root])) {
    for (const type of ['pointerover', 'pointerenter', 'pointermove']) el.dispatchEvent(new PointerEvent(type, init));
    for (const type of ['mouseover', 'mouseenter', 'mousemove']) el.dispatchEvent(new MouseEvent(type, init));
  }
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Waits until `test()` holds or `ms` pass; resolves to whether it held.
async function until(test, ms) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (test()) return true;
    await pause(25);
  }
  return test();
}

// Whether a finite CSS transition or animation is running on an element inside `root`
// (shadow trees and slotted elements included): a control fading in or out.
function animating(root) {
  if (typeof document.getAnimations !== 'function') return false;
  return document.getAnimations().some((a) => {
    if (a.playState !== 'running' || !a.effect) return false;
    const timing = a.effect.getComputedTiming();
    if (!isFinite(timing.iterations) || !isFinite(timing.endTime)) return false;
    for (let n = a.effect.target; n; n = n.parentNode || n.host) if (n === root) return true;
    return false;
  });
}

// Waits (at most 1.5 s) until the player is at rest: its media has said what it is (the
// controls take their state from it) and no control is fading in or out. A player read
// while it sets itself up would show controls half shown, one run one way, the next run the
// other.
async function settle(root, spec) {
  const media = findMedia(root, spec);
  const described = () => !media || media.readyState >= 1 || media.networkState === 3
    || media.preload === 'none' || !!media.error;
  await until(() => described() && !animating(root), 1500);
}

// Shows the player's controls the way a reader meets them: a pointer over the player, and,
// where the player still hides its controls until playback has started (video.js's default
// skin), a press on its play button — after which it is paused and rewound, so what is read
// is the player at the start. Resolves to how the controls were shown: null when they
// already were, 'hover' or 'play'.
async function revealPlayer(root, spec) {
  await settle(root, spec);
  // Listed controls that are found but neither shown nor reachable through a menu.
  const hidden = () => spec.listed.filter((kind) => {
    const hit = findControl(root, kind, spec);
    return hit && !describeControl(hit, root).visible;
  });
  const before = hidden().length;
  if (!before) return null;
  hover(root);
  if (await until(() => !hidden().length, 700)) return 'hover';
  const media = findMedia(root, spec);
  if (!media || !media.paused || media.currentTime > 0) return hidden().length < before ? 'hover' : null;
  const overlay = deepElements(root).find((el) => el.matches(OVERLAY_PLAY) && visible(el));
  if (overlay) overlay.click();
  else media.play().catch(() => {});
  await until(() => !media.paused, 3000);
  media.pause();
  media.currentTime = 0;
  await until(() => !media.seeking && media.currentTime === 0, 2000);
  hover(root);
  await until(() => !hidden().length, 700);
  return hidden().length < before ? 'play' : null;
}

function playerRoot(spec) {
  return queryAll(scopesOf(document, []), spec.root)[0] || null;
}

function findMedia(root, spec) {
  if (spec.media) return queryAll(scopesOf(document, []), spec.media)[0] || null;
  return deepElements(root).find((el) => el.localName === 'video' || el.localName === 'audio') || null;
}

function mediaState(m) {
  return {
    tag: m.localName,
    paused: m.paused,
    currentTime: m.currentTime,
    duration: isFinite(m.duration) ? m.duration : null,
    playbackRate: m.playbackRate,
    readyState: m.readyState,
    source: m.currentSrc ? String(m.currentSrc) : null,
  };
}

// Elements that open a player's settings menu (Plyr's Settings, Shaka's overflow menu, any
// button that says it opens a popup).
const MENU_OPENER = '[aria-haspopup="true"], [aria-haspopup="menu"], .shaka-overflow-menu-button, button[data-plyr="settings"]';

// The visible button that opens the menu a hidden control sits in, or null.
function menuOpener(root, el) {
  const openers = deepElements(root).filter((o) => o.matches(MENU_OPENER) && o !== el && !o.contains(el) && visible(o));
  // One that names the menu holding the control, else the player's only settings button.
  const named = openers.find((o) => {
    const id = o.getAttribute('aria-controls');
    const menu = id && o.ownerDocument.getElementById(id);
    return menu && menu.contains(el);
  });
  if (named) return named;
  // Without such a link, only a control that is itself a menu item or sits in a menu of the
  // player (not in a page's menu the player happens to sit in).
  const inMenu = el.closest('[role="menu"], [role="listbox"], [role^="menuitem"], [role="option"], [class*="menu"]');
  if (!inMenu || inMenu.contains(root)) return null;
  return openers.length === 1 ? openers[0] : openers.find((o) => o.matches('.shaka-overflow-menu-button, button[data-plyr="settings"]')) || null;
}

function describeControl(hit, root) {
  if (!hit) return { found: false };
  const el = hit.el;
  const shown = visible(el);
  // A control inside a closed menu is reached the way a reader reaches it: through the
  // menu's button. It counts as visible when that button is; its text is what the menu
  // will show.
  const opener = !shown && root ? menuOpener(root, el) : null;
  return {
    found: true,
    by: hit.by,
    element: describeElement(el),
    label: labelOf(el),
    text: opener ? rawText(el) : cleanText(el),
    visible: shown || opener !== null,
    menu: opener ? describeElement(opener) : null,
    enabled: enabled(hit.target),
  };
}

// The text of an element that is not shown (a menu item of a closed menu), with a space
// between the texts of its elements, as a menu shows them once open.
function rawText(el) {
  const parts = [];
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.parentElement || !skipped(n.parentElement)) parts.push(n.data);
  }
  return flat(parts.join(' ')).trim();
}

// A control's text as a reader sees it, or as its menu will show it.
function controlText(el) {
  return cleanText(el) || rawText(el);
}

// Reads a rate as players show it: `1.5x`, `1,5×`, and the word players use for 1×.
function shownRate(text) {
  const m = text.match(/(\d+(?:[.,]\d+)?)\s*[x×]/);
  if (m) return parseFloat(m[1].replace(',', '.'));
  return /\bnormale?\b/i.test(text) ? 1 : null;
}

// Ends what the page itself could still do after its last read: a navigation it has already
// started (window.stop() cancels it), every pending timer, interval and animation frame, and
// a scheduled meta refresh. A page that reloads or redirects itself on a timer would
// otherwise start a navigation that can supersede the next scenario's, and the next scenario
// would read this page. Timer ids count up from 1 in every browser.
function quiesce() {
  try { window.stop(); } catch (e) { /* nothing to stop */ }
  try {
    const lastTimer = setTimeout(() => {}, 0);
    for (let id = lastTimer; id > 0; id--) { clearTimeout(id); clearInterval(id); }
    const lastFrame = requestAnimationFrame(() => {});
    for (let id = lastFrame; id > 0; id--) cancelAnimationFrame(id);
    for (const meta of document.querySelectorAll('meta[http-equiv]')) {
      if (/^refresh$/i.test(meta.httpEquiv)) meta.remove();
    }
  } catch (e) { /* a page that broke these functions keeps its timers */ }
}

// Once a scenario is done with the page, its storage and the cookies its scripts can see
// go, so that the next scenario on this browser session starts clean. Reports whether cookies are left
// (set for another path or domain); the harness then deletes them over WebDriver.
function forgetState() {
  try { localStorage.clear(); } catch (e) { /* storage may be disabled */ }
  try { sessionStorage.clear(); } catch (e) { /* storage may be disabled */ }
  try {
    const past = 'expires=Thu, 01 Jan 1970 00:00:00 GMT';
    const paths = ['/'];
    location.pathname.split('/').filter(Boolean).reduce((p, part) => { paths.push(p + part); paths.push(p + part + '/'); return p + part + '/'; }, '/');
    const host = location.hostname;
    const domains = ['', 'domain=' + host, 'domain=.' + host];
    // Reading document.cookie asks the browser process; most pages have none to expire.
    const cookies = document.cookie;
    if (cookies.trim() === '') return false;
    for (const pair of cookies.split(';')) {
      const name = pair.split('=')[0].trim();
      if (!name) continue;
      for (const path of paths) for (const domain of domains) document.cookie = name + '=; ' + past + '; path=' + path + (domain ? '; ' + domain : '');
    }
    return document.cookie.trim() !== '';
  } catch (e) {
    return true;
  }
}
