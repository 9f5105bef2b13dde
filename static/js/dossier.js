/*
 * dossier.js — live character counters on the dossier form, focus on the error summary,
 * and the print button. Dutch strings come from <script type="application/json" id="dossier-i18n">.
 */
(function () {
  "use strict";

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) return {};
    try { return JSON.parse(el.textContent); } catch (e) { return {}; }
  }

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? values[k] : m;
    });
  }

  // Count like the server does (rules.text_length): trimmed, a line break is one character.
  function length(text) { return text.replace(/\r\n?/g, "\n").trim().length; }

  function setupCounter(textarea, i18n) {
    var counter = document.getElementById(textarea.id + "-counter");
    if (!counter) return;
    var min = parseInt(textarea.dataset.counterMin || "0", 10);
    var max = parseInt(textarea.dataset.counterMax || "0", 10);
    var update = function () {
      var n = length(textarea.value);
      var short = n < min;
      counter.textContent = format(short ? i18n.counterShort : i18n.counter,
        { n: n, max: max, missing: min - n });
      counter.classList.toggle("counter-short", short && n > 0);
    };
    textarea.addEventListener("input", update);
    textarea.addEventListener("autosave:restored", update);
    update();
  }

  function start() {
    var i18n = readJson("dossier-i18n");
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-counter-max]"),
      function (textarea) { setupCounter(textarea, i18n); });
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
