/* Sending a take: ask the API for an upload target, PUT the bytes with progress, confirm; retries with backoff. */
'use strict';
(function () {
  const C = window.Chorus;
  const $ = C.$;
  const BACKOFF_SECONDS = [1, 2, 4, 8, 16, 30];
  const FORBIDDEN = /^(content-length|host|connection)$/i; // the browser sets these itself
  let busy = false;
  C.send = { done: false };

  const retryable = (e) => e instanceof C.ApiError && (e.status === 0 || e.status === 408 || e.status === 429 || (e.status >= 500 && e.status <= 504));

  function problemOf(xhr) {
    try {
      return /json/.test(xhr.getResponseHeader('Content-Type') || '') ? JSON.parse(xhr.responseText) : null;
    } catch (e) {
      return null;
    }
  }

  function put(upload, blob, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(upload.method || 'PUT', upload.url);
      Object.entries(upload.headers || {}).forEach(([k, v]) => { if (!FORBIDDEN.test(k)) xhr.setRequestHeader(k, v); });
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
      xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve()
        : reject(new C.ApiError(xhr.status, problemOf(xhr), C.retryAfter(xhr.getResponseHeader('Retry-After')))));
      xhr.onerror = () => reject(new C.ApiError(0, null, null));
      xhr.ontimeout = xhr.onerror;
      xhr.send(blob);
    });
  }

  /** Runs fn again after network failures, 5xx and 429 (honouring Retry-After), waiting longer each time. */
  async function withRetry(fn) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!retryable(e) || attempt >= BACKOFF_SECONDS.length) throw e;
        const wait = e.retryAfter !== null && e.retryAfter !== undefined ? Math.min(e.retryAfter, 60) : BACKOFF_SECONDS[attempt];
        // a limit is not a lost connection: say what happened and when the take goes again
        C.say($('send-status'), e.status === 429 ? 'limitedRetry' : 'uploadRetry', { seconds: wait });
        await C.sleep(wait * 1000);
        C.say($('send-status'), 'uploading');
      }
    }
  }

  function progress(fraction) {
    $('upload-progress').value = Math.round(fraction * 100);
  }

  async function send() {
    const take = C.sing.take;
    if (!take || busy) return;
    busy = true;
    $('send').disabled = true;
    $('redo').disabled = true;
    $('send-retry').hidden = true;
    $('upload').hidden = false;
    progress(0);
    C.say($('send-status'), 'uploading');
    try {
      const created = await withRetry(() => C.api('POST', '/api/fan/recordings',
        // where the take sits on the track, as the recorder measured it ('none' for a chosen file)
        { contentType: take.contentType, bytes: take.blob.size, durationMs: take.durationMs, takeId: take.takeId,
          offsetMs: take.offsetMs || 0, offsetMethod: take.offsetMethod || 'none' }));
      await withRetry(() => put(created.upload, take.blob, progress));
      await withRetry(() => C.api('POST', '/api/fan/recordings/' + encodeURIComponent(created.recordingId) + '/complete'));
      progress(1);
      C.send.done = true;
      $('send').hidden = true;
      C.say($('send-status'), 'uploadDone', null, 'good');
      C.say($('rec-status'));
      if (C.verdict) C.verdict.watch(created.recordingId);
    } catch (e) {
      console.warn('sending the take failed:', e.status, e.problem && JSON.stringify(e.problem)); // the problem's detail, readable in a log
      $('upload').hidden = true;
      // the take's upload URL expired or the take was dropped: the next try sends the same recording as a new take
      if (e instanceof C.ApiError && e.status === 409 && /(upload-expired|take-gone)$/.test(e.type)) take.takeId = C.recorder.takeId();
      if (e instanceof C.ApiError && e.status === 422) {
        C.say($('send-status'), 'uploadRejected', null, 'error');
      } else {
        if (e instanceof C.ApiError && e.status === 0) C.say($('send-status'), 'uploadFailed', null, 'error');
        else C.sayFailure($('send-status'), e);
        $('send-retry').hidden = false;
      }
      $('send').disabled = false;
    } finally {
      busy = false;
      $('redo').disabled = false;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('send').addEventListener('click', send);
    $('send-retry').addEventListener('click', send);
    C.sing.onTake = () => {
      C.send.done = false;
      $('send').hidden = false;
      $('upload').hidden = true;
      $('send-retry').hidden = true;
      C.say($('send-status'));
    };
  });
})();
