/* The fan's artwork: ask for it, preview, downloads, and sharing (Web Share API, networks' share links, copy). */
'use strict';
(function () {
  const C = window.Chorus;
  const $ = C.$;
  const FORMATS = [['cover', 'formatCover'], ['facebook', 'formatFacebook'], ['x', 'formatX'], ['story', 'formatStory']];
  let campaign = null;
  let wanted = null;
  let artwork = null;
  let timer = null;
  C.art = {};

  C.art.init = function (c) {
    campaign = c;
    if (artwork) show(artwork);
  };

  const teamName = (id) => {
    const t = campaign.teams.find((x) => x.id === id);
    return t ? t.name : id;
  };
  const fill = (text, name, team) => String(text || '').replace(/\{name\}/g, name).replace(/\{team\}/g, teamName(team));

  C.art.make = async function (name, team) {
    wanted = { name, team };
    clearTimeout(timer);
    const section = $('art');
    const first = section.hidden;
    section.hidden = false;
    $('art-retry').hidden = true;
    C.say($('art-status'), 'artMaking');
    if (first) section.scrollIntoView({ block: 'start', behavior: 'smooth' });
    try {
      artwork = await C.api('POST', '/api/fan/artwork', { name, team, lang: C.lang });
      show(artwork);
      C.say($('art-status'), 'artReady', null, 'good');
    } catch (e) {
      console.warn('artwork:', e.status, e.problem);
      if (e instanceof C.ApiError && e.status === 0) C.say($('art-status'), 'offline', null, 'error');
      else if (e instanceof C.ApiError && (e.status === 400 || e.status === 422) && e.problem && e.problem.detail) C.sayFailure($('art-status'), e);
      else C.say($('art-status'), 'artUnavailable', null, 'error');
      $('art-retry').hidden = false;
      if (e instanceof C.ApiError && (e.status === 503 || e.status === 429) && e.retryAfter !== null) {
        timer = setTimeout(() => C.art.make(name, team), Math.min(e.retryAfter, 60) * 1000);
      }
    }
  };

  function extension(url) {
    const m = /\.(jpe?g|png|webp)(?:$|\?)/i.exec(url);
    return m ? m[1].toLowerCase() : 'jpg';
  }

  function show(art) {
    const images = art.images || {};
    const name = wanted ? wanted.name : '';
    const team = wanted ? wanted.team : '';
    const cover = images.cover;
    const img = $('art-img');
    if (cover) {
      img.src = cover.url;
      img.width = cover.width;
      img.height = cover.height;
    }
    img.alt = fill(campaign.texts.artworkAlt, name, team);
    $('art-downloads').replaceChildren(...FORMATS.filter(([id]) => images[id]).map(([id, key]) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.className = 'btn';
      a.href = images[id].url;
      a.download = 'chorus-' + id + '.' + extension(images[id].url);
      const size = document.createElement('span');
      size.className = 'dim';
      size.dir = 'ltr';
      size.textContent = images[id].width + '×' + images[id].height;
      a.append(C.t(key), size);
      li.append(a);
      return li;
    }));
    const url = art.shareUrl;
    const title = fill(campaign.texts.shareTitle, name, team);
    const enc = encodeURIComponent;
    $('share-fb').href = 'https://www.facebook.com/sharer/sharer.php?u=' + enc(url);
    $('share-x').href = 'https://x.com/intent/tweet?text=' + enc(title) + '&url=' + enc(url);
    $('share-wa').href = 'https://wa.me/?text=' + enc(title + ' ' + url);
    ['share-fb', 'share-x', 'share-wa'].forEach((id) => $(id).setAttribute('aria-label', C.t('shareOn', { network: $(id).textContent })));
    $('share-link').value = url;
    $('share-native').hidden = typeof navigator.share !== 'function';
    $('art-result').hidden = false;
  }

  async function shareNative() {
    const name = wanted ? wanted.name : '';
    const team = wanted ? wanted.team : '';
    try {
      await navigator.share({ title: fill(campaign.texts.shareTitle, name, team), text: campaign.texts.shareDescription, url: artwork.shareUrl });
    } catch (e) {
      if (e.name !== 'AbortError') {
        console.warn('share:', e.name);
        C.say($('copy-status'), 'shareFailed', null, 'error');
      }
    }
  }

  async function copyLink() {
    const input = $('share-link');
    try {
      await navigator.clipboard.writeText(input.value);
      return C.say($('copy-status'), 'copied', null, 'good');
    } catch (e) {
      console.warn('clipboard API:', e.name);
    }
    input.focus();
    input.select();
    const ok = document.execCommand && document.execCommand('copy');
    C.say($('copy-status'), ok ? 'copied' : 'copyManual', null, ok ? 'good' : '');
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('art-retry').addEventListener('click', () => wanted && C.art.make(wanted.name, wanted.team));
    $('share-native').addEventListener('click', shareNative);
    $('copy-link').addEventListener('click', copyLink);
  });
})();
