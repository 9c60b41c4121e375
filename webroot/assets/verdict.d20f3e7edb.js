/*
 * The audio pipeline's verdict on a sent take: after "complete", GET /api/fan is asked (a bounded number of times)
 * until the take's verdict is no longer pending; #send-status then carries it as data-verdict and says it in the
 * fan's language, with a retake offered when singing again would help. Shared as window.Chorus.verdict.
 */
'use strict';
(function () {
  const C = window.Chorus;
  const $ = C.$;
  const FIRST_WAIT_MS = 2000; // "your take is in" stays readable before the verdict replaces it
  const EVERY_MS = 2000;
  const TRIES = 45; // about a minute and a half, then the page stops asking (the take is in either way)
  const KEYS = { ok: 'verdictOk', silent: 'verdictSilent', too_quiet: 'verdictTooQuiet', clipped: 'verdictClipped',
    too_short: 'verdictTooShort', bleed: 'verdictBleed', undecodable: 'verdictUndecodable' };
  const RETAKE = ['silent', 'too_quiet', 'clipped', 'bleed'];
  let watching = null; // the recording id asked about; a new take or a new watch ends the old one

  function reset() {
    watching = null;
    delete $('send-status').dataset.verdict;
    $('verdict-retake').hidden = true;
  }

  function show(verdict) {
    const el = $('send-status');
    el.dataset.verdict = verdict;
    const key = KEYS[verdict];
    if (!key) return; // a verdict this page does not know yet: keep "your take is in"
    const tone = verdict === 'ok' ? 'good' : 'error';
    C.say(el, key, null, tone);
    $('verdict-retake').hidden = !RETAKE.includes(verdict);
  }

  async function watch(recordingId) {
    reset();
    watching = recordingId;
    $('send-status').dataset.verdict = 'pending';
    await C.sleep(FIRST_WAIT_MS);
    for (let i = 0; i < TRIES && watching === recordingId; i++) {
      try {
        const fan = await C.api('GET', '/api/fan');
        const take = ((fan && fan.recordings) || []).find((r) => r.recordingId === recordingId);
        if (!take) return; // erased or replaced meanwhile: nothing to say about it
        if (take.verdict && take.verdict !== 'pending') {
          if (watching === recordingId) show(take.verdict);
          return;
        }
      } catch (e) {
        console.warn('waiting for the verdict:', e.status); // the take is in; a missed answer only delays the verdict
      }
      await C.sleep(EVERY_MS);
    }
  }

  C.verdict = { watch, reset };

  document.addEventListener('DOMContentLoaded', () => {
    $('verdict-retake').addEventListener('click', () => {
      reset();
      C.say($('send-status'));
      $('redo').click();
    });
    // a new take (recorded or chosen) ends the watch on the old one
    const before = C.sing.onTake;
    C.sing.onTake = (take) => {
      reset();
      if (before) before(take);
    };
  });
})();
