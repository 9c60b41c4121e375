/* Chorus "hear yourself": once a moderator approves the fan's take, its 15-second preview over the backing
   track (rendered once on the server) plays on the page. Gone again when the take is rejected or erased. */
(function () {
  'use strict';
  const C = window.Chorus;

  async function show() {
    let fan;
    try {
      fan = await C.api('GET', '/api/fan');
    } catch (e) {
      console.warn('no preview to play:', e.status);
      return;
    }
    // newest take first: the newest approved one with a preview
    const take = fan && Array.isArray(fan.recordings) ? fan.recordings.find((r) => r.previewUrl) : null;
    const box = document.getElementById('voice');
    const audio = document.getElementById('voice-audio');
    if (!take) {
      box.hidden = true;
      audio.removeAttribute('src');
      return;
    }
    audio.src = take.previewUrl;
    box.hidden = false;
  }

  document.addEventListener('DOMContentLoaded', () => {
    if (document.body.dataset.ready === 'true') {
      show();
      return;
    }
    new MutationObserver((changes, observer) => {
      if (document.body.dataset.ready !== 'true') return;
      observer.disconnect();
      show();
    }).observe(document.body, { attributes: true, attributeFilter: ['data-ready'] });
  });
})();
