// Autosave of assessment answers. Every change is kept in localStorage until the server has
// acknowledged it, so nothing typed is lost to a flaky connection, a closed tab or a second
// window; saves are retried with backoff, and each question shows whether it is saved.
(function () {
  'use strict';

  var root = document.getElementById('assessment');
  if (!root || root.dataset.editable !== 'true') return;

  var assessmentId = root.dataset.assessment;
  var storageKey = 'vetted-autosave:' + assessmentId;
  var form = document.getElementById('answers-form');
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var messages = root.dataset;
  var values = JSON.parse(root.dataset.values || '{}');
  var channel =
    'BroadcastChannel' in window ? new BroadcastChannel('vetted-assessment-' + assessmentId) : null;
  var inFlight = {};
  var timers = {};
  var retryDelay = {};

  function loadQueue() {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || '{}');
    } catch {
      return {};
    }
  }

  function storeQueue(queue) {
    try {
      localStorage.setItem(storageKey, JSON.stringify(queue));
    } catch {
      // Storage full or blocked: saving still works, only the safety copy is missing.
    }
  }

  function newSaveId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return 'save-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
  }

  function article(key) {
    return document.getElementById('q-' + key);
  }

  function fieldsOf(key) {
    return document.querySelectorAll('[name="q_' + key + '"]');
  }

  function noteField(key) {
    return document.getElementById('note_' + key);
  }

  function readValue(key) {
    var box = article(key);
    var type = box.dataset.type;
    var fields = fieldsOf(key);
    if (type === 'multi_choice') {
      return Array.prototype.filter
        .call(fields, function (field) {
          return field.checked;
        })
        .map(function (field) {
          return field.value;
        });
    }
    if (type === 'yes_no' || type === 'single_choice') {
      var checked = Array.prototype.find.call(fields, function (field) {
        return field.checked;
      });
      return checked ? checked.value : '';
    }
    return fields[0] ? fields[0].value : '';
  }

  function writeValue(key, value, note) {
    var type = article(key).dataset.type;
    var chosen = Array.isArray(value)
      ? value.map(String)
      : value === null || value === undefined
        ? []
        : [String(value)];
    Array.prototype.forEach.call(fieldsOf(key), function (field) {
      if (type === 'multi_choice' || type === 'yes_no' || type === 'single_choice')
        field.checked = chosen.indexOf(field.value) !== -1;
      else field.value = chosen[0] || '';
    });
    var noteInput = noteField(key);
    if (noteInput && note !== undefined) noteInput.value = note || '';
  }

  function setState(key, state, text) {
    var box = article(key);
    if (!box) return;
    var label = box.querySelector('[data-save-state]');
    box.dataset.saveState = state;
    label.textContent = text;
    label.className =
      'save-state help' +
      (state === 'failed' || state === 'offline'
        ? ' has-text-danger'
        : state === 'saved'
          ? ' has-text-success'
          : '');
    if (state === 'failed' || state === 'offline') {
      var retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'button is-small is-text';
      retry.textContent = messages.msgRetry;
      retry.addEventListener('click', function () {
        send(key);
      });
      label.appendChild(document.createTextNode(' '));
      label.appendChild(retry);
    }
    updateSummary();
  }

  function updateSummary() {
    var summary = document.getElementById('save-summary');
    if (!summary) return;
    var pending = Object.keys(loadQueue()).length;
    summary.textContent =
      pending === 0 ? messages.msgSaved : messages.msgPending.replace('{{count}}', String(pending));
  }

  // The question's "to do" tag follows what the server says is still missing.
  function showMissing(key, missing) {
    var tag = article(key).querySelector('.missing-tag');
    if (!missing) {
      if (tag) tag.remove();
      return;
    }
    if (!tag) {
      tag = document.createElement('span');
      tag.className = 'tag is-danger is-light missing-tag';
      var tags = article(key).querySelector('.tags');
      if (tags) tags.appendChild(tag);
    }
    tag.textContent = root.dataset['msgMissing' + missing.charAt(0).toUpperCase() + missing.slice(1)] || '';
  }

  function timeNow() {
    return new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  // Shows or hides questions whose condition depends on another answer.
  function applyConditions() {
    var shown = {};
    Array.prototype.forEach.call(document.querySelectorAll('[data-question]'), function (box) {
      var rule = box.dataset.showIf ? JSON.parse(box.dataset.showIf) : null;
      var visible = true;
      if (rule) {
        var answer = values[rule.question];
        var chosen = Array.isArray(answer)
          ? answer
          : answer === null || answer === undefined
            ? []
            : [String(answer)];
        var targetShown = shown[rule.question] !== undefined ? shown[rule.question] : true;
        visible =
          targetShown &&
          chosen.some(function (value) {
            return rule.anyOf.indexOf(value) !== -1;
          });
      }
      shown[box.dataset.question] = visible;
      box.hidden = !visible;
    });
  }

  function queueChange(key) {
    var queue = loadQueue();
    var box = article(key);
    var value = readValue(key);
    var noteInput = noteField(key);
    values[key] = value;
    queue[key] = {
      value: value,
      note: noteInput ? noteInput.value : undefined,
      saveId: newSaveId(),
      baseRevision: Number(box.dataset.revision || 0),
      at: Date.now(),
    };
    storeQueue(queue);
    applyConditions();
    setState(key, 'pending', messages.msgSaving);
  }

  function scheduleRetry(key) {
    var delay = Math.min((retryDelay[key] || 1000) * 2, 30000);
    retryDelay[key] = delay;
    clearTimeout(timers['retry-' + key]);
    timers['retry-' + key] = setTimeout(function () {
      send(key);
    }, delay);
  }

  function send(key) {
    var entry = loadQueue()[key];
    if (!entry || inFlight[key]) return;
    inFlight[key] = entry.saveId;
    setState(key, 'saving', messages.msgSaving);
    fetch('/assessments/' + assessmentId + '/answers/' + key, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({
        value: entry.value,
        note: entry.note,
        saveId: entry.saveId,
        baseRevision: entry.baseRevision,
      }),
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (body) {
            return { status: response.status, body: body };
          });
      })
      .then(function (result) {
        delete inFlight[key];
        var queue = loadQueue();
        if (result.status === 200 && result.body.ok) {
          retryDelay[key] = 0;
          article(key).dataset.revision = String(result.body.revision);
          showMissing(key, result.body.missing);
          // A newer change may have been typed while this one was on its way.
          if (queue[key] && queue[key].saveId === entry.saveId) {
            delete queue[key];
            storeQueue(queue);
            setState(
              key,
              'saved',
              messages.msgSaved +
                ' · ' +
                timeNow() +
                (result.body.overwrote ? ' · ' + messages.msgOther : ''),
            );
          } else if (queue[key]) {
            queue[key].baseRevision = result.body.revision;
            storeQueue(queue);
            send(key);
          }
          if (channel)
            channel.postMessage({
              key: key,
              value: result.body.value,
              note: result.body.note,
              revision: result.body.revision,
            });
          return;
        }
        if (result.status >= 400 && result.status < 500 && result.status !== 429 && result.status !== 408) {
          // The server refused this value (invalid, or the assessment is locked): keep it on
          // screen, say why, and stop retrying it.
          delete queue[key];
          storeQueue(queue);
          setState(key, 'failed', (result.body.error && result.body.error.message) || messages.msgFailed);
          return;
        }
        setState(key, 'failed', messages.msgFailed);
        scheduleRetry(key);
      })
      .catch(function () {
        delete inFlight[key];
        setState(key, 'offline', messages.msgOffline);
        scheduleRetry(key);
      });
  }

  function onEdit(event, immediate) {
    var box = event.target.closest('[data-question]');
    if (!box || !event.target.form || event.target.form.id !== 'answers-form') return;
    var key = box.dataset.question;
    queueChange(key);
    clearTimeout(timers[key]);
    timers[key] = setTimeout(
      function () {
        send(key);
      },
      immediate ? 0 : 700,
    );
  }

  document.addEventListener('input', function (event) {
    var type = event.target.type;
    onEdit(event, type === 'radio' || type === 'checkbox');
  });
  document.addEventListener('change', function (event) {
    onEdit(event, true);
  });

  // Another window of the same assessment saved: take its answer unless a change to it is still
  // waiting to be saved. Whether the field has the focus says nothing: it keeps the focus while
  // the user types in the other window, and this one would go on showing an overwritten answer.
  if (channel) {
    channel.onmessage = function (event) {
      var message = event.data;
      var box = article(message.key);
      if (!box || loadQueue()[message.key]) return;
      writeValue(message.key, message.value, message.note);
      values[message.key] = message.value;
      box.dataset.revision = String(message.revision);
      applyConditions();
      setState(message.key, 'saved', messages.msgOther);
    };
  }

  window.addEventListener('online', function () {
    Object.keys(loadQueue()).forEach(send);
  });

  window.addEventListener('beforeunload', function (event) {
    if (Object.keys(inFlight).length > 0) {
      event.preventDefault();
      event.returnValue = '';
    }
  });

  // Changes left from an earlier visit (closed tab, lost connection) are put back and sent.
  var leftover = loadQueue();
  Object.keys(leftover).forEach(function (key) {
    if (!article(key)) return;
    writeValue(key, leftover[key].value, leftover[key].note);
    values[key] = leftover[key].value;
    send(key);
  });
  applyConditions();
  updateSummary();
})();
