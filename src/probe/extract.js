// The extraction script: one WebDriver `execute_async` call per scenario that waits for the
// page to be ready and then reads every region and widget. It runs after dom.js.
const config = arguments[0];
const done = arguments[arguments.length - 1];
const started = performance.now();
// Still the previous scenario's document (a dialog can end a navigation command early):
// say so at once, and the harness waits for the new one.
if (window.__harnessRead) {
  done({ stale: true });
  return;
}

function extractRegions(scopes) {
  const ignored = new Set();
  for (const sel of config.ignore) {
    for (const el of queryAll(scopes, sel)) ignored.add(el);
  }
  // The browser's own innerText gives the same text as textOf, much faster, for an element
  // in the top document that holds no shadow host, frame or ignored element (innerText does
  // not enter those) and is rendered (innerText of an unrendered element is its raw text).
  const frames = [];
  for (const scope of scopes) {
    if (scope.host) frames.push(scope.host);
    else if (scope !== document && scope.defaultView && scope.defaultView.frameElement) frames.push(scope.defaultView.frameElement);
  }
  const text = (el, left) => {
    // An element inside a hidden ancestor (a lightbox with `hidden`, a closed dialog) shows
    // a reader nothing, whatever it holds.
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility()
      && el.ownerDocument.defaultView.getComputedStyle(el).display !== 'contents') return '';
    const special = frames.concat([...left]);
    const plain = el.ownerDocument === document && el.getRootNode() === document
      && !special.some((s) => el === s || el.contains(s))
      && typeof el.checkVisibility === 'function' && el.checkVisibility();
    return plain ? el.innerText : textOf(el, left);
  };
  return config.regions.map((region) => {
    try {
      // What the scenario leaves out of every region, and of this one only.
      let left = ignored;
      if (region.ignore.length) {
        left = new Set(ignored);
        for (const sel of region.ignore) for (const el of queryAll(scopes, sel)) left.add(el);
      }
      const els = queryAll(scopes, region.selector);
      return { name: region.name, count: els.length, text: els.map((el) => text(el, left)).join('\n\n'), error: null };
    } catch (e) {
      return { name: region.name, count: 0, text: '', error: String(e && e.message || e) };
    }
  });
}

const ready = config.ready;
let lastText = null;
let lastChange = started;
// With `scroll`: not yet scrolled through the page.
let scrolling = ready.scroll;
// With `consent`: the button clicked (then waited for until it is gone) and what was done.
const consent = ready.consent ? { clicked: null, report: null } : null;

// Whether a clicked button is still before the reader: its frame may have been removed with
// the dialog, leaving a document without a window.
function stillShown(el) {
  try {
    const view = el.ownerDocument.defaultView;
    if (!view || !el.isConnected) return false;
    if (view !== window && (!view.frameElement || !view.frameElement.isConnected)) return false;
    return visible(el);
  } catch (e) {
    return false;
  }
}

function clickables(scopes) {
  return queryAll(scopes, 'button, [role="button"], a, input[type="button"], input[type="submit"]')
    .filter(visible);
}

// Finds the consent dialog's button (the scenario's selector, the known platforms' buttons,
// then the known wordings, through same-site frames and shadow roots), clicks it, and waits
// until it is gone. Returns what is still pending, or null once the dialog is passed.
function consentStep(scopes) {
  const c = ready.consent;
  if (consent.clicked) {
    return stillShown(consent.clicked)
      ? { kind: 'consent', value: 'the dialog stayed open after it was ' + consent.report }
      : null;
  }
  let button = null;
  let how = null;
  for (const sel of c.selectors) {
    const hit = queryAll(scopes, sel).find(visible);
    if (hit) { button = hit; how = '`' + sel + '`'; break; }
  }
  if (!button) {
    const candidates = clickables(scopes);
    for (const w of c.wordings) {
      const want = flat(w).toLowerCase();
      const hit = candidates.find((el) => flat(cleanText(el) || el.value || '').toLowerCase() === want);
      if (hit) { button = hit; how = 'the button `' + flat(cleanText(hit) || hit.value) + '`'; break; }
    }
  }
  if (!button) {
    const seen = clickables(scopes).map((el) => flat(cleanText(el) || el.value || '')).filter(Boolean).slice(0, 8);
    const foreign = Array.from(document.querySelectorAll('iframe')).filter((f) => {
      try { return !f.contentDocument; } catch (e) { return true; }
    }).map((f) => f.src).filter(Boolean).slice(0, 3);
    let value = c.mode === 'click' ? 'nothing matches `' + c.selectors[0] + '`' : 'no button to ' + c.mode + ' was found';
    value += seen.length ? '; buttons seen: ' + seen.map((t) => '`' + t + '`').join(', ') : '; no buttons seen';
    if (foreign.length) value += '; frames of other sites, which a page script cannot enter: ' + foreign.join(', ');
    return { kind: 'consent', value };
  }
  const where = button.ownerDocument !== document ? ' in a frame'
    : button.getRootNode() !== document ? ' in a shadow root' : '';
  const verb = { accept: 'accepted', reject: 'rejected', click: 'clicked' }[c.mode];
  consent.report = verb + ' with ' + how + where;
  consent.clicked = button;
  button.click();
  return { kind: 'consent', value: 'the dialog is closing after it was ' + consent.report };
}

// One step down the page, as a reader scrolls, so that IntersectionObservers fire and lazy
// widgets are built; at the bottom, back to the top. Returns whether steps are left.
function scrollStep() {
  const page = document.scrollingElement || document.documentElement;
  const bottom = page.scrollHeight - window.innerHeight;
  if (window.scrollY < bottom - 1) {
    window.scrollBy(0, Math.max(200, Math.floor(window.innerHeight * 0.8)));
    return true;
  }
  window.scrollTo(0, 0);
  return false;
}

// The media elements already seen with their metadata, and whether one was seen so in this
// turn of the readiness loop.
const mediaSettled = new WeakSet();
let mediaJustReady = false;

// The page is parsed when this runs (the "eager" page load strategy). What text and layout
// depend on is waited for here: stylesheets and web fonts from any host, and the page's own
// scripts, images, frames and media metadata. Scripts, images, frames and media of other
// hosts (ads, trackers, embeds) are not waited for. Returns what is still loading.
function stillLoading() {
  // The page's own: from its host, or carried in it (a `data:` or `blob:` image, which is
  // decoded after the page loads and has no size before).
  const own = (url) => {
    if (/^(data|blob):/i.test(String(url))) return true;
    try { return new URL(url, location.href).host === location.host; } catch (e) { return false; }
  };
  const waiting = [];
  // The page's own media, until it has said what it is: players show its duration.
  for (const media of document.querySelectorAll('video, audio')) {
    const src = media.currentSrc || media.src;
    if (!src || !own(src) || media.preload === 'none' || media.networkState === 3 || media.error) continue;
    if (media.readyState < 1) {
      waiting.push(src);
    } else if (!mediaSettled.has(media)) {
      // `readyState` changes before the `loadedmetadata` and `durationchange` events are
      // dispatched, and a player shows the duration in their handlers: a medium seen ready
      // for the first time is given a frame and a task, so those events have run.
      mediaSettled.add(media);
      mediaJustReady = true;
      waiting.push(src + ' (its metadata events)');
    }
  }
  if (document.readyState === 'complete') return waiting;
  const fetched = new Set(performance.getEntriesByType('resource').map((e) => e.name));
  for (const link of document.querySelectorAll('link[rel~="stylesheet" i][href]')) {
    if (/\balternate\b/i.test(link.rel) || link.disabled) continue;
    if (!link.sheet && !fetched.has(link.href)) waiting.push(link.href);
  }
  for (const script of document.querySelectorAll('script[src]:not([nomodule])')) {
    if (own(script.src) && !fetched.has(script.src)) waiting.push(script.src);
  }
  for (const img of document.images) {
    if (img.src && img.loading !== 'lazy' && own(img.src) && !img.complete) waiting.push(img.src);
  }
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.src && !own(frame.src)) continue;
    try {
      const doc = frame.contentDocument;
      if (doc && doc.readyState !== 'complete') waiting.push(frame.src || 'a frame');
    } catch (e) { /* another origin's frame: not waited for */ }
  }
  if (document.fonts && document.fonts.status === 'loading') waiting.push('web fonts');
  return waiting;
}

function pendingConditions(now) {
  const pending = [];
  const loading = stillLoading();
  if (loading.length) {
    const more = loading.length > 1 ? ' and ' + (loading.length - 1) + ' more' : '';
    pending.push({ kind: 'loading', value: loading[0] + more });
    return pending;
  }
  if (consent) {
    const step = consentStep(scopesOf(document, []));
    if (step) {
      pending.push(step);
      return pending;
    }
  }
  if (scrolling) {
    scrolling = scrollStep();
    if (scrolling) {
      pending.push({ kind: 'scroll', value: String(Math.round(window.scrollY)) });
      return pending;
    }
  }
  const scopes = scopesOf(document, []);
  for (const root of ready.roots) {
    if (queryAll(scopes, root.selector).length === 0) {
      pending.push({ kind: 'widget', value: root.name + ' `' + root.selector + '`' });
    }
  }
  if (ready.selector !== null && queryAll(scopes, ready.selector).length === 0) {
    pending.push({ kind: 'selector', value: ready.selector });
  }
  if (ready.textPresent.length || ready.textAbsent.length) {
    const page = flat(document.body ? textOf(document.body, new Set()) : '');
    for (const t of ready.textPresent) if (!page.includes(flat(t))) pending.push({ kind: 'text_present', value: t });
    for (const t of ready.textAbsent) if (page.includes(flat(t))) pending.push({ kind: 'text_absent', value: t });
  }
  if (ready.stableMs !== null) {
    const text = JSON.stringify(extractRegions(scopes).map((r) => r.text));
    if (text !== lastText) { lastText = text; lastChange = now; }
    if (now - lastChange < ready.stableMs) pending.push({ kind: 'stable', value: String(ready.stableMs) });
  }
  return pending;
}

function observePlayer(spec, revealed) {
  const root = playerRoot(spec);
  if (!root) return { found: false, controls: {}, media: null };
  const controls = {};
  for (const kind of spec.kinds) controls[kind] = describeControl(findControl(root, kind, spec), root);
  const media = findMedia(root, spec);
  const matches = queryAll(scopesOf(document, []), spec.root).length;
  return { found: true, element: describeElement(root), matches, controls, media: media ? mediaState(media) : null, revealed };
}

const TEXT_FIELDS = 'textarea, input:not([type]), input[type="text"], input[type="email"], input[type="search"], [contenteditable=""], [contenteditable="true"]';
const SUBMITS = 'button:not([type]), button[type="submit"], input[type="submit"]';

function links(root, ignored) {
  return deepElements(root)
    .filter((el) => el.localName === 'a' && el.hasAttribute('href') && !isIgnored(el, ignored))
    .map((a) => ({ text: cleanText(a), href: a.getAttribute('href'), visible: visible(a) }));
}

// Publication dates as the page states them, strongest source first.
function publicationDates(spec) {
  const dates = [];
  if (spec.publishedSelector) {
    const el = queryAll(scopesOf(document, []), spec.publishedSelector)[0];
    dates.push({ source: 'visible', value: el ? cleanText(el) : null });
  }
  const meta = document.querySelector('meta[property="article:published_time"], meta[name="article:published_time"]');
  if (meta) dates.push({ source: 'meta', value: meta.getAttribute('content') });
  const findPublished = (node) => {
    if (!node || typeof node !== 'object') return null;
    if (Array.isArray(node)) { for (const n of node) { const d = findPublished(n); if (d) return d; } return null; }
    if (typeof node.datePublished === 'string') return node.datePublished;
    return findPublished(node['@graph']);
  };
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
    let value = null;
    try { value = findPublished(JSON.parse(s.textContent)); } catch (e) { value = null; }
    if (value) { dates.push({ source: 'json-ld', value }); break; }
  }
  const time = document.querySelector('article time[datetime]') || document.querySelector('time[datetime]');
  if (time) dates.push({ source: 'time', value: time.getAttribute('datetime') });
  return dates;
}

// A field a reader could write a comment into: not a login box's (an e-mail or password
// field, or any field of a form that asks for a password), not inside a closed dialog or
// anything hidden from readers, not ignored by the scenario.
function commentField(el, ignored) {
  if (isIgnored(el, ignored)) return false;
  if (el.matches('input[type="email"], input[type="password"]')) return false;
  const form = el.closest('form');
  if (form && form.querySelector('input[type="password"]')) return false;
  return !inOtherDialog(el);
}

// Words of dialogs that hold a field but are no comment form: reporting or flagging a
// comment, logging in, registering.
const OTHER_DIALOG = /(^|[^\p{L}])(melden|meldegrund|meldung|missbrauch|report(ing)?|flag(ged)?|abuse|anmelden|einloggen|login|log in|sign in|sign up|registrieren|register|passwor[dt])(?![\p{L}])/iu;

// Whether a field sits in a modal dialog (`<dialog>`, `role="dialog"`, `aria-modal`, or
// the common `.modal`/`.popup` shapes of CSS frameworks) whose title, labels or the field's
// own name say it is for something else: a "Kommentar melden" dialog's "Meldegrund".
function inOtherDialog(el) {
  const box = el.closest('dialog, [role="dialog"], [role="alertdialog"], [aria-modal="true"], .modal, .modal-dialog, .modal-card, .popup, .lightbox');
  if (!box) return false;
  const words = [givenName(box), givenName(el), el.getAttribute('name'), el.getAttribute('placeholder'), el.id];
  for (const label of el.labels || []) words.push(label.textContent);
  for (const head of box.querySelectorAll(HEADING + ', legend, header, [class*="title"]')) words.push(head.textContent);
  return OTHER_DIALOG.test(flat(words.filter(Boolean).join(' | ')));
}

function shownToReaders(el) {
  return visible(el) && !el.closest('[aria-hidden="true"], dialog:not([open]), [hidden], [inert]');
}

function observeComments(spec, revealed, ignored) {
  const roots = queryAll(scopesOf(document, []), spec.root);
  const root = roots[0];
  const dates = publicationDates(spec);
  if (!root) return { found: false, fields: [], submits: [], text: '', links: [], dates, around: [] };
  let all = deepElements(root).filter((el) => !isIgnored(el, ignored));
  if (spec.form) {
    const forms = queryAll(scopesOf(root, []), spec.form);
    all = all.filter((el) => forms.some((f) => f === el || f.contains(el)));
  }
  // Up to two elements around the section, for a lockout message placed beside it.
  const around = [];
  for (let up = root.parentElement; up && around.length < 2 && up !== document.body && up !== document.documentElement; up = up.parentElement) {
    around.push({ element: describeElement(up), text: textOf(up, ignored).slice(0, 20000) });
  }
  return {
    found: true,
    element: describeElement(root),
    matches: roots.length,
    fields: all.filter((el) => el.matches(TEXT_FIELDS) && commentField(el, ignored)).map((el) => ({
      element: describeElement(el),
      visible: shownToReaders(el),
      enabled: enabled(el) && !el.readOnly && el.getAttribute('contenteditable') !== 'false',
    })),
    submits: all.filter((el) => el.matches(SUBMITS)).map((el) => ({
      element: describeElement(el), text: labelOf(el), visible: shownToReaders(el), enabled: enabled(el),
    })),
    text: textOf(root, ignored),
    links: links(root, ignored),
    dates,
    around,
  };
}

// Where a widget's cards are: the widget itself, or the one wrapper inside it that holds
// all its links (a `<ul>` under a heading), and so on down.
function cardContainer(root) {
  let container = root;
  for (;;) {
    const holders = linkHolders(container);
    if (holders.length !== 1 || holders[0].matches('a[href]')) return container;
    container = holders[0];
  }
}

function linkHolders(el) {
  return Array.from(el.children).filter((c) => c.matches('a[href]') || c.querySelector('a[href]'));
}

// Whether an element is a list of cards rather than one card: two or more of its children
// are alike (the same tag and classes: a row of `.post`s, the `<li>`s of a list) and each
// leads, by a link with words, somewhere none of the others does. A card's own parts (an
// image block, a category line, a title) are not alike, or have no words of their own.
function isCardList(el) {
  const items = Array.from(el.children).filter((c) => !c.matches('a[href]') && c.querySelector('a[href]'));
  if (items.length < 2) return false;
  const kind = (c) => c.localName + '.' + Array.from(c.classList).sort().join('.');
  const byKind = new Map();
  for (const c of items) byKind.set(kind(c), (byKind.get(kind(c)) || []).concat([c]));
  const alike = [...byKind.values()].sort((a, b) => b.length - a.length)[0];
  if (alike.length < 2) return false;
  const worded = alike.map((c) => new Set(Array.from(c.querySelectorAll('a[href]'))
    .filter((a) => seenText(a) || givenName(a)).map((a) => a.href.split('#')[0])));
  const own = worded.filter((targets, i) => [...targets].some((t) => worded.every((o, j) => j === i || !o.has(t))));
  return own.length >= 2;
}

// The cards of a story widget: its container's children that hold links, each taken apart
// into its own cards when it is a list of them (rows of teasers, several headed lists).
function storyCards(root) {
  const out = [];
  const visit = (el) => {
    if (!el.matches('a[href]') && isCardList(el)) for (const c of linkHolders(el)) visit(c);
    else out.push(el);
  };
  for (const c of linkHolders(cardContainer(root))) visit(c);
  return out;
}

// The story widget's links as a reader meets them, each with the card it sits in: an element
// matching `item`, else the card found by `storyCards`. Every element `root` matches is read
// (sites that give every card, or every list, a root of its own). A link's words are its
// text as shown (screen-reader-only text left out), else the name it is given (aria-label,
// aria-labelledby, title), else an image's alt, else its card's heading.
function observeStories(spec, revealed, ignored) {
  const roots = queryAll(scopesOf(document, []), spec.root)
    .filter((r, i, all) => !all.some((o, j) => j !== i && o.contains(r) && o !== r));
  if (!roots.length) return { found: false, links: [] };
  const cards = new Map();
  const headings = new Map();
  const cardElements = new Set();
  if (!spec.item) {
    for (const root of roots) for (const card of storyCards(root)) cardElements.add(card);
  }
  const cardOf = (a, root) => {
    let card = null;
    if (spec.item) {
      card = a.closest(spec.item);
      if (card && !(root.contains(card) || card.contains(root))) card = null;
    } else {
      for (let up = a; up && up !== root; up = up.parentElement) {
        if (cardElements.has(up)) { card = up; break; }
      }
      if (!card) card = a;
    }
    if (!card) return null;
    if (!cards.has(card)) {
      cards.set(card, cards.size);
      const h = card.matches(HEADING) ? card : card.querySelector(HEADING);
      headings.set(card, h ? seenText(h) || null : null);
    }
    return card;
  };
  const out = [];
  for (const root of roots) {
    for (const a of deepElements(root)) {
      if (a.localName !== 'a' || !a.hasAttribute('href') || isIgnored(a, ignored)) continue;
      const text = seenText(a);
      const img = text ? null : a.querySelector('img[alt]');
      const card = cardOf(a, root);
      out.push({
        text,
        label: text ? null : givenName(a) || null,
        href: a.getAttribute('href'),
        visible: visible(a),
        alt: img ? flat(img.getAttribute('alt')).trim() : null,
        heading: !!(a.closest(HEADING) || a.querySelector(HEADING)),
        cardHeading: card ? headings.get(card) : null,
        card: card ? cards.get(card) : null,
      });
    }
  }
  return { found: true, element: describeElement(roots[0]), matches: roots.length, links: out };
}

// Whether an element is, or sits inside, an element the scenario ignores.
function isIgnored(el, ignored) {
  for (let e = el; e; e = e.parentElement || (e.getRootNode().host || null)) {
    if (ignored.has(e)) return true;
  }
  return false;
}

function observeWidgets(revealed) {
  const w = config.widgets;
  // What the scenario ignores is left out of the widgets as well as the text.
  const ignored = new Set();
  for (const sel of config.ignore) for (const el of queryAll(scopesOf(document, []), sel)) ignored.add(el);
  const attempt = (f, spec) => {
    if (!spec) return null;
    try { return f(spec, revealed, ignored); } catch (e) { return { found: false, error: String(e && e.message || e) }; }
  };
  return {
    player: attempt(observePlayer, w.player),
    comments: attempt(observeComments, w.comments),
    stories: attempt(observeStories, w.stories),
  };
}

// What the browser's own error page names: the network error, its message and, where the
// browser says it, the URL that failed. Firefox puts the URL and error in the error page's
// address; Chromium shows the error code in the page's text (its load-time data, which
// names the failed URL, is read when a script can reach it).
function errorPage() {
  const here = String(location.href);
  // Read only on an error page: the whole body's text is not free on a long article.
  const message = () => (document.body ? flat(document.body.innerText).trim().slice(0, 200) : '');
  if (here.startsWith('about:neterror')) {
    const q = new URLSearchParams(here.split('?')[1] || '');
    return { url: q.get('u'), code: q.get('e'), message: message() };
  }
  if (!here.startsWith('chrome-error:')) return null;
  let data = '';
  try { data = JSON.stringify(window.loadTimeData && window.loadTimeData.data_); } catch (e) { data = ''; }
  const text = (data || '') + ' ' + (document.body ? document.body.innerText : '');
  const code = text.match(/\b(ERR_[A-Z0-9_]+)\b/);
  const url = (data || '').match(/"failedUrl":"((?:[^"\\]|\\.)*)"/);
  let failed = null;
  if (url) { try { failed = JSON.parse('"' + url[1] + '"'); } catch (e) { failed = url[1]; } }
  return { url: failed, code: code ? code[1] : null, message: message() };
}

// The boxes the layout section is made of: for each item (a region, a widget's root, an
// element the scenario adds), the union of its shown elements' boxes in CSS pixels from the
// top left of the page, and the window's size. Measured before any pointer or press.
function measureLayout() {
  if (!config.layout) return null;
  const scopes = scopesOf(document, []);
  const pageRect = (el) => {
    const r = el.getBoundingClientRect();
    let x = r.left, y = r.top;
    // An element in a same-origin frame: its frame's place on the page, too.
    for (let w = el.ownerDocument.defaultView; w && w.frameElement; w = w.parent) {
      const f = w.frameElement.getBoundingClientRect();
      x += f.left; y += f.top;
    }
    return { left: x + window.scrollX, top: y + window.scrollY, right: x + window.scrollX + r.width, bottom: y + window.scrollY + r.height };
  };
  const items = config.layout.items.map((item) => {
    let els = [];
    try { els = queryAll(scopes, item.selector); } catch (e) { els = []; }
    const shown = els.filter((el) => typeof el.checkVisibility !== 'function' || el.checkVisibility());
    let box = null;
    for (const el of shown) {
      const r = pageRect(el);
      box = box ? { left: Math.min(box.left, r.left), top: Math.min(box.top, r.top), right: Math.max(box.right, r.right), bottom: Math.max(box.bottom, r.bottom) } : r;
    }
    return {
      kind: item.kind,
      name: item.name,
      count: els.length,
      shown: shown.length,
      x: box ? box.left : 0,
      y: box ? box.top : 0,
      width: box ? box.right - box.left : 0,
      height: box ? box.bottom - box.top : 0,
    };
  });
  return { width: window.innerWidth, height: window.innerHeight, items };
}

// What about the page itself a reader of the result should know, because it changes what
// the page shows: its own files that failed to load (a saved copy often lacks its
// stylesheets and scripts), and a body hidden when read (an anti-flicker style whose
// removal script never ran).
function pageDiagnostics() {
  const failed = [];
  try {
    for (const e of performance.getEntriesByType('resource')) {
      if (typeof e.responseStatus !== 'number' || e.responseStatus < 400) continue;
      let url = null;
      try { url = new URL(e.name); } catch (err) { url = null; }
      if (!url || url.host !== location.host) continue;
      // The icon the browser asks for by itself, where the page names none, is not the page's.
      if (url.pathname === '/favicon.ico' && !document.querySelector('link[rel~="icon" i]')) continue;
      failed.push({ path: url.pathname + url.search, status: e.responseStatus });
    }
  } catch (e) { /* no resource timing */ }
  // A document whose scripts took its body away (an anti-copy script on a saved page).
  return { failedOwn: failed, bodyGone: !document.body, bodyHidden: bodyHidden() };
}

// How the body (or the root element) is hidden from a reader, and what hides it; null when
// it is shown.
function bodyHidden() {
  for (const el of [document.documentElement, document.body]) {
    if (!el) continue;
    const s = getComputedStyle(el);
    const how = s.display === 'none' ? 'display: none'
      : s.visibility === 'hidden' ? 'visibility: hidden'
      : Number(s.opacity) === 0 ? 'opacity: 0' : null;
    if (!how) continue;
    const property = how.split(':')[0];
    let by = 'a style sheet';
    if (el.style.getPropertyValue(property)) by = 'its style attribute';
    else if (Array.from(document.querySelectorAll('style')).some((st) => st.textContent.includes(property))) by = 'a style element';
    else if (el.hidden) by = 'its hidden attribute';
    return { element: el.localName, how, by };
  }
  return null;
}

async function finish(pending) {
  const readStarted = performance.now();
  // Regions first, as the page is without a pointer over it; then the player's controls as a
  // reader meets them.
  const regions = extractRegions(scopesOf(document, []));
  const layout = measureLayout();
  let revealed = null;
  const player = config.widgets.player;
  const playerAt = player && pending.length === 0 ? playerRoot(player) : null;
  if (playerAt) {
    try { revealed = await revealPlayer(playerAt, player); } catch (e) { revealed = null; }
  }
  const widgets = observeWidgets(revealed);
  const cookiesLeft = forgetState();
  if (config.last) quiesce();
  // Marks this document as read: a later wait can tell it from the next page's.
  window.__harnessRead = true;
  const now = new Date();
  // The HTTP status of the page itself, where the browser tells it (Navigation Timing).
  let status = null;
  try {
    const nav = performance.getEntriesByType('navigation')[0];
    if (nav && typeof nav.responseStatus === 'number' && nav.responseStatus > 0) status = nav.responseStatus;
  } catch (e) { status = null; }
  done({
    status,
    page: pageDiagnostics(),
    errorPage: errorPage(),
    cookiesLeft,
    widgets,
    ready: pending.length === 0,
    pending,
    waitedMs: Math.round(readStarted - started),
    readMs: Math.round((performance.now() - readStarted) * 10) / 10,
    url: String(location.href),
    regions,
    layout,
    consent: consent ? consent.report : null,
    // The reader's date, in the page's time zone: the lockout check's "today".
    today: [now.getFullYear(), String(now.getMonth() + 1).padStart(2, '0'), String(now.getDate()).padStart(2, '0')].join('-'),
  });
}

function tick() {
  const now = performance.now();
  let pending;
  try {
    pending = pendingConditions(now);
  } catch (e) {
    pending = [{ kind: 'error', value: String(e && e.message || e) }];
  }
  if (pending.length === 0 || now - started >= ready.timeoutMs) {
    finish(pending).catch((e) => done({ scriptError: String(e && e.message || e) }));
  } else if (mediaJustReady) {
    // Next turn after one frame and one task (or the usual pause, should no frame come).
    mediaJustReady = false;
    let fired = false;
    const next = () => { if (!fired) { fired = true; tick(); } };
    requestAnimationFrame(() => setTimeout(next, 0));
    setTimeout(next, ready.pollMs);
  } else {
    setTimeout(tick, ready.pollMs);
  }
}

tick();
