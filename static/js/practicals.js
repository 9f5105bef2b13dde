/* The examiner's checklist: progress per chat/call, and the outcome panel refreshed after saves.
   Saving itself is static/js/autosave.js (docs/autosave.md); this file only shows things. */
(function () {
  "use strict";
  var form = document.getElementById("checklist-form");
  if (!form) return;
  var kind = form.getAttribute("data-kind");
  var total = parseInt(form.getAttribute("data-criteria"), 10) || 0;

  function progress() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-entry]"), function (section) {
      var position = section.getAttribute("data-entry");
      var done;
      if (kind === "chat") {
        done = section.querySelectorAll("input[type=radio]:checked").length;
      } else {
        done = section.querySelectorAll("input.tick:checked").length;
      }
      var text = done + "/" + total;
      var badge = section.querySelector("[data-progress]");
      if (badge) {
        badge.textContent = text;
        badge.setAttribute("data-complete", kind === "chat" && done === total ? "yes" : "no");
      }
      var link = document.querySelector('[data-progress-for="' + position + '"]');
      if (link) link.setAttribute("data-complete", kind === "chat" && done === total ? "yes" : "no");
    });
  }

  var panel = document.getElementById("outcome-panel");
  var pending = null;
  function refreshOutcome() {
    if (!panel) return;
    clearTimeout(pending);
    pending = setTimeout(function () {
      fetch(panel.getAttribute("data-outcome-url"), {
        credentials: "same-origin", redirect: "manual", headers: { "Accept": "text/html" }
      }).then(function (response) {
        if (!response.ok) return null;
        return response.text();
      }).then(function (html) {
        if (html) panel.innerHTML = html;
      }, function () { /* offline: the panel stays as it was */ });
    }, 300);
  }

  var status = form.querySelector("[data-autosave-status]");

  // A reload can render the page a moment before the previous page's last save (sent on
  // pagehide) is committed: nothing is lost on the server, but the page would show the mark
  // missing. Once after loading, ask for the stored revision; if it moved on and this page
  // has made no save of its own and holds nothing unsent, load the page again (once).
  function checkFresh() {
    var key = "autosave:" + form.getAttribute("data-autosave-key");
    var guard = "practicals-reloaded:" + key;
    var rendered = parseInt(form.getAttribute("data-revision"), 10) || 0;
    fetch(panel.getAttribute("data-outcome-url"), {
      credentials: "same-origin", redirect: "manual", headers: { "Accept": "text/html" }
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (!html) return;
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var live = holder.querySelector("[data-live-revision]");
      var stored = live ? parseInt(live.getAttribute("data-live-revision"), 10) : rendered;
      var untouched = !status || !status.getAttribute("data-state");
      var unsent = false;
      try { unsent = !!localStorage.getItem(key); } catch (e) { unsent = true; }
      if (stored > rendered && untouched && !unsent && !sessionStorage.getItem(guard)) {
        sessionStorage.setItem(guard, "1");
        window.location.reload();
        return;
      }
      sessionStorage.removeItem(guard);
      if (untouched) panel.innerHTML = html;
    }, function () { /* offline: keep what is shown */ });
  }
  if (panel && form.hasAttribute("data-autosave-url")) setTimeout(checkFresh, 700);
  if (status && window.MutationObserver) {
    new MutationObserver(function () {
      if (status.getAttribute("data-state") === "saved") refreshOutcome();
    }).observe(status, { attributes: true, attributeFilter: ["data-state"] });
  }
  form.addEventListener("change", progress);
  form.addEventListener("autosave:restored", progress);
  progress();
})();
