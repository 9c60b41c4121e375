/* The page reports its own failures to POST /api/client-errors, so a spike of page errors shows in the metrics
   like a spike of server errors. Sampled by fan: the pages of fans whose random id starts with 0-7 (half of
   them) report, at most three reports per page view and each message once; nothing personal is sent (the
   server strips addresses, ids and queries again). A failed report is only noted in the console: reporting
   must never become an error of its own. */
'use strict';
(function () {
  const MAX_PER_VIEW = 3;
  const sent = new Set();
  let id = '';
  try {
    id = window.localStorage.getItem('chorus.fanId') || '';
  } catch (e) {
    console.warn('error reports: no localStorage, this page does not report', e.name);
  }
  const sampled = /^[0-7]/.test(id);

  function clip(value, n) {
    return String(value || '').slice(0, n);
  }

  function report(kind, message, source, line, column) {
    if (!sampled || sent.size >= MAX_PER_VIEW) return;
    const key = kind + '|' + message + '|' + source;
    if (sent.has(key)) return;
    sent.add(key);
    const body = { kind, message: clip(message, 500), source: clip(source, 500) };
    if (Number.isInteger(line) && line >= 0) body.line = line;
    if (Number.isInteger(column) && column >= 0) body.column = column;
    const lang = document.documentElement.lang;
    if (/^[a-z]{2}$/.test(lang)) body.lang = lang;
    fetch('/api/client-errors', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      credentials: 'omit', keepalive: true }).catch((e) => console.warn('error report not sent:', e.message));
  }

  window.addEventListener('error', (e) => {
    const el = e.target;
    if (el && el !== window && el.tagName) {
      // an asset that did not load (capture phase sees img, script, link and media errors)
      report(el.tagName === 'AUDIO' || el.tagName === 'VIDEO' ? 'media' : 'resource', el.tagName.toLowerCase() + ' failed to load',
        el.currentSrc || el.src || el.href || '', 0, 0);
      return;
    }
    report('error', e.message, e.filename, e.lineno, e.colno);
  }, true);

  window.addEventListener('unhandledrejection', (e) => {
    const r = e.reason;
    report('rejection', r && r.message ? (r.name || 'Error') + ': ' + r.message : String(r), '', 0, 0);
  });
})();
