/*
 * Recorder rules: pure decisions about the fan's browser, kept apart from the page so a test can run them over
 * a table of real user agents. Shared as window.Chorus.recorder (loaded after core, before sing).
 */
'use strict';
(function () {
  const C = window.Chorus;

  // Safari and every iOS browser (all WebKit there) claim WebM but write files without a usable duration:
  // MP4/AAC first on WebKit, WebM/Opus first everywhere else.
  const WEBKIT_ORDER = ['audio/mp4', 'audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/ogg', 'audio/wav', 'audio/mpeg'];
  const OTHER_ORDER = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/ogg', 'audio/mp4', 'audio/wav', 'audio/mpeg'];

  /** Apple's WebKit: anything on iPhone, iPad or iPod, and Safari on a Mac (an iPad asking for desktop sites says Macintosh). */
  function isWebKit(ua) {
    const s = String(ua || '');
    if (/\b(iPhone|iPad|iPod)\b/.test(s)) return true;
    return /Macintosh/.test(s) && /AppleWebKit/.test(s) && !/(Chrome|Chromium|CriOS|Edg|OPR|Firefox|FxiOS)\//.test(s);
  }

  /**
   * The MediaRecorder type to ask for: the first in this browser's order that the campaign allows and the browser
   * says it can write; '' when the browser cannot be asked (its own default); null when nothing fits.
   */
  function chooseFormat(ua, isTypeSupported, allowed) {
    const order = (isWebKit(ua) ? WEBKIT_ORDER : OTHER_ORDER).filter((t) => !allowed || allowed(t));
    if (typeof isTypeSupported !== 'function') return '';
    const found = order.find((t) => {
      try {
        return isTypeSupported(t) === true;
      } catch (e) {
        console.warn('isTypeSupported:', t, e.name);
        return false;
      }
    });
    return found === undefined ? null : found;
  }

  // The apps whose built-in browsers fans arrive in, where recording often fails; the name says which.
  const IN_APP = [
    ['facebook', /\bFBAN\/|\bFBAV\/|\bFB_IAB\/|\bFBIOS\b|\[FB/],
    ['instagram', /\bInstagram\b/],
    ['tiktok', /musical_ly|BytedanceWebview|TikTok|\btrill_\d/i],
    ['snapchat', /\bSnapchat\b/],
    ['line', /\bLine\/\d/],
    ['wechat', /\bMicroMessenger\//],
    ['kakaotalk', /\bKAKAOTALK\b/i],
    ['linkedin', /\bLinkedInApp\b/],
    ['pinterest', /\bPinterest\b/],
    ['twitter', /\bTwitter(Android)?\b/],
    ['android-webview', /; wv\)/],
  ];

  /** The in-app browser this user agent belongs to ('instagram', 'facebook', ...), or null for a real browser. */
  function inAppBrowser(ua) {
    const s = String(ua || '');
    const hit = IN_APP.find(([, re]) => re.test(s));
    return hit ? hit[0] : null;
  }

  /** The microphone for singing: the browser's voice processing off (it mangles sung notes), one channel. */
  function micConstraints() {
    return { audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 } };
  }

  /** A new take's id (a random UUID), sent with each create call for that take so a repeat finds the first. */
  function takeId() {
    if (window.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }


  /**
   * How to fix a microphone that would not start, for this browser: the key of a hint in the fan's language.
   * errorName is the getUserMedia rejection's name (denied, no microphone, busy); the hint depends on where the
   * setting lives in the fan's browser, found from the user agent.
   */
  function micHelp(errorName, ua) {
    const s = String(ua || '');
    const ios = /\b(iPhone|iPad|iPod)\b/.test(s);
    const android = /\bAndroid\b/.test(s);
    const phone = ios || android;
    if (errorName === 'NotFoundError' || errorName === 'DevicesNotFoundError' || errorName === 'OverconstrainedError') {
      return phone ? 'micFixMissingPhone' : 'micFixMissing';
    }
    if (errorName !== 'NotAllowedError' && errorName !== 'SecurityError' && errorName !== 'PermissionDeniedError') {
      return phone ? 'micFixBusyPhone' : 'micFixBusy';
    }
    if (ios) return 'micFixIos';
    if (/SamsungBrowser\//.test(s)) return 'micFixSamsung';
    if (/(Firefox|FxiOS)\//.test(s)) return 'micFixFirefox';
    if (isWebKit(s)) return 'micFixSafari';
    if (/(Chrome|Chromium|Edg|OPR)\//.test(s)) return android ? 'micFixChromeAndroid' : 'micFixChrome';
    return 'micFixOther';
  }

  /** The status message for a getUserMedia rejection: denied, no microphone, or could not start (busy). */
  function micError(errorName) {
    if (errorName === 'NotAllowedError' || errorName === 'SecurityError' || errorName === 'PermissionDeniedError') return 'micDenied';
    if (errorName === 'NotFoundError' || errorName === 'DevicesNotFoundError' || errorName === 'OverconstrainedError') return 'micMissing';
    return 'micFailed';
  }

  /**
   * Where the take's first sample sits on the backing track's timeline (ms, latency subtracted), from times on
   * the page's clock (performance.now): recStartMs when the recorder started, trackStartMs when the track's first
   * sample left the Web Audio graph, the context's baseLatency and outputLatency and the microphone's input
   * latency (seconds, as the browser reports them), and the device latency a tap-along calibration saved (ms,
   * null when there is none). With no track played the offset is not measured.
   */
  function takeOffset(t) {
    if (t.trackStartMs === null || t.trackStartMs === undefined) return { offsetMs: 0, offsetMethod: 'none' };
    const heardMs = t.trackStartMs + ((t.baseLatency || 0) + (t.outputLatency || 0)) * 1000 + (t.deviceLatencyMs || 0);
    const firstSampleMs = t.recStartMs - (t.inputLatency || 0) * 1000;
    const offsetMs = Math.max(-60000, Math.min(3600000, Math.round(firstSampleMs - heardMs)));
    return { offsetMs, offsetMethod: t.deviceLatencyMs === null || t.deviceLatencyMs === undefined ? 'web-audio' : 'calibrated' };
  }

  const TAP_WINDOW_MS = 250; // a tap further than this from every click is not meant for one
  const MAX_SPREAD_MS = 30;
  const MIN_TAPS = 3;

  /**
   * A tap-along calibration: clicks (ms, when each click was heard by the browser's own reckoning) against taps
   * (ms, same clock). Each click takes the nearest tap within reach; with at least three of them whose delays
   * lie within 30 ms of each other, the device's latency is their mean. Otherwise ok is false: ask again.
   */
  function judgeTaps(clicks, taps) {
    const delays = [];
    clicks.forEach((c) => {
      let best = null;
      taps.forEach((t) => { if (Math.abs(t - c) <= TAP_WINDOW_MS && (best === null || Math.abs(t - c) < Math.abs(best - c))) best = t; });
      if (best !== null) delays.push(best - c);
    });
    const spreadMs = delays.length ? Math.max(...delays) - Math.min(...delays) : null;
    const ok = delays.length >= MIN_TAPS && spreadMs < MAX_SPREAD_MS;
    const latencyMs = ok ? Math.round(delays.reduce((a, b) => a + b, 0) / delays.length) : null;
    return { ok, latencyMs, taps: delays.length, spreadMs };
  }

  C.recorder = { isWebKit, chooseFormat, inAppBrowser, micConstraints, takeId, micHelp, micError, takeOffset, judgeTaps };
})();
