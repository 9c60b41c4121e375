/* Subscribe and enter the contest: inline checks that mirror the API, the API's own messages next to each field. */
'use strict';
(function () {
  const C = window.Chorus;
  const $ = C.$;
  // the API's rules (chorus.fan.Emails and chorus.fan.Names), so the fan hears about a mistake before sending
  const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
  const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
  const BAD_NAME = /[\p{Cc}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/u;
  const NAME_MAX = 64;
  const FIELD_OF = { email: 'email', name: 'name', team: 'team', contest: 'contest', termsVersion: 'contest', newsletter: 'contest' };
  let campaign = null;
  C.join = { subscription: null };

  function graphemes(s) {
    if (window.Intl && Intl.Segmenter) return Array.from(new Intl.Segmenter(C.lang, { granularity: 'grapheme' }).segment(s)).length;
    return Array.from(s).length;
  }

  function emailOk(email) {
    const at = email.lastIndexOf('@');
    if (email.length > 254 || at < 1 || at === email.length - 1) return false;
    const local = email.slice(0, at);
    if (/[/?#:@[\]\\\s%]/.test(email.slice(at + 1))) return false;
    let domain;
    try {
      domain = new URL('http://' + email.slice(at + 1)).hostname; // lower-cased, international names in ASCII form
    } catch (e) {
      return false;
    }
    return local.length <= 64 && LOCAL.test(local) && domain.length <= 253 && DOMAIN.test(domain);
  }

  const values = () => ({
    email: $('email').value.trim(),
    name: $('name').value.trim().normalize('NFC'),
    team: $('team').value,
  });

  /** The translation key of what is wrong with a field, or null. Same rules as the API. */
  function problemOf(field, v) {
    if (field === 'email') return emailOk(v.email) ? null : 'errEmail';
    if (field === 'name') {
      const n = graphemes(v.name);
      return n < 1 || n > NAME_MAX || BAD_NAME.test(v.name) ? 'errName' : null;
    }
    if (field === 'team') return v.team ? null : 'errTeam';
    return null;
  }

  function mark(field, key, raw) {
    const err = $(field + '-err');
    const input = $(field);
    if (raw) C.sayRaw(err, raw, 'error');
    else C.say(err, key, key === 'errName' ? { max: NAME_MAX } : null, 'error');
    if (key || raw) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  function checkOne(field) {
    mark(field, problemOf(field, values()));
  }

  C.join.init = function (c) {
    campaign = c;
    const sel = $('team');
    const keep = sel.value;
    const collator = new Intl.Collator(C.lang);
    const teams = c.teams.slice().sort((a, b) => collator.compare(a.name, b.name));
    sel.replaceChildren(sel.options[0], ...teams.map((t) => new Option(t.name, t.id)));
    sel.value = keep;
    showCrest();
    C.say($('name-hint'), 'nameHint', { max: NAME_MAX });
    $('terms-text').textContent = (c.contest && c.contest.terms) || c.texts.contestTerms || '';
  };

  C.join.prefill = function (sub) {
    if (!sub) return;
    $('email').value = sub.email || '';
    $('name').value = sub.name || '';
    $('team').value = sub.team || '';
    $('newsletter').checked = !!sub.newsletter;
    $('contest').checked = !!sub.contest;
    showCrest();
  };

  function showCrest() {
    const team = campaign && campaign.teams.find((t) => t.id === $('team').value);
    const img = $('crest');
    img.hidden = !team;
    if (team) img.src = team.crestUrl;
  }

  async function submit(e) {
    e.preventDefault();
    const v = values();
    const wrong = ['email', 'name', 'team'].filter((f) => {
      const key = problemOf(f, v);
      mark(f, key);
      return key;
    });
    mark('contest');
    if (wrong.length) {
      C.say($('join-summary'), 'fixErrors', null, 'error');
      $(wrong[0]).focus();
      return;
    }
    C.say($('join-summary'));
    const body = { email: v.email, name: v.name, team: v.team, lang: C.lang, newsletter: $('newsletter').checked, contest: $('contest').checked };
    if (body.contest) body.termsVersion = campaign.contest.termsVersion;
    $('join-submit').disabled = true;
    C.say($('join-status'), 'saving');
    try {
      const sub = await C.api('POST', '/api/fan/subscription', body);
      C.join.subscription = sub;
      C.say($('join-status'), 'joined', null, 'good');
      C.art.make(sub.name || v.name, sub.team || v.team);
    } catch (err) {
      C.say($('join-status'));
      showServerProblem(err);
    } finally {
      $('join-submit').disabled = false;
    }
  }

  function showServerProblem(err) {
    const p = err instanceof C.ApiError ? err.problem : null;
    if (err.status === 409 && p && /\/email-taken$/.test(p.type || '')) {
      mark('email', 'emailTaken');
      $('email').focus();
      return;
    }
    if (err.status === 409 && p && /\/contest-closed$/.test(p.type || '')) {
      mark('contest', null, p.detail);
      return;
    }
    const fieldErrors = (p && Array.isArray(p.errors) ? p.errors : []).filter((x) => FIELD_OF[x.field]);
    if (err.status >= 400 && err.status < 500 && err.status !== 429 && fieldErrors.length) {
      fieldErrors.forEach((x) => mark(FIELD_OF[x.field], null, x.detail || C.t('fixErrors')));
      C.say($('join-summary'), 'fixErrors', null, 'error');
      $(FIELD_OF[fieldErrors[0].field]).focus();
      return;
    }
    C.sayFailure($('join-summary'), err);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('join-form').addEventListener('submit', submit);
    ['email', 'name'].forEach((f) => {
      $(f).addEventListener('blur', () => { if ($(f).value) checkOne(f); });
      $(f).addEventListener('input', () => { if ($(f).getAttribute('aria-invalid')) checkOne(f); });
    });
    $('team').addEventListener('change', () => { showCrest(); checkOne('team'); });
    $('contest').addEventListener('change', () => mark('contest'));
  });
})();
