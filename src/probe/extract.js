// The extraction script: one WebDriver `execute_async` call per scenario that waits for the
// page to be ready and then reads every region. Everything scenario-specific (selectors,
// texts, timings) arrives in `arguments[0]`; nothing from a scenario is ever pasted into
// this source.
//
// Text follows what a reader sees, close to `innerText`: hidden elements are left out,
// block boxes start new lines, paragraphs are separated by a blank line; unlike
// `innerText`, open shadow roots and same-origin iframes are read too.
const config = arguments[0];
const done = arguments[arguments.length - 1];
const started = performance.now();

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK']);

// Every tree a selector should search: the document, open shadow roots, same-origin iframes.
function scopesOf(root, out) {
  out.push(root);
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
    if (node.localName === 'slot') {
      const assigned = node.assignedNodes({ flatten: true });
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
    if (node.nodeType !== 1 || SKIP.has(node.tagName) || ignored.has(node)) return;
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

function extractRegions(scopes) {
  const ignored = new Set();
  for (const sel of config.ignore) {
    for (const el of queryAll(scopes, sel)) ignored.add(el);
  }
  return config.regions.map((region) => {
    try {
      const els = queryAll(scopes, region.selector);
      return { name: region.name, count: els.length, text: els.map((el) => textOf(el, ignored)).join('\n\n'), error: null };
    } catch (e) {
      return { name: region.name, count: 0, text: '', error: String(e && e.message || e) };
    }
  });
}

const ready = config.ready;
let lastText = null;
let lastChange = started;

function pendingConditions(now) {
  const pending = [];
  const scopes = scopesOf(document, []);
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

function finish(pending) {
  const regions = extractRegions(scopesOf(document, []));
  done({
    ready: pending.length === 0,
    pending,
    waitedMs: Math.round(performance.now() - started),
    url: String(location.href),
    regions,
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
    finish(pending);
  } else {
    setTimeout(tick, ready.pollMs);
  }
}

tick();
