/* The live cover preview: as the fan types a name and picks a team, the campaign's cover template drawn in a canvas
   the way the server's renderer lays it out (chorus.render.TextFitter), with the browser's own fonts. Nothing is
   fetched until the fan first types or picks. */
'use strict';
(function () {
  const C = window.Chorus;
  const $ = C.$;
  const SCALE = 0.5; // the canvas is half the template's size: sharp on phones, a quarter of the pixels
  const CAP = 0.72; // cap height and line gap as the server's TextFitter uses them
  const LINE_GAP = 1.15;
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK JP", sans-serif';
  const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
  const images = new Map();
  let campaign = null;
  let started = false;
  let frame = 0;
  C.preview = {};

  C.preview.init = function (c) {
    campaign = c;
    if (started) draw();
  };

  /** An image by URL, loaded once; redraws when it arrives. */
  function image(url) {
    let img = images.get(url);
    if (!img) {
      img = new Image();
      img.decoding = 'async';
      img.onload = schedule;
      img.onerror = () => console.warn('preview image failed:', url);
      img.src = url;
      images.set(url, img);
    }
    return img.complete && img.naturalWidth ? img : null;
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; draw(); });
  }

  function start() {
    if (!campaign || !campaign.cover) return;
    if (!started) {
      started = true;
      $('preview').hidden = false;
    }
    schedule();
  }

  const font = (size) => '700 ' + size + 'px ' + FONT;

  function width(g, text, size) {
    g.font = font(size);
    return g.measureText(text).width;
  }

  /** Break points between words, or between characters for a name with no spaces (CJK). */
  function cuts(text) {
    const out = [];
    const seg = window.Intl && Intl.Segmenter ? new Intl.Segmenter(C.lang, { granularity: 'grapheme' }) : null;
    const parts = seg ? Array.from(seg.segment(text), (s) => s.index) : Array.from(text.keys());
    const spaces = parts.filter((i) => i > 0 && text[i - 1] === ' ');
    (spaces.length ? spaces : parts.filter((i) => i > 0)).forEach((i) => out.push(i));
    return out;
  }

  function ellipsize(g, text, size, box) {
    if (width(g, text, size) <= box) return text;
    const chars = Array.from(text);
    while (chars.length && width(g, chars.join('').trim() + '…', size) > box) chars.pop();
    return chars.join('').trim() + '…';
  }

  /** Lines and size for a text in a box: one line shrunk, then two balanced lines, then an ellipsis. */
  function fit(g, text, style) {
    const max = style.maxSize || style.size;
    const min = style.minSize || style.size;
    const one = Math.min(max, (max * style.width) / width(g, text, max));
    if (one >= min) return { lines: [text], size: one };
    if ((style.maxLines || 1) < 2) return { lines: [ellipsize(g, text, min, style.width)], size: min };
    let best = null;
    for (const at of cuts(text)) {
      const pair = [text.slice(0, at).trim(), text.slice(at).trim()];
      const widest = Math.max(width(g, pair[0], max), width(g, pair[1], max));
      if (!best || widest < best.widest) best = { pair, widest };
    }
    const two = best ? Math.min(max, (max * style.width) / best.widest) : 0;
    if (two >= min) return { lines: best.pair, size: two };
    const chars = Array.from(text);
    let first = '';
    for (const ch of chars) {
      if (width(g, first + ch, min) > style.width) break;
      first += ch;
    }
    return { lines: [first.trim(), ellipsize(g, text.slice(first.length).trim(), min, style.width)], size: min };
  }

  function text(g, value, style) {
    if (!value) return;
    const { lines, size } = fit(g, value, style);
    const s = Math.floor(size * 4) / 4;
    const gap = LINE_GAP * s;
    const base = style.y + (style.height - (CAP * s + gap * (lines.length - 1))) / 2 + CAP * s;
    const align = style.align || 'center';
    g.font = font(s);
    g.fillStyle = style.color || '#ffffff';
    g.textAlign = align;
    g.direction = RTL.test(value) ? 'rtl' : 'ltr';
    const x = align === 'left' ? style.x : align === 'right' ? style.x + style.width : style.x + style.width / 2;
    lines.forEach((line, i) => g.fillText(line, x, base + gap * i, style.width));
  }

  function draw() {
    const t = campaign.cover;
    const canvas = $('preview-canvas');
    if (canvas.width !== Math.round(t.width * SCALE)) {
      canvas.width = Math.round(t.width * SCALE);
      canvas.height = Math.round(t.height * SCALE);
    }
    const g = canvas.getContext('2d');
    g.setTransform(SCALE, 0, 0, SCALE, 0, 0);
    const bg = image(canvas.dataset.background || t.background); // the server's half-size copy when it has one
    g.fillStyle = '#120e2c';
    g.fillRect(0, 0, t.width, t.height);
    if (bg) g.drawImage(bg, 0, 0, t.width, t.height);
    // the renderer's legibility scrim: a vertical band of shade behind the name box
    const box = t.name;
    const top = Math.max(0, box.y - box.height / 2);
    const bottom = Math.min(t.height, box.y + box.height + box.height / 2);
    const shade = g.createLinearGradient(0, top, 0, bottom);
    [[0, 0], [0.3, 0.4], [0.7, 0.4], [1, 0]].forEach(([at, a]) => shade.addColorStop(at, 'rgba(0,0,0,' + a + ')'));
    g.fillStyle = shade;
    g.fillRect(0, top, t.width, bottom - top);
    const name = $('name').value.trim().normalize('NFC').replace(/[\s\u00a0]+/g, ' ');
    const team = campaign.teams.find((x) => x.id === $('team').value);
    if (team) {
      const crest = image(team.crestUrl);
      if (crest) g.drawImage(crest, t.crest.x, t.crest.y, t.crest.size, t.crest.size);
      text(g, team.name, t.team);
    }
    text(g, name, t.name);
    const alt = campaign.texts.artworkAlt || '';
    canvas.setAttribute('aria-label', alt.replace(/\{name\}/g, name).replace(/\{team\}/g, team ? team.name : ''));
    canvas.dataset.drawn = String(Number(canvas.dataset.drawn || 0) + 1);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('name').addEventListener('input', start);
    $('team').addEventListener('change', start);
  });
})();
