// The campaign team's console: plain JavaScript, no build step. Every text comes from i18n/<lang>.json.
'use strict';
(() => {
  const API = '/console/api/';
  const $ = (s) => document.querySelector(s);
  let T = {};
  let me = null;
  const t = (k, vars) => (T[k] || k).replace(/\{(\w+)\}/g, (_, v) => (vars && v in vars ? vars[v] : ''));
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => (k === 'class' ? (e.className = v) : k.startsWith('data-') ? e.setAttribute(k, v) : (e[k] = v)));
    kids.forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return e;
  };
  const say = (text) => { $('#message').textContent = text; };

  // CSRF: the XSRF-TOKEN cookie changes after every accepted POST, so POSTs go one at a time.
  const cookie = (name) => (document.cookie.split('; ').find((c) => c.startsWith(name + '=')) || '').slice(name.length + 1);
  let queue = Promise.resolve();
  async function call(method, path, body) {
    const run = async () => {
      const headers = { Accept: 'application/json' };
      if (method !== 'GET') headers['X-XSRF-TOKEN'] = decodeURIComponent(cookie('XSRF-TOKEN'));
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const r = await fetch(API + path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
      const data = r.status === 204 ? null : await r.json().catch(() => null);
      if (r.status === 401 && path !== 'login') { showSignIn(); }
      if (!r.ok) { const e = new Error((data && data.detail) || r.statusText); e.status = r.status; e.problem = data; throw e; }
      return data;
    };
    if (method === 'GET') return run();
    const p = queue.then(run, run);
    queue = p.catch(() => {});
    return p;
  }
  const fail = (e) => say(t('error', { detail: e.message }));

  // ---- sign-in
  function showSignIn() {
    me = null;
    document.querySelectorAll('.tab').forEach((s) => (s.hidden = true));
    $('#nav').hidden = true; $('#signout').hidden = true; $('#who').textContent = '';
    $('#password-form').hidden = true; $('#signin-form').hidden = false;
  }
  function signedIn(member) {
    me = member;
    $('#signin-form').hidden = true;
    $('#who').textContent = member.email + ' (' + member.role + ')';
    $('#signout').hidden = false;
    if (member.mustChangePassword) { $('#password-form').hidden = false; return; }
    $('#password-form').hidden = true;
    $('#nav').hidden = false;
    document.querySelectorAll('#nav .admin').forEach((b) => (b.hidden = member.role !== 'admin'));
    show(location.hash.slice(1) || 'takes');
  }
  $('#signin-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    call('POST', 'login', { email: $('#email').value, password: $('#password').value })
      .then((s) => { say(''); $('#password').value = ''; signedIn(s.member); })
      .catch(fail);
  });
  $('#password-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    call('POST', 'password', { current: $('#current').value, password: $('#new-password').value })
      .then(() => call('GET', 'session')).then((s) => { say(t('passwordChanged')); signedIn(s.member); }).catch(fail);
  });
  $('#signout').addEventListener('click', () => call('POST', 'logout').then(() => { say(t('signedOut')); showSignIn(); }).catch(fail));

  // ---- tabs
  const loaders = {};
  function show(tab) {
    if (!loaders[tab]) tab = 'takes';
    location.hash = tab;
    document.querySelectorAll('.tab').forEach((s) => (s.hidden = s.id !== 'tab-' + tab));
    document.querySelectorAll('#nav button').forEach((b) => b.setAttribute('aria-current', b.dataset.tab === tab ? 'page' : 'false'));
    loaders[tab]();
  }
  document.querySelectorAll('#nav button').forEach((b) => b.addEventListener('click', () => show(b.dataset.tab)));

  // ---- takes: a keyboard-driven queue
  let takes = []; let current = 0; let next = null;
  const player = $('#player');
  function takeQuery(after) {
    const q = new URLSearchParams();
    [['verdict', '#f-verdict'], ['lang', '#f-lang'], ['country', '#f-country'], ['team', '#f-team']].forEach(([k, s]) => { if ($(s).value.trim()) q.set(k, $(s).value.trim()); });
    if (after) q.set('after', after);
    return 'takes?' + q;
  }
  loaders.takes = (after) => call('GET', takeQuery(after)).then((page) => {
    takes = after ? takes.concat(page.takes) : page.takes;
    next = page.next || null;
    if (!after) current = 0;
    renderTakes();
  }).catch(fail);
  function renderTakes() {
    const list = $('#takes');
    list.replaceChildren(...takes.map((k, i) => {
      const a = k.analysis || {};
      const figures = Object.entries(a).filter(([, v]) => typeof v !== 'object').map(([n, v]) => n + ' ' + (typeof v === 'number' ? Math.round(v * 100) / 100 : v)).join(' · ');
      return el('li', { class: 'take' + (i === current ? ' selected' : ''), 'data-id': k.recordingId },
        el('span', { class: 'verdict ' + k.verdict }, k.verdict),
        el('span', {}, [k.lang, k.country, k.team].filter(Boolean).join(' · ')),
        el('span', {}, Math.round(k.durationMs / 100) / 10 + ' s'),
        el('span', { class: 'figures' }, figures),
        el('span', { class: 'decision ' + (k.decision || '') }, k.decision ? t(k.decision) + (k.reason ? ': ' + k.reason : '') : ''));
    }));
    if (!takes.length) list.append(el('li', {}, t('noTakes')));
    $('#takes-more').hidden = !next;
    const sel = list.querySelector('.selected');
    if (sel) sel.scrollIntoView({ block: 'nearest' });
  }
  function select(i) {
    if (!takes.length) return;
    current = Math.max(0, Math.min(takes.length - 1, i));
    player.pause();
    renderTakes();
  }
  function togglePlay() {
    const k = takes[current];
    if (!k) return;
    if (player.dataset.id !== k.recordingId) { player.src = k.playUrl; player.dataset.id = k.recordingId; }
    if (player.paused) player.play().catch(fail); else player.pause();
  }
  player.addEventListener('play', () => document.querySelectorAll('li.take').forEach((li) => li.classList.toggle('playing', li.dataset.id === player.dataset.id)));
  player.addEventListener('pause', () => document.querySelectorAll('li.take').forEach((li) => li.classList.remove('playing')));
  function decide(decision, reason) {
    const k = takes[current];
    if (!k) return;
    call('POST', 'takes/' + k.recordingId + '/decision', reason ? { decision, reason } : { decision }).then((d) => {
      k.decision = d.decision; k.reason = d.reason;
      if (current < takes.length - 1) current++;
      renderTakes();
    }).catch(fail);
  }
  function askReason() {
    $('#reject-form').hidden = false;
    $('#reject-reason').value = '';
    $('#reject-reason').focus();
  }
  $('#reject-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const reason = $('#reject-reason').value.trim();
    if (!reason) { say(t('needReason')); return; }
    $('#reject-form').hidden = true;
    decide('reject', reason);
  });
  $('#reject-reason').addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { $('#reject-form').hidden = true; ev.stopPropagation(); } });
  document.addEventListener('keydown', (ev) => {
    if ($('#tab-takes').hidden || ev.target.closest('input, select, textarea') || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const keys = { j: () => select(current + 1), k: () => select(current - 1), ' ': togglePlay, a: () => decide('approve'), r: askReason };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
  });
  $('#f-apply').addEventListener('click', () => loaders.takes());
  $('#takes-more').addEventListener('click', () => loaders.takes(next));
  $('#bulk-approve').addEventListener('click', () => {
    const ids = takes.filter((k) => k.verdict === 'ok' && !k.decision).map((k) => k.recordingId);
    if (!ids.length) return;
    call('POST', 'takes/approve', { recordingIds: ids }).then((r) => { say(t('bulkDone', { n: r.approved.length, m: r.skipped })); loaders.takes(); }).catch(fail);
  });

  // ---- names
  loaders.names = () => call('GET', 'names').then((page) => {
    const list = $('#names');
    list.replaceChildren(...page.names.map((n) => {
      const reason = el('input', { size: 30, placeholder: t('reason'), className: 'name-reason' });
      const approve = el('button', { className: 'name-approve' }, t('approve'));
      const reject = el('button', { className: 'name-reject' }, t('reject'));
      approve.addEventListener('click', () => call('POST', 'names/' + n.shareId + '/decision', { decision: 'approve' }).then(loaders.names).catch(fail));
      reject.addEventListener('click', () => {
        if (!reason.value.trim()) { say(t('needReason')); reason.focus(); return; }
        call('POST', 'names/' + n.shareId + '/decision', { decision: 'reject', reason: reason.value.trim() }).then(loaders.names).catch(fail);
      });
      return el('li', { class: 'name', 'data-share': n.shareId },
        el('strong', {}, n.name), el('span', {}, n.lang + ' · ' + n.team),
        el('span', {}, ...n.matches.map((m) => el('span', { class: 'match' }, t('matched') + ': ' + m.word + ' (' + m.list + ')'))),
        el('span', {}, n.reports ? n.reports + ' ' + t('reports') : ''),
        el('a', { href: n.shareUrl, target: '_blank', rel: 'noopener' }, t('open')), reason, approve, reject);
    }));
    if (!page.names.length) list.append(el('li', {}, t('noNames')));
  }).catch(fail);

  // ---- stats, drawn as SVG
  function bars(title, points) {
    const w = 520; const h = 140; const max = Math.max(1, ...points.map((p) => p[1]));
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`); svg.setAttribute('width', w); svg.setAttribute('height', h);
    svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', title);
    const label = document.createElementNS(ns, 'text'); label.setAttribute('x', 6); label.setAttribute('y', 14);
    label.textContent = title + ' (max ' + max + ')'; svg.append(label);
    const bw = (w - 12) / Math.max(1, points.length);
    points.forEach((p, i) => {
      const r = document.createElementNS(ns, 'rect'); const bh = (h - 30) * p[1] / max;
      r.setAttribute('x', 6 + i * bw); r.setAttribute('y', h - 6 - bh); r.setAttribute('width', Math.max(1, bw - 1)); r.setAttribute('height', bh);
      const tip = document.createElementNS(ns, 'title'); tip.textContent = p[0] + ': ' + p[1]; r.append(tip);
      svg.append(r);
    });
    return svg;
  }
  const table = (title, counts) => el('div', {}, el('h3', {}, title), el('table', {}, el('tbody', {}, ...Object.entries(counts).map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, v))))));
  loaders.stats = () => call('GET', 'stats?bucket=' + $('#s-bucket').value).then((s) => {
    const tot = s.totals;
    $('#totals').replaceChildren(el('div', { class: 'totals' }, ...['fans', 'entries', 'artworks', 'mailsSent', 'mailsFailed'].map((k) => el('div', {}, t(k), el('b', {}, tot[k])))));
    $('#charts').replaceChildren(...Object.entries(s.series).map(([k, pts]) => bars(t(k), pts)));
    $('#breakdowns').replaceChildren(table(t('takesByVerdict'), tot.takesByVerdict), table(t('takesByDecision'), tot.takesByDecision),
      table(t('subscriptionsByState'), tot.subscriptionsByState), table(t('byLanguage'), s.byLanguage), table(t('byCountry'), s.byCountry), table(t('byTeam'), s.byTeam));
  }).catch(fail);
  $('#s-bucket').addEventListener('change', () => loaders.stats());

  // ---- the chorus mix: start a stem, follow it, download it; nudge the takes the aligner was unsure of
  const clock = (s) => Math.floor(s / 60) + ':' + String(Math.round(s % 60)).padStart(2, '0');
  let following = null;
  function stemLinks(m) {
    return m.stems.map((s) => el('li', {}, el('a', { href: s.url, download: s.name + '.' + s.format, className: 'stem ' + s.format }, t('mixDownload', { name: s.name, format: s.format }))));
  }
  function follow(mixId) {
    const seen = { id: mixId, start: null };
    following = seen;
    $('#mix-progress').hidden = false;
    $('#mix-eta').textContent = '';
    $('#mix-stems').replaceChildren();
    const poll = () => call('GET', 'mixes/' + mixId).then((m) => {
      if (following !== seen) return;
      $('#mix-state').textContent = t('mixProgress', { id: mixId.slice(0, 8), state: t(m.state), done: m.done, total: m.total });
      $('#mix-progress').dataset.state = m.state;
      const bar = $('#mix-bar');
      bar.max = Math.max(1, m.total); bar.value = m.done;
      if (m.state === 'done') {
        $('#mix-eta').textContent = '';
        $('#mix-stems').replaceChildren(...stemLinks(m));
        loadMixes();
        return;
      }
      if (m.state === 'failed') { say(t('mixFailed', { detail: m.error || '' })); loadMixes(); return; }
      // the rate so far, from the first look at this mix: jobs per second, and the jobs left at that rate
      const now = Date.now();
      if (!seen.start) seen.start = { at: now, done: m.done };
      const rate = (m.done - seen.start.done) / Math.max(0.001, (now - seen.start.at) / 1000);
      $('#mix-eta').textContent = rate > 0 ? t('mixEta', { time: clock((m.total - m.done) / rate) }) : t('mixEtaUnknown');
      setTimeout(poll, 1000);
    }).catch(fail);
    return poll();
  }
  function loadMixes() {
    return call('GET', 'mixes').then((r) => {
      $('#mixes').replaceChildren(...r.mixes.map((m) => {
        const stems = el('td', {});
        if (m.state === 'done') {
          const b = el('button', { className: 'mix-stems' }, t('mixDownloads'));
          b.addEventListener('click', () => follow(m.mixId));
          stems.append(b);
        }
        return el('tr', { 'data-mix': m.mixId }, el('td', {}, m.createdAt), el('td', {}, m.stem), el('td', {}, m.takes), el('td', {}, m.cutoffAt),
          el('td', { class: 'mix-state ' + m.state }, t(m.state) + (m.containsErased ? ' · ' + t('mixErased') : '')
            + (m.missingTakes ? ' · ' + t('mixMissing', { n: m.missingTakes }) : '')), stems);
      }));
      if (!r.mixes.length) $('#mixes').append(el('tr', {}, el('td', { colSpan: 6 }, t('noMixes'))));
    }).catch(fail);
  }
  function loadGroups() {
    return call('GET', 'mix-groups').then((r) => {
      const sel = $('#mix-group'); const keep = sel.value;
      sel.replaceChildren(sel.options[0], ...r.groups.map((g) => el('option', { value: g.name }, g.name + ' (' + [g.team, g.country, g.lang].filter(Boolean).join(' · ') + ')')));
      sel.value = keep;
    }).catch(fail);
  }
  const reviewPlayer = $('#review-player');
  function renderReview(k) {
    const ms = el('input', { type: 'number', min: -3000, max: 3000, step: 5, value: 0, size: 6, className: 'nudge-ms', title: t('nudgeMs') });
    const listen = el('button', { className: 'listen', disabled: !k.previewUrl }, k.previewUrl ? t('listen') : t('previewPending'));
    const nudge = el('button', { className: 'nudge' }, t('nudge'));
    const li = el('li', { class: 'take review', 'data-id': k.recordingId },
      el('span', { className: 'offset' }, t('offsetNow', { ms: k.alignedOffsetMs != null && !k.needsReview ? k.alignedOffsetMs : k.offsetMs, c: k.confidence == null ? '–' : k.confidence })),
      listen, ms, el('span', { class: 'hint' }, t('nudgeMs')), nudge);
    listen.addEventListener('click', () => { reviewPlayer.src = k.previewUrl; reviewPlayer.play().catch(fail); });
    nudge.addEventListener('click', () => {
      const delta = Math.round(Number(ms.value));
      if (!delta) { ms.focus(); return; }
      call('POST', 'alignments/' + k.recordingId + '/nudge', { deltaMs: delta }).then((r) => {
        say(t('nudged', { ms: r.offsetMs }));
        // the take stays listed at its new offset until its preview, made again there, can be heard
        const replace = (a) => { const cur = document.querySelector('li.review[data-id="' + k.recordingId + '"]'); if (cur) cur.replaceWith(renderReview(a)); };
        const wait = (tries) => call('GET', 'alignments/' + k.recordingId).then((a) => {
          replace(a);
          if (!a.previewUrl && tries > 0) setTimeout(() => wait(tries - 1), 1500);
        }).catch(fail);
        wait(40);
      }).catch(fail);
    });
    return li;
  }
  function loadReview() {
    return call('GET', 'alignments').then((r) => {
      $('#review').replaceChildren(...r.takes.map(renderReview));
      if (!r.takes.length) $('#review').append(el('li', {}, t('noReview')));
    }).catch(fail);
  }
  loaders.mixes = () => {
    document.querySelectorAll('#tab-mixes .admin').forEach((e) => (e.hidden = me.role !== 'admin'));
    return Promise.all([loadGroups(), loadMixes(), loadReview()]);
  };
  $('#mix-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const group = $('#mix-group').value;
    call('POST', 'mixes', group ? { group } : {}).then((r) => { say(''); loadMixes(); follow(r.mixId); }).catch(fail);
  });
  $('#group-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = { name: $('#g-name').value.trim() };
    [['team', '#g-team'], ['country', '#g-country'], ['lang', '#g-lang']].forEach(([k, s]) => { if ($(s).value.trim()) body[k] = $(s).value.trim(); });
    call('POST', 'mix-groups', body).then((g) => { say(t('groupSaved', { name: g.name })); loadGroups(); }).catch(fail);
  });

  // ---- the contest draw
  function renderDraw(body) {
    const d = body.draw; const box = $('#draw');
    $('#seed-card').hidden = !d || !!d.seed;
    if (!d) { box.replaceChildren(el('p', {}, t('noDraw'))); return; }
    const winners = el('ol', { id: 'draw-winners-list' }, ...d.winnersList.map((w) => {
      const b = el('button', { className: 'redraw' }, t('redraw'));
      b.addEventListener('click', () => {
        const reason = window.prompt(t('redrawReason'));
        if (reason) call('POST', 'draw/' + d.id + '/redraw', { entryId: w.entryId, reason }).then(renderDraw).catch(fail);
      });
      return el('li', { 'data-entry': w.entryId }, el('code', {}, w.entryId), ' ', w.email, ' ', b);
    }));
    box.replaceChildren(el('div', { class: 'card' },
      el('p', {}, t('drawFrozen', { id: d.id, n: d.entryCount, at: d.frozenAt, terms: d.termsVersion })),
      el('p', {}, t('listHash') + ': ', el('code', { id: 'draw-hash' }, d.listSha256)),
      el('p', {}, el('a', { id: 'draw-entries', href: d.entriesUrl, download: 'draw-' + d.id + '-entries.txt' }, t('downloadList'))),
      d.seed ? el('p', {}, t('drawSeed') + ': ', el('code', { id: 'draw-seed' }, d.seed)) : '',
      winners,
      d.redraws.length ? el('p', {}, t('redraws') + ': ' + d.redraws.map((r) => r.entryId.slice(0, 8) + '… ' + r.reason).join('; ')) : ''));
    box.dataset.drawId = d.id;
  }
  loaders.draw = () => call('GET', 'draw').then(renderDraw).catch(fail);
  $('#freeze').addEventListener('click', () => call('POST', 'draw/freeze', { winners: Number($('#draw-winners').value) }).then(renderDraw).catch(fail));
  $('#set-seed').addEventListener('click', () => call('POST', 'draw/' + $('#draw').dataset.drawId + '/seed', { seed: $('#seed').value.trim() }).then(renderDraw).catch(fail));

  loaders.exports = () => {};

  // ---- audit
  loaders.audit = () => {
    const q = new URLSearchParams();
    [['actor', '#a-actor'], ['action', '#a-action'], ['target', '#a-target']].forEach(([k, s]) => { if ($(s).value.trim()) q.set(k, $(s).value.trim()); });
    return call('GET', 'audit?' + q).then((a) => $('#audit').replaceChildren(...a.entries.map((e) => el('tr', {},
      el('td', {}, e.at), el('td', {}, e.actor), el('td', {}, e.action), el('td', {}, e.target || ''), el('td', {}, el('code', {}, JSON.stringify(e.details))))))).catch(fail);
  };
  $('#a-apply').addEventListener('click', () => loaders.audit());

  // ---- privacy: the campaign's end date and retention period (a suggestion from the campaign file until set)
  function renderRetention(r) {
    const p = r.policy || r.suggested;
    $('#r-end').value = p.endDate; $('#r-days').value = p.retentionDays;
    const run = r.lastRun ? t('lastRun', { at: r.lastRun.at, details: JSON.stringify(r.lastRun.details.deleted || {}) }) : t('noRunYet');
    $('#retention-state').textContent = (r.policy ? t('retentionSet', { due: r.policy.dueAt }) : t('retentionUnset')) + ' ' + run;
  }
  loaders.privacy = () => call('GET', 'settings/retention').then(renderRetention).catch(fail);
  $('#retention-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    call('PUT', 'settings/retention', { endDate: $('#r-end').value, retentionDays: Number($('#r-days').value) })
      .then((r) => { say(t('saved')); renderRetention(r); }).catch(fail);
  });

  // ---- team
  loaders.team = () => call('GET', 'members').then((m) => $('#members').replaceChildren(...m.members.map((x) => {
    const toggle = el('button', {}, x.disabled ? t('enable') : t('disable'));
    toggle.addEventListener('click', () => call('POST', 'members/' + x.id, { disabled: !x.disabled }).then(loaders.team).catch(fail));
    const reset = el('button', {}, t('resetPassword'));
    reset.addEventListener('click', () => call('POST', 'members/' + x.id + '/reset').then((r) => { $('#one-time').textContent = t('oneTime', { email: r.email, password: r.oneTimePassword }); }).catch(fail));
    return el('li', {}, x.email + ' · ' + x.role + (x.disabled ? ' · disabled' : '') + ' ', x.id === me.id ? '' : toggle, ' ', x.id === me.id ? '' : reset);
  }))).catch(fail);
  $('#member-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    call('POST', 'members', { email: $('#m-email').value, role: $('#m-role').value })
      .then((r) => { $('#one-time').textContent = t('oneTime', { email: r.email, password: r.oneTimePassword }); loaders.team(); }).catch(fail);
  });
  $('#unlock-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = {};
    if ($('#u-email').value.trim()) body.email = $('#u-email').value.trim();
    if ($('#u-ip').value.trim()) body.ip = $('#u-ip').value.trim();
    call('POST', 'lockouts/lift', body).then(() => say(t('unlocked'))).catch(fail);
  });

  // ---- start: texts, then the session (which also hands out the first CSRF token)
  fetch('i18n/' + (document.documentElement.lang || 'en') + '.json').then((r) => r.json()).then((texts) => {
    T = texts;
    document.querySelectorAll('[data-t]').forEach((e) => (e.textContent = t(e.dataset.t)));
    document.querySelectorAll('[data-tp]').forEach((e) => (e.placeholder = t(e.dataset.tp)));
    document.title = t('title');
    return call('GET', 'session');
  }).then((s) => (s.signedIn ? signedIn(s.member) : showSignIn())).catch(fail);
})();
