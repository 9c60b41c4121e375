/* Chorus core: fan id, API calls with problem JSON, translations. Shared as window.Chorus. */
'use strict';
(function () {
  const C = (window.Chorus = {});
  const FAN_KEY = 'chorus.fanId';
  const LANG_KEY = 'chorus.lang';
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  C.RTL = ['ar'];
  C.LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'pl', 'ru', 'tr', 'ar', 'ja', 'ko', 'zh'];

  C.$ = (id) => document.getElementById(id);

  function store(key, value) {
    try {
      if (value === undefined) return window.localStorage.getItem(key);
      window.localStorage.setItem(key, value);
    } catch (e) {
      console.warn('localStorage unavailable:', e.name); // private mode: the id lives for this visit only
    }
    return null;
  }
  C.store = store;

  function newUuid() {
    if (window.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  let fanId = null;
  C.fanId = function (renew) {
    if (!renew && fanId) return fanId;
    const kept = renew ? null : store(FAN_KEY);
    fanId = kept && UUID.test(kept) ? kept : newUuid();
    store(FAN_KEY, fanId);
    return fanId;
  };

  /** An API failure: status 0 means the network failed; problem is the RFC 9457 body when there is one. */
  class ApiError extends Error {
    constructor(status, problem, retryAfter) {
      super((problem && problem.title) || 'HTTP ' + status);
      this.status = status;
      this.problem = problem || null;
      this.retryAfter = retryAfter;
    }
    get type() {
      return (this.problem && this.problem.type) || '';
    }
  }
  C.ApiError = ApiError;

  C.retryAfter = function (header) {
    const n = Number(header);
    return Number.isFinite(n) && n >= 0 ? n : null;
  };

  /** JSON call; fan calls (auth) carry the bearer id. A dead id (401, or 410 fan-erased) is replaced once. */
  C.api = async function (method, path, body, auth = true, renewed = false) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth) headers.Authorization = 'Bearer ' + C.fanId();
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
    } catch (e) {
      throw new ApiError(0, null, null);
    }
    const json = /json/.test(res.headers.get('Content-Type') || '') ? await res.json().catch(() => null) : null;
    if (res.ok) return json;
    // a dead id: unknown (401) or erased (410 fan-erased); any other 410 (an expired upload) keeps the fan's id
    const erased = res.status === 410 && json && /fan-erased$/.test(json.type || '');
    if (auth && !renewed && (res.status === 401 || erased)) {
      C.fanId(true);
      return C.api(method, path, body, auth, true);
    }
    throw new ApiError(res.status, json, C.retryAfter(res.headers.get('Retry-After')));
  };

  C.sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /* ---------- translations ---------- */
  let dict = {};
  C.lang = 'en';
  C.t = function (key, vars) {
    let s = dict[key];
    if (s === undefined) {
      console.warn('missing translation', C.lang, key);
      s = key;
    }
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
    return s;
  };

  C.loadLanguage = async function (lang) {
    const res = await fetch('/i18n/' + lang + '.json', { credentials: 'omit', cache: 'no-cache' });
    if (!res.ok) throw new ApiError(res.status, null, null);
    dict = await res.json();
    C.lang = lang;
    store(LANG_KEY, lang);
    const root = document.documentElement;
    root.lang = lang;
    root.dir = dict.dir === 'rtl' || C.RTL.includes(lang) ? 'rtl' : 'ltr';
    C.applyTexts(document);
  };

  C.savedLanguage = () => store(LANG_KEY);
  C.hasTexts = () => Object.keys(dict).length > 0;

  /** Re-renders every translated element and every message shown with C.say. */
  C.applyTexts = function (root) {
    root.querySelectorAll('[data-i18n]').forEach((el) => {
      el.textContent = C.t(el.dataset.i18n);
    });
    root.querySelectorAll('[data-i18n-attr]').forEach((el) => {
      el.dataset.i18nAttr.split(';').forEach((pair) => {
        const [attr, key] = pair.split(':');
        el.setAttribute(attr, C.t(key));
      });
    });
    root.querySelectorAll('[data-msg]').forEach((el) => render(el));
  };

  function render(el) {
    const m = JSON.parse(el.dataset.msg);
    el.textContent = m.raw !== undefined ? m.raw : C.t(m.key, m.vars);
  }

  /** Shows a translated message (kept across language switches); tone: '', 'good' or 'error'. */
  C.say = function (el, key, vars, tone) {
    if (!key) {
      delete el.dataset.msg;
      el.textContent = '';
      el.classList.remove('good', 'error');
      return;
    }
    el.dataset.msg = JSON.stringify({ key, vars });
    el.classList.remove('good', 'error');
    if (tone) el.classList.add(tone);
    render(el);
  };

  /** Shows text that came from the server as is (the API's own problem detail). */
  C.sayRaw = function (el, text, tone) {
    el.dataset.msg = JSON.stringify({ raw: text });
    el.classList.remove('good', 'error');
    if (tone) el.classList.add(tone);
    render(el);
  };

  /** The message key for a failed call that no step knows better. */
  C.sayFailure = function (el, err) {
    if (!(err instanceof ApiError)) {
      console.error(err);
      return C.say(el, 'serverError', null, 'error');
    }
    if (err.status === 0) return C.say(el, 'offline', null, 'error');
    if (err.status === 429) return C.say(el, 'tooMany', { seconds: err.retryAfter || 30 }, 'error');
    if (err.status >= 500 || !err.problem || !err.problem.detail) return C.say(el, 'serverError', null, 'error');
    return C.sayRaw(el, err.problem.detail, 'error');
  };

  C.formatTime = function (ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  };
})();
