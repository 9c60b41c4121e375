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

  C.recorder = { isWebKit, chooseFormat, inAppBrowser, micConstraints, takeId };
})();
