/* Privacy on the fan page: footer links to the notice and terms in the page's language, "download my data"
   (GET /api/fan/export, a ZIP), and asking for another name when the console rejected the fan's one. */
'use strict';
(function () {
  const C = window.Chorus;
  const $ = C.$;

  /** The latest artwork withdrawn (GET /api/fan) or an artwork call answered name-rejected: ask for another name. */
  function nameRejected(on) {
    const box = $('name-rejected');
    box.hidden = !on;
    if (on) {
      C.say(box, 'nameRejected', null, 'error');
      $('name').setAttribute('aria-invalid', 'true');
    } else {
      C.say(box);
      $('name').removeAttribute('aria-invalid');
    }
  }
  C.privacy = { nameRejected };

  // every API call passes by here: the fan data and artwork answers tell whether the name was rejected
  const api = C.api;
  C.api = async function (method, path, body, auth, renewed) {
    try {
      const result = await api.call(C, method, path, body, auth, renewed);
      if (method === 'GET' && path === '/api/fan' && result && Array.isArray(result.artworks)) {
        nameRejected(result.artworks.length > 0 && result.artworks[0].withdrawn === true);
      }
      if (method === 'POST' && path === '/api/fan/artwork') nameRejected(false);
      return result;
    } catch (e) {
      if (e instanceof C.ApiError && e.status === 422 && /name-rejected$/.test(e.type)) nameRejected(true);
      throw e;
    }
  };

  function links() {
    const q = '?lang=' + encodeURIComponent(C.lang);
    $('privacy-link').href = '/privacy' + q;
    $('terms-link').href = '/terms' + q;
  }

  async function download() {
    const status = $('export-status');
    const button = $('export-data');
    button.disabled = true;
    C.say(status, 'exportMaking');
    try {
      const res = await fetch('/api/fan/export', { headers: { Authorization: 'Bearer ' + C.fanId() }, credentials: 'omit', cache: 'no-store' });
      if (res.status === 401 || res.status === 410) return C.say(status, 'exportNothing');
      if (!res.ok) return C.say(status, 'serverError', null, 'error');
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = 'my-chorus-data.zip';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      C.say(status, 'exportReady', null, 'good');
    } catch (e) {
      console.warn('export:', e);
      C.say(status, 'offline', null, 'error');
    } finally {
      button.disabled = false;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    links();
    new MutationObserver(links).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    $('export-data').addEventListener('click', download);
  });
})();
