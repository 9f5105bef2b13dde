/* The A test's sitting pages: the server's countdown, heartbeat, focus-loss log, and answers
 * kept in the browser until the server confirms them.
 *
 * The time shown always comes from the server: the page renders the remaining seconds, the
 * heartbeat (every 15 s) corrects them, and the countdown between beats uses the monotonic
 * clock (performance.now), so a wrong PC clock, a background tab or laptop sleep do not matter.
 * Answers themselves are saved by autosave.js (docs/autosave.md); this script resends answers
 * of OTHER items still waiting in localStorage (e.g. the network dropped just before moving on).
 */
(function () {
  "use strict";
  var HEARTBEAT_MS = 15000;
  var bar = document.getElementById("sitting-bar");

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function post(url, body, keepalive) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", redirect: "manual", keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body || {})
    });
  }

  function localKeys(prefix) {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) keys.push(key);
      }
    } catch (e) { /* storage disabled */ }
    return keys;
  }

  // The result page: everything of this sitting is on the server; forget the local copies.
  var clear = document.querySelector("[data-autosave-clear-prefix]");
  if (clear) {
    localKeys("autosave:" + clear.getAttribute("data-autosave-clear-prefix")).forEach(function (k) {
      try { localStorage.removeItem(k); } catch (e) { /* ignore */ }
    });
  }
  if (!bar) return;

  var sitting = bar.dataset.sitting;
  var prefix = "autosave:theory:" + sitting + ":";
  var i18n = JSON.parse((document.getElementById("theory-i18n") || {}).textContent || "{}");
  var timerEl = document.getElementById("timer");
  var announce = document.getElementById("time-announce");
  var pausedBanner = document.getElementById("paused-banner");
  var remaining = parseInt(bar.dataset.remaining, 10) || 0;
  var syncedAt = performance.now();
  var status = bar.dataset.status;
  var focusLost = 0;
  var lastLoss = 0;
  var announced = {};
  var form = document.getElementById("item-form");
  var ownKey = form ? "autosave:" + form.dataset.autosaveKey : null;

  function left() {
    if (status === "paused") return remaining;
    return Math.max(0, remaining - Math.floor((performance.now() - syncedAt) / 1000));
  }

  function show() {
    var s = left();
    var text = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    if (timerEl.textContent !== text) timerEl.textContent = text;
    [10, 5, 1].forEach(function (m) {
      if (s <= m * 60 && s > m * 60 - 5 && !announced[m]) {
        announced[m] = true;
        announce.textContent = m === 1 ? i18n.oneMinuteLeft : String(i18n.minutesLeft).replace("{n}", m);
      }
    });
    if (s === 0 && !announced.up) {
      announced.up = true;
      announce.textContent = i18n.timeUp;
      setTimeout(beat, 3000);
    }
  }

  function setPaused(paused) {
    if (pausedBanner) pausedBanner.hidden = !paused;
    if (form) {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.type !== "hidden") el.disabled = paused;
      });
    }
  }

  function beat() {
    var lost = focusLost;
    focusLost = 0;
    post(bar.dataset.heartbeatUrl, { focus_lost: lost }).then(function (response) {
      if (!response.ok) { focusLost += lost; return null; }
      return response.json();
    }).then(function (data) {
      if (!data) return;
      remaining = data.remaining_seconds;
      syncedAt = performance.now();
      if (data.status !== status) setPaused(data.status === "paused");
      status = data.status;
      if (status !== "in_progress" && status !== "paused") window.location.assign(data.result_url);
    }, function () { focusLost += lost; });
  }

  function lostFocus() {
    var now = Date.now();
    if (now - lastLoss < 1000) return;  // blur and visibilitychange fire together
    lastLoss = now;
    focusLost += 1;
  }
  window.addEventListener("blur", lostFocus);
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) lostFocus(); else beat();
  });
  window.addEventListener("online", function () { resendOthers(); beat(); });

  // Answers of other items that never reached the server: send them now.
  function resendOthers() {
    var keys = localKeys(prefix).filter(function (k) { return k !== ownKey; });
    var pending = keys.length;
    var warning = document.getElementById("unsent-warning");
    if (warning) warning.hidden = pending === 0;
    keys.forEach(function (key) {
      var record;
      try { record = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { record = null; }
      if (!record || !record.dirty || !Object.keys(record.dirty).length) {
        try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
        return;
      }
      var position = key.slice(prefix.length);
      var url = bar.dataset.saveUrlTemplate.replace(/\/0$/, "/" + position);
      var send = function (revision, tries) {
        post(url, { fields: record.dirty, revision: revision }).then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (data) {
            if (response.ok || response.status === 422 || (response.status === 409 && data.code === "locked")) {
              try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
              pending -= 1;
              if (warning) warning.hidden = pending <= 0;
            } else if (response.status === 409 && data.code === "stale" && tries < 3) {
              send(data.revision, tries + 1);
            }
          });
        }, function () { /* still offline: kept for the next try */ });
      };
      send(record.base, 0);
    });
  }

  // autosave.js shows "locked" when the server refuses (time up, closed): go to the result.
  var saveStatus = document.getElementById("save-status");
  if (saveStatus && window.MutationObserver) {
    new MutationObserver(function () {
      if (saveStatus.dataset.state === "locked") beat();
    }).observe(saveStatus, { attributes: true, attributeFilter: ["data-state"] });
  }

  setPaused(status === "paused");
  show();
  setInterval(show, 1000);
  setInterval(beat, HEARTBEAT_MS);
  setInterval(resendOthers, 20000);
  resendOthers();
})();
