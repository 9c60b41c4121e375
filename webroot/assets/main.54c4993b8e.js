/* Start-up: pick the language (kept choice, else GET /api/locale), load texts and the campaign, wire the switcher. */
'use strict';
(function () {
  const C = window.Chorus;
  const $ = C.$;
  let campaign = null;

  /** The language a link names (?lang=xx), else the fan's kept choice, else the one the server filled the page in. */
  async function firstLanguage() {
    const asked = new URLSearchParams(location.search).get('lang');
    if (asked && C.LANGUAGES.includes(asked)) return asked;
    const saved = C.savedLanguage();
    if (saved && C.LANGUAGES.includes(saved)) return saved;
    const served = document.documentElement.lang;
    if (document.querySelector('meta[name=description]') && C.LANGUAGES.includes(served)) return served;
    try {
      const locale = await C.api('GET', '/api/locale', undefined, false);
      if (Array.isArray(locale.languages) && locale.languages.length) C.LANGUAGES = locale.languages;
      if (C.LANGUAGES.includes(locale.lang)) return locale.lang;
    } catch (e) {
      console.warn('locale:', e.status);
    }
    const nav = String(navigator.language || 'en').slice(0, 2).toLowerCase();
    return C.LANGUAGES.includes(nav) ? nav : 'en';
  }

  async function setLanguage(lang) {
    const [c] = await Promise.all([C.api('GET', '/api/campaign?lang=' + encodeURIComponent(lang), undefined, false), C.loadLanguage(lang)]);
    campaign = c;
    $('lang-select').value = lang;
    document.title = c.texts.title;
    $('title').textContent = c.texts.title;
    $('tagline').textContent = c.texts.tagline;
    $('artist').textContent = c.artist.name;
    const description = document.querySelector('meta[name=description]');
    if (description) description.content = c.texts.tagline;
    const art = $('key-art-media');
    if (art && c.keyArt) art.setAttribute(art.tagName === 'IMG' ? 'alt' : 'aria-label', c.keyArt.alt);
    C.sing.init(c);
    C.join.init(c);
    C.art.init(c);
    C.preview.init(c);
  }

  async function boot() {
    $('page-retry').hidden = true;
    try {
      await setLanguage(await firstLanguage());
      C.say($('page-status'));
      $('rec-start').disabled = false;
      $('join-submit').disabled = false;
      document.body.dataset.ready = 'true';
    } catch (e) {
      console.error('the page did not load:', e);
      if (!C.hasTexts()) await C.loadLanguage('en').catch((x) => console.error('no texts at all:', x));
      if (C.hasTexts()) C.say($('page-status'), e instanceof C.ApiError && e.status === 0 ? 'offline' : 'loadFailed', null, 'error');
      else $('page-status').textContent = 'The page could not load. Check your connection and try again.';
      $('page-retry').hidden = false;
      return;
    }
    try {
      const fan = await C.api('GET', '/api/fan');
      if (fan && fan.subscription) C.join.prefill(fan.subscription);
      if (fan && Array.isArray(fan.recordings) && fan.recordings.some((r) => r.status === 'complete')) {
        C.say($('send-status'), 'takeOnFile', null, 'good');
      }
    } catch (e) {
      console.warn('no earlier visit found:', e.status);
    }
  }

  async function switchLanguage() {
    const sel = $('lang-select');
    const previous = C.lang;
    sel.disabled = true;
    try {
      await setLanguage(sel.value);
      // a reload (or a shared link) asks the server for the page in this language, already filled in
      const url = new URL(location.href);
      url.searchParams.set('lang', sel.value);
      history.replaceState(history.state, '', url);
    } catch (e) {
      console.error('language switch failed:', e);
      sel.value = previous;
      C.sayFailure($('page-status'), e);
    } finally {
      sel.disabled = false;
      sel.focus();
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('lang-select').addEventListener('change', switchLanguage);
    $('page-retry').addEventListener('click', boot);
    boot();
  });
})();
