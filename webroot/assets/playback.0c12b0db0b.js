/*
 * A take ready for listening: decoded through Web Audio for its real length and loudness (a recorder's WebM
 * carries no duration), and handed to the page's player as a WAV, which every browser plays from a blob URL,
 * iOS included. Shared as window.Chorus.playback.
 */
'use strict';
(function () {
  const C = window.Chorus;
  const WINDOW_S = 0.04; // loudness is judged on the loudest 40 ms

  function loudest(buf) {
    const data = buf.getChannelData(0);
    const win = Math.max(1, Math.round(buf.sampleRate * WINDOW_S));
    let peak = 0;
    for (let i = 0; i + win <= data.length; i += win) {
      let sum = 0;
      for (let k = i; k < i + win; k++) sum += data[k] * data[k];
      peak = Math.max(peak, Math.sqrt(sum / win));
    }
    return peak;
  }

  /** 16-bit mono PCM WAV of a decoded buffer (channels averaged). */
  function wav(buf) {
    const n = buf.length;
    const channels = Array.from({ length: buf.numberOfChannels }, (_, c) => buf.getChannelData(c));
    const out = new DataView(new ArrayBuffer(44 + n * 2));
    const text = (at, s) => { for (let i = 0; i < s.length; i++) out.setUint8(at + i, s.charCodeAt(i)); };
    text(0, 'RIFF');
    out.setUint32(4, 36 + n * 2, true);
    text(8, 'WAVEfmt ');
    out.setUint32(16, 16, true);
    out.setUint16(20, 1, true);
    out.setUint16(22, 1, true);
    out.setUint32(24, buf.sampleRate, true);
    out.setUint32(28, buf.sampleRate * 2, true);
    out.setUint16(32, 2, true);
    out.setUint16(34, 16, true);
    text(36, 'data');
    out.setUint32(40, n * 2, true);
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (const ch of channels) v += ch[i];
      v = Math.max(-1, Math.min(1, v / channels.length));
      out.setInt16(44 + i * 2, Math.round(v * 32767), true);
    }
    return new Blob([out], { type: 'audio/wav' });
  }

  /** Duration (ms) and loudness of the audio from its metadata alone, or null when the browser cannot read it. */
  function metadata(blob) {
    return new Promise((resolve) => {
      const a = new Audio();
      const url = URL.createObjectURL(blob);
      const done = (v) => { URL.revokeObjectURL(url); resolve(v); };
      a.onloadedmetadata = () => done(Number.isFinite(a.duration) ? { durationMs: Math.round(a.duration * 1000), peak: null } : null);
      a.onerror = () => done(null);
      a.src = url;
    });
  }

  /**
   * { durationMs, peak, listen } of the audio in blob: decoded when the browser can (listen is then a WAV of
   * it), else from its metadata (listen is the blob itself); null when neither works.
   */
  async function prepare(blob) {
    const ctx = C.timing.context();
    if (ctx) {
      try {
        const bytes = await blob.arrayBuffer();
        const buf = await new Promise((resolve, reject) => ctx.decodeAudioData(bytes, resolve, reject));
        return { durationMs: Math.round(buf.duration * 1000), peak: loudest(buf), listen: wav(buf) };
      } catch (e) {
        console.warn('could not decode the take:', e && e.name);
      }
    }
    const info = await metadata(blob);
    return info && { ...info, listen: blob };
  }

  C.playback = { prepare };
})();
