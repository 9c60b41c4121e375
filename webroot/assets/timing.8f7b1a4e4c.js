/*
 * The recorder's clock: one Web Audio context plays the backing track (decoded once, on the fan's first tap) and
 * the calibration clicks, so the moment the track starts is known on the page's clock (performance.now) next
 * to the moment capture starts. The optional tap-along calibration saves this device's extra latency in the
 * browser for later takes. Shared as window.Chorus.timing (loaded after recorder-rules, before sing).
 */
'use strict';
(function () {
  const C = window.Chorus;
  const $ = C.$;
  const LATENCY_KEY = 'chorus.latencyMs';
  const CLICKS = 4;
  const CLICK_EVERY_S = 0.6;
  const LEAD_S = 0.3; // the track starts this long after it is scheduled: time enough for the graph to be ready
  let ctx = null;
  let trackUrl = null;
  let trackBuffer = null; // a promise of the decoded track, kept for the next take
  const T = (C.timing = { calibration: null });

  /** The page's audio context, made (or woken) inside the fan's tap so phones let it play. */
  T.context = function () {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return null;
    if (!ctx || ctx.state === 'closed') ctx = new Ctx({ latencyHint: 'interactive' });
    if (ctx.state !== 'running') ctx.resume().catch((e) => console.warn('audio context:', e.name));
    return ctx;
  };

  /** The page-clock time (ms) at which a sample scheduled at context time `when` leaves the graph. */
  function pageTime(when) {
    return performance.now() + (when - ctx.currentTime) * 1000;
  }

  /** What the browser reports of its own output delay (s): the graph's and the device's. */
  T.outputDelay = () => (ctx ? (ctx.baseLatency || 0) + (ctx.outputLatency || 0) : 0);

  /** The backing track, fetched and decoded once; null when it cannot be had (the fan sings with the lyrics). */
  T.track = function (url) {
    if (trackBuffer && trackUrl === url) return trackBuffer;
    trackUrl = url;
    trackBuffer = fetch(url, { credentials: 'omit' })
      .then((res) => (res.ok ? res.arrayBuffer() : Promise.reject(new Error('HTTP ' + res.status))))
      .then((bytes) => new Promise((resolve, reject) => ctx.decodeAudioData(bytes, resolve, reject)))
      .catch((e) => {
        console.warn('backing track:', e && (e.name || e.message));
        trackBuffer = null;
        return null;
      });
    return trackBuffer;
  };

  /** Plays the decoded track from its start; returns { startMs (page clock), stop() } and calls onEnd at its end. */
  T.play = function (buffer, onEnd) {
    const src = ctx.createBufferSource();
    src.buffer = buffer;
    src.connect(ctx.destination);
    const when = ctx.currentTime + LEAD_S;
    const startMs = pageTime(when);
    let stopped = false;
    src.onended = () => { if (!stopped) onEnd(); };
    src.start(when);
    return { startMs, stop: () => { stopped = true; try { src.stop(); } catch (e) { console.warn('track stop:', e.name); } } };
  };

  /** The device latency a calibration saved (ms), or null. */
  T.savedLatency = function () {
    const v = C.store(LATENCY_KEY);
    const n = v === null || v === '' ? NaN : Number(v);
    return Number.isFinite(n) ? n : null;
  };

  /* ---------- tap-along calibration ---------- */
  let taps = null;

  function click(at) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 1000;
    gain.gain.setValueAtTime(0.6, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.05);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.06);
  }

  function tap(e) {
    if (!taps) return;
    if (e.type === 'keydown' && ((e.key !== ' ' && e.key !== 'Enter') || e.repeat)) return; // a held key is one tap
    if (e.type === 'keydown') e.preventDefault();
    taps.push(e.timeStamp); // the moment of the tap on the page clock, not when this code ran
  }

  async function calibrate() {
    if (!T.context()) return C.say($('calib-status'), 'micUnsupported', null, 'error');
    $('calib-start').disabled = true;
    const recordDisabled = $('rec-start').disabled;
    $('rec-start').disabled = true; // a take would hear the clicks
    await ctx.resume().catch((e) => console.warn('audio context:', e.name));
    $('calib-tap').hidden = false;
    $('calib-tap').focus();
    C.say($('calib-status'), 'calibrateListen');
    const first = ctx.currentTime + 1.0;
    const clicks = [];
    for (let i = 0; i < CLICKS; i++) {
      click(first + i * CLICK_EVERY_S);
      clicks.push(pageTime(first + i * CLICK_EVERY_S) + T.outputDelay() * 1000);
    }
    taps = [];
    T.calibration = { clicks };
    await C.sleep(clicks[CLICKS - 1] - performance.now() + 700);
    const verdict = C.recorder.judgeTaps(clicks, taps);
    taps = null;
    T.calibration = null;
    $('calib-tap').hidden = true;
    $('calib-start').disabled = false;
    $('rec-start').disabled = recordDisabled;
    if (!verdict.ok) return C.say($('calib-status'), 'calibrateUneven', null, 'error');
    C.store(LATENCY_KEY, String(verdict.latencyMs));
    C.say($('calib-status'), 'calibrateSaved', { ms: verdict.latencyMs }, 'good');
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('calib-start').addEventListener('click', calibrate);
    $('calib-tap').addEventListener('pointerdown', tap);
    document.addEventListener('keydown', tap);
  });
})();
