/*
 * Sing along: the backing track through Web Audio with karaoke lyrics, microphone recording with a level meter,
 * the take's offset on the track, interruptions (tab hidden, page left, microphone taken), checks, review.
 */
'use strict';
(function () {
  const C = window.Chorus;
  const $ = C.$;
  const ALIASES = { 'audio/x-wav': 'audio/wav', 'audio/wave': 'audio/wav', 'audio/vnd.wave': 'audio/wav', 'audio/x-m4a': 'audio/mp4',
    'audio/m4a': 'audio/mp4', 'audio/aac': 'audio/mp4', 'audio/mp3': 'audio/mpeg', 'audio/opus': 'audio/ogg', 'video/webm': 'audio/webm' };
  const EXT = { webm: 'audio/webm', weba: 'audio/webm', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg', m4a: 'audio/mp4',
    mp4: 'audio/mp4', aac: 'audio/mp4', mp3: 'audio/mpeg', wav: 'audio/wav' };
  const QUIET_RMS = 0.01; // loudest 40 ms window below this: we could not hear the fan
  const MIC_GONE = ['ended', 'mute']; // a call, the screen locking or another app taking the microphone
  const S = (C.sing = { take: null, onTake: null });
  let campaign = null;
  let session = null;
  let current = -1;
  let takeUrl = null;

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

  /** Says why the microphone did not start and how to fix it in this browser; the file input is offered. */
  function micFailed(e) {
    const name = (e && e.name) || '';
    showFallback(C.recorder.micError(name));
    C.say($('mic-fix'), C.recorder.micHelp(name, navigator.userAgent));
    $('mic-fix').hidden = false;
  }

  function showFallback(key) {
    C.say(status(), key, null, 'error');
    $('fallback').hidden = false;
  }

  async function start() {
    const type = recorderType();
    if (type === null) return showFallback('micUnsupported');
    const ctx = C.timing.context(); // inside the tap: phones let audio play only from here
    $('rec-start').disabled = true;
    $('review').hidden = true;
    $('mic-fix').hidden = true;
    C.say(status(), 'micAsk');
    const buffer = ctx ? C.timing.track(new URL(campaign.backingTrack.url, location.href).href) : Promise.resolve(null);
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(C.recorder.micConstraints());
    } catch (e) {
      console.warn('microphone:', e.name, e.message);
      $('rec-start').disabled = false;
      return micFailed(e);
    }
    let rec;
    try {
      rec = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    } catch (e) {
      console.warn('MediaRecorder:', e.name, e.message);
      release(stream);
      $('rec-start').disabled = false;
      return showFallback('micUnsupported');
    }
    const track = await buffer;
    if (!track) C.say(status(), 'trackFailed');
    if (ctx) await ctx.resume().catch((e) => console.warn('audio context:', e.name));
    const mic = stream.getAudioTracks()[0];
    const s = (session = { stream, rec, ctx, chunks: [], peak: 0, type, deviceLatencyMs: C.timing.savedLatency(),
      inputLatency: (mic && mic.getSettings && mic.getSettings().latency) || 0 });
    if (ctx) {
      s.source = ctx.createMediaStreamSource(stream);
      s.analyser = ctx.createAnalyser();
      s.analyser.fftSize = 2048;
      s.buf = new Float32Array(s.analyser.fftSize);
      s.source.connect(s.analyser);
    }
    s.onGone = () => interrupt('microphone');
    stream.getAudioTracks().forEach((t) => MIC_GONE.forEach((ev) => t.addEventListener(ev, s.onGone)));
    rec.ondataavailable = (e) => { if (e.data && e.data.size) s.chunks.push(e.data); };
    rec.onstop = () => finish(s);
    rec.onstart = (e) => { s.recStart = e.timeStamp > 0 ? e.timeStamp : performance.now(); };
    s.t0 = performance.now();
    rec.start(1000);
    if (track) s.playing = C.timing.play(track, stop);
    s.maxTimer = setTimeout(stop, campaign.recording.maxSeconds * 1000);
    $('rec-start').hidden = true;
    $('rec-stop').hidden = false;
    $('calib-start').disabled = true; // the clicks would sound into the take
    $('rec-stop').focus();
    if (track) C.say(status(), 'recordingNow');
    s.raf = requestAnimationFrame(tick);
  }

  /** Where on the track the fan is now, as they hear it (ms); the wall clock when no track plays. */
  function position(s) {
    if (!s.playing) return performance.now() - s.t0;
    return performance.now() - s.playing.startMs - C.timing.outputDelay() * 1000 - (s.deviceLatencyMs || 0);
  }

  function tick() {
    const s = session;
    if (!s || s.stopping) return;
    if (s.analyser) {
      s.analyser.getFloatTimeDomainData(s.buf);
      let sum = 0;
      for (let i = 0; i < s.buf.length; i++) sum += s.buf[i] * s.buf[i];
      const rms = Math.sqrt(sum / s.buf.length);
      s.peak = Math.max(s.peak, rms);
      s.level = Math.max(rms, (s.level || 0) * 0.92); // falls back over a few hundred ms: a short note stays visible
      $('meter-bar').style.transform = 'scaleX(' + Math.min(1, s.level * 5).toFixed(3) + ')';
    }
    const elapsed = performance.now() - (s.recStart || s.t0);
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
    s.durationMs = Math.round(performance.now() - (s.recStart || s.t0));
    s.offset = C.recorder.takeOffset({ recStartMs: s.recStart || s.t0, inputLatency: s.inputLatency,
      trackStartMs: s.playing ? s.playing.startMs : null, baseLatency: s.ctx && s.ctx.baseLatency,
      outputLatency: s.ctx && s.ctx.outputLatency, deviceLatencyMs: s.deviceLatencyMs });
    if (s.playing) s.playing.stop();
    if (s.rec.state !== 'inactive') s.rec.stop();
    else finish(s);
    release(s.stream); // the microphone is the fan's again at once, whatever happens next
  }

  /** The take stops because the fan left the page or lost the microphone: what was sung is kept if it can be. */
  function interrupt(why) {
    const s = session;
    if (!s || s.stopping) return;
    console.warn('take interrupted:', why);
    s.interrupted = why;
    stop();
  }

  function release(stream) {
    stream.getTracks().forEach((x) => x.stop());
  }

  async function finish(s) {
    release(s.stream);
    unhook(s);
    session = null;
    highlight(-1);
    $('meter-bar').style.transform = 'scaleX(0)';
    $('rec-stop').hidden = true;
    $('rec-start').hidden = false;
    $('rec-start').disabled = false;
    $('calib-start').disabled = false;
    const blob = new Blob(s.chunks, { type: s.rec.mimeType || s.type || 'audio/webm' });
    if (s.interrupted && s.durationMs < campaign.recording.minSeconds * 1000) {
      S.take = null;
      $('review').hidden = true;
      return C.say(status(), 'interruptedLost', null, 'error');
    }
    C.say(status(), 'takeChecking');
    const info = await C.playback.prepare(blob);
    judge({ blob, contentType: base(blob.type), durationMs: info ? info.durationMs : s.durationMs, peak: info && info.peak !== null ? info.peak : s.peak,
      listen: info ? info.listen : blob, offsetMs: s.offset.offsetMs, offsetMethod: s.offset.offsetMethod }, s.interrupted ? 'interruptedKept' : 'takeReady');
  }

  function unhook(s) {
    s.stream.getAudioTracks().forEach((t) => MIC_GONE.forEach((ev) => t.removeEventListener(ev, s.onGone)));
    if (s.source) s.source.disconnect();
  }

  /** Keeps a take only if the campaign can use it; otherwise says why, in the fan's language. */
  function judge(take, readyKey) {
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
    takeUrl = URL.createObjectURL(take.listen || take.blob);
    $('take').src = takeUrl;
    $('take-length').textContent = C.formatTime(take.durationMs);
    $('review').hidden = false;
    $('mic-fix').hidden = true;
    $('rec-start').hidden = true; // "Record again" takes over
    C.say(status(), readyKey || 'takeReady', null, 'good');
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
    const info = await C.playback.prepare(blob);
    if (!info) return C.say(status(), 'wrongType', null, 'error');
    // a chosen file was not sung against this page's clock: its place on the track is not measured
    judge({ blob, contentType: type, durationMs: info.durationMs, peak: info.peak, listen: info.listen, offsetMs: 0, offsetMethod: 'none' });
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
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') interrupt('hidden'); });
    window.addEventListener('pagehide', () => interrupt('pagehide'));
  });
})();
