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
  if (status && window.MutationObserver) {
    new MutationObserver(function () {
      if (status.getAttribute("data-state") === "saved") refreshOutcome();
    }).observe(status, { attributes: true, attributeFilter: ["data-state"] });
  }
  form.addEventListener("change", progress);
  form.addEventListener("autosave:restored", progress);
  progress();
})();
