/* The rating screen: playback speed, timestamps in the notes, keyboard shortcuts, progress.
   Saving is autosave.js's job; this file only helps the assessor work through a full day. */
(function () {
  "use strict";
  var video = document.getElementById("take-video");
  var notes = document.getElementById("notes");
  var times = document.getElementById("note-times");
  var form = document.getElementById("rating-form");
  var clock = document.getElementById("video-time");
  var STAMP = /^\s*\[(\d{1,3}):([0-5]\d)\]/;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function stamp(seconds) {
    var whole = Math.floor(seconds || 0);
    return "[" + pad(Math.floor(whole / 60)) + ":" + pad(whole % 60) + "]";
  }

  // --- video: speed, time display, seeking ----------------------------------------------
  var rates = Array.prototype.slice.call(document.querySelectorAll("[data-rate]"));
  function setRate(rate) {
    if (!video) return;
    video.playbackRate = rate;
    rates.forEach(function (b) {
      b.setAttribute("aria-pressed", String(parseFloat(b.dataset.rate) === rate));
    });
  }
  rates.forEach(function (b) {
    b.addEventListener("click", function () { setRate(parseFloat(b.dataset.rate)); });
  });
  if (video && clock) {
    video.addEventListener("timeupdate", function () {
      clock.textContent = stamp(video.currentTime).slice(1, -1);
    });
  }
  function seek(seconds) {
    if (!video) return;
    video.currentTime = seconds;
    if (clock) clock.textContent = stamp(seconds).slice(1, -1);
    video.dispatchEvent(new CustomEvent("rating:seeked", { detail: seconds }));
  }

  // --- notes: insert the current time, list the times as seek buttons -------------------
  function insertTime() {
    if (!notes || notes.readOnly) return;
    var text = stamp(video ? video.currentTime : 0) + " ";
    var start = notes.selectionStart, end = notes.selectionEnd, value = notes.value;
    var atLineStart = start === 0 || value.charAt(start - 1) === "\n";
    if (!atLineStart) text = "\n" + text;
    notes.value = value.slice(0, start) + text + value.slice(end);
    notes.selectionStart = notes.selectionEnd = start + text.length;
    notes.focus();
    notes.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function renderTimes() {
    if (!times || !notes) return;
    times.textContent = "";
    notes.value.split("\n").forEach(function (line) {
      var m = STAMP.exec(line);
      if (!m) return;
      var seconds = parseInt(m[1], 10) * 60 + parseInt(m[2], 10);
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.dataset.seek = String(seconds);
      button.textContent = m[0].trim();
      var rest = document.createElement("span");
      rest.textContent = " " + line.slice(m[0].length).trim();
      button.addEventListener("click", function () { seek(seconds); if (video) video.focus(); });
      li.appendChild(button);
      li.appendChild(rest);
      times.appendChild(li);
    });
  }
  var insertButton = document.querySelector("[data-insert-time]");
  if (insertButton) insertButton.addEventListener("click", insertTime);
  if (notes) {
    notes.addEventListener("input", renderTimes);
    notes.addEventListener("autosave:restored", renderTimes);
    renderTimes();
  }

  // --- scores: the reason field of "niet te beoordelen" ---------------------------------
  function syncReason(group) {
    var checked = group.querySelector("input[type=radio]:checked");
    var reason = group.querySelector("[data-reason-for]");
    if (reason) reason.hidden = !(checked && checked.value === "n");
  }
  var groups = Array.prototype.slice.call(document.querySelectorAll(".score-group"));
  groups.forEach(function (group) {
    group.addEventListener("change", function () { syncReason(group); });
    group.addEventListener("autosave:restored", function () { syncReason(group); });
    group.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.target.tagName === "TEXTAREA") return;
      var key = event.key.toLowerCase();
      var value = /^[1-5]$/.test(key) ? key : (key === "n" ? "n" : null);
      if (!value) return;
      var radio = group.querySelector("input[type=radio][value='" + value + "']");
      if (!radio || radio.disabled) return;
      event.preventDefault();
      radio.checked = true;
      radio.focus();
      radio.dispatchEvent(new Event("change", { bubbles: true }));
      if (value === "n") {
        var text = group.querySelector("textarea");
        if (text) text.focus();
      }
    });
    syncReason(group);
  });

  // --- page-wide shortcuts --------------------------------------------------------------
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    var key = event.key.toLowerCase();
    if (key === "t") { event.preventDefault(); insertTime(); }
    else if (key === "k" && video) {
      event.preventDefault();
      if (video.paused) video.play().catch(function () {}); else video.pause();
    } else if (key === "s" && video) {
      event.preventDefault();
      var list = [1, 1.25, 1.5];
      setRate(list[(list.indexOf(video.playbackRate) + 1) % list.length]);
    } else if (key === "n" || key === "p") {
      var link = document.querySelector("[data-nav=" + (key === "n" ? "next" : "prev") + "]");
      if (link) { event.preventDefault(); link.click(); }
    }
  });

  // --- progress after each confirmed save -----------------------------------------------
  if (form) {
    form.addEventListener("autosave:saved", function (event) {
      var done = document.querySelector("[data-done]");
      if (done && event.detail && typeof event.detail.done === "number") {
        done.textContent = String(event.detail.done);
      }
    });
  }
})();
