/* Sing along: karaoke lyrics on the backing track, microphone recording with a level meter, checks, review. */
'use strict';
(function () {
  const C = window.Chorus;
  const $ = C.$;
  const ALIASES = { 'audio/x-wav': 'audio/wav', 'audio/wave': 'audio/wav', 'audio/vnd.wave': 'audio/wav', 'audio/x-m4a': 'audio/mp4',
    'audio/m4a': 'audio/mp4', 'audio/aac': 'audio/mp4', 'audio/mp3': 'audio/mpeg', 'audio/opus': 'audio/ogg', 'video/webm': 'audio/webm' };
  const EXT = { webm: 'audio/webm', weba: 'audio/webm', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg', m4a: 'audio/mp4',
    mp4: 'audio/mp4', aac: 'audio/mp4', mp3: 'audio/mpeg', wav: 'audio/wav' };
  const QUIET_RMS = 0.01; // loudest 40 ms window below this: we could not hear the fan
  const S = (C.sing = { take: null, onTake: null });
  let campaign = null;
  let session = null;
  let current = -1;
  let takeUrl = null;

  const track = () => $('track');
  const status = () => $('rec-status');
  const base = (type) => {
    const b = String(type || '').split(';')[0].trim().toLowerCase();
    return ALIASES[b] || b;
  };
  const allowed = (type) => campaign.recording.types.includes(base(type));

  S.init = function (c) {
    campaign = c;
    if (session) return; // a language switch mid-take keeps the running lyrics
    const ol = $('lyrics');
    ol.replaceChildren(...c.lyrics.map((l) => {
      const li = document.createElement('li');
      li.textContent = l.text;
      li.dir = 'auto';
      return li;
    }));
    if (c.song && c.song.language) ol.lang = c.song.language;
    const url = new URL(c.backingTrack.url, location.href).href;
    if (track().src !== url) track().src = url;
    $('rec-time').textContent = '0:00 / ' + C.formatTime(c.recording.maxSeconds * 1000);
    if (recorderType() === null) showFallback('micUnsupported');
    else inApp();
  };

  /** In Instagram's, Facebook's, TikTok's... own browser recording often fails: say how to leave it, offer the file. */
  function inApp() {
    const app = C.recorder.inAppBrowser(navigator.userAgent);
    if (!app) return;
    document.body.dataset.inApp = app;
    $('inapp-hint').hidden = false;
    $('fallback').hidden = false;
  }

  function recorderType() {
    if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return null;
    const supported = typeof MediaRecorder.isTypeSupported === 'function' ? (t) => MediaRecorder.isTypeSupported(t) : null;
    return C.recorder.chooseFormat(navigator.userAgent, supported, allowed);
  }

  function micError(e) {
    const name = e && e.name;
    if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'micDenied';
    if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') return 'micMissing';
    return 'micFailed';
  }

  function showFallback(key) {
    C.say(status(), key, null, 'error');
    $('fallback').hidden = false;
  }

  async function start() {
    const type = recorderType();
    if (type === null) return showFallback('micUnsupported');
    const t = track();
    t.play().catch(() => {}); // unlocks playback inside the tap (iOS); the real start follows below
    t.pause();
    $('rec-start').disabled = true;
    $('review').hidden = true;
    C.say(status(), 'micAsk');
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(C.recorder.micConstraints());
    } catch (e) {
      console.warn('microphone:', e.name, e.message);
      $('rec-start').disabled = false;
      return showFallback(micError(e));
    }
    let rec;
    try {
      rec = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    } catch (e) {
      console.warn('MediaRecorder:', e.name, e.message);
      stream.getTracks().forEach((x) => x.stop());
      $('rec-start').disabled = false;
      return showFallback('micUnsupported');
    }
    const ctx = new (window.AudioContext || window.webkitAudioContext)();
    ctx.resume().catch((e) => console.warn('audio context:', e.name));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const s = (session = { stream, rec, ctx, analyser, buf: new Float32Array(analyser.fftSize), chunks: [], peak: 0, audioOk: !t.error, type });
    rec.ondataavailable = (e) => { if (e.data && e.data.size) s.chunks.push(e.data); };
    rec.onstop = () => finish(s);
    rec.start(1000);
    s.t0 = s.recStart = performance.now();
    t.currentTime = 0;
    t.play().catch((e) => {
      console.warn('backing track did not play:', e.name);
      s.audioOk = false;
      C.say(status(), 'trackFailed');
    });
    s.maxTimer = setTimeout(stop, campaign.recording.maxSeconds * 1000);
    $('rec-start').hidden = true;
    $('rec-stop').hidden = false;
    $('rec-stop').focus();
    C.say(status(), 'recordingNow');
    s.raf = requestAnimationFrame(tick);
  }

  function position(s) {
    const t = track();
    return s.audioOk && !t.paused ? t.currentTime * 1000 : performance.now() - s.t0;
  }

  function tick() {
    const s = session;
    if (!s || s.stopping) return;
    s.analyser.getFloatTimeDomainData(s.buf);
    let sum = 0;
    for (let i = 0; i < s.buf.length; i++) sum += s.buf[i] * s.buf[i];
    const rms = Math.sqrt(sum / s.buf.length);
    s.peak = Math.max(s.peak, rms);
    $('meter-bar').style.transform = 'scaleX(' + Math.min(1, rms * 5).toFixed(3) + ')';
    const elapsed = performance.now() - s.recStart;
    $('rec-time').textContent = C.formatTime(elapsed) + ' / ' + C.formatTime(campaign.recording.maxSeconds * 1000);
    highlight(position(s));
    s.raf = requestAnimationFrame(tick);
  }

  function highlight(pos) {
    const lines = campaign.lyrics;
    const items = $('lyrics').children;
    const i = lines.findIndex((l) => pos >= l.startMs && pos < l.endMs);
    if (i !== current) {
      Array.from(items).forEach((li, k) => {
        li.classList.toggle('now', k === i);
        li.classList.toggle('done', i >= 0 && k < i);
        if (k === i) li.setAttribute('aria-current', 'true');
        else li.removeAttribute('aria-current');
      });
      current = i;
      if (i >= 0) {
        const ol = $('lyrics');
        ol.scrollTop = Math.max(0, items[i].offsetTop - ol.clientHeight / 3);
      }
    }
    if (i >= 0) items[i].style.setProperty('--p', ((pos - lines[i].startMs) / (lines[i].endMs - lines[i].startMs)).toFixed(3));
  }

  function stop() {
    const s = session;
    if (!s || s.stopping) return;
    s.stopping = true;
    cancelAnimationFrame(s.raf);
    clearTimeout(s.maxTimer);
    s.durationMs = Math.round(performance.now() - s.recStart);
    track().pause();
    if (s.rec.state !== 'inactive') s.rec.stop();
    else finish(s);
  }

  function finish(s) {
    s.stream.getTracks().forEach((x) => x.stop());
    s.ctx.close().catch((e) => console.warn('audio context close:', e.name));
    session = null;
    highlight(-1);
    $('meter-bar').style.transform = 'scaleX(0)';
    $('rec-stop').hidden = true;
    $('rec-start').hidden = false;
    $('rec-start').disabled = false;
    const blob = new Blob(s.chunks, { type: s.rec.mimeType || s.type || 'audio/webm' });
    judge({ blob, contentType: base(blob.type), durationMs: s.durationMs, peak: s.peak });
  }

  /** Keeps a take only if the campaign can use it; otherwise says why, in the fan's language. */
  function judge(take) {
    const r = campaign.recording;
    let problem = null;
    if (!allowed(take.contentType)) problem = ['wrongType'];
    else if (take.durationMs < r.minSeconds * 1000) problem = ['tooShort', { min: r.minSeconds }];
    else if (take.durationMs > r.maxSeconds * 1000 + 500) problem = ['tooLong', { max: r.maxSeconds }];
    else if (take.peak !== null && take.peak < QUIET_RMS) problem = ['tooQuiet'];
    else if (take.blob.size > r.maxBytes) problem = ['tooBig', { mb: Math.floor(r.maxBytes / 1048576) }];
    if (problem) {
      S.take = null;
      $('review').hidden = true;
      return C.say(status(), problem[0], problem[1], 'error');
    }
    take.takeId = C.recorder.takeId(); // sent with every create call for this take: a repeat finds the first
    S.take = take;
    if (takeUrl) URL.revokeObjectURL(takeUrl);
    takeUrl = URL.createObjectURL(take.blob);
    $('take').src = takeUrl;
    $('review').hidden = false;
    $('rec-start').hidden = true; // "Record again" takes over
    C.say(status(), 'takeReady', null, 'good');
    $('send').disabled = false;
    $('send').focus();
    if (S.onTake) S.onTake(take);
  }

  async function fromFile() {
    const f = $('file-input').files[0];
    if (!f) return;
    const ext = (f.name.split('.').pop() || '').toLowerCase();
    const type = base(f.type) || EXT[ext] || '';
    const r = campaign.recording;
    if (!allowed(type)) return C.say(status(), 'wrongType', null, 'error');
    if (f.size > r.maxBytes) return C.say(status(), 'tooBig', { mb: Math.floor(r.maxBytes / 1048576) }, 'error');
    let bytes;
    try {
      bytes = await f.arrayBuffer(); // kept in memory: a captured file may vanish before the fan taps send
    } catch (e) {
      console.warn('could not read the chosen file:', e.name);
      return C.say(status(), 'wrongType', null, 'error');
    }
    const blob = new Blob([bytes], { type });
    const info = await measure(blob, bytes);
    if (!info) return C.say(status(), 'wrongType', null, 'error');
    judge({ blob, contentType: type, durationMs: info.durationMs, peak: info.peak });
  }

  /** Duration and loudness of a chosen file: decoded when the browser can, else from its metadata. */
  async function measure(file, bytes) {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (Ctx) {
      const ctx = new Ctx();
      try {
        const buf = await ctx.decodeAudioData(bytes.slice(0));
        const data = buf.getChannelData(0);
        const win = Math.max(1, Math.round(buf.sampleRate * 0.04));
        let peak = 0;
        for (let i = 0; i + win <= data.length; i += win) {
          let sum = 0;
          for (let k = i; k < i + win; k++) sum += data[k] * data[k];
          peak = Math.max(peak, Math.sqrt(sum / win));
        }
        return { durationMs: Math.round(buf.duration * 1000), peak };
      } catch (e) {
        console.warn('could not decode the chosen file:', e.name);
      } finally {
        ctx.close().catch(() => {});
      }
    }
    return new Promise((resolve) => {
      const a = new Audio();
      const url = URL.createObjectURL(file);
      const done = (v) => { URL.revokeObjectURL(url); resolve(v); };
      a.onloadedmetadata = () => done(Number.isFinite(a.duration) ? { durationMs: Math.round(a.duration * 1000), peak: null } : null);
      a.onerror = () => done(null);
      a.src = url;
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('rec-start').addEventListener('click', start);
    $('rec-stop').addEventListener('click', stop);
    $('redo').addEventListener('click', () => {
      S.take = null;
      $('review').hidden = true;
      $('rec-start').hidden = false;
      start();
    });
    $('file-input').addEventListener('change', fromFile);
    track().addEventListener('ended', stop);
    track().addEventListener('error', () => {
      console.warn('backing track failed to load');
      if (session) session.audioOk = false;
    });
  });
})();
