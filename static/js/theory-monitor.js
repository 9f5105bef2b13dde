/* The KSF live monitor: refresh the table of running sittings every 5 seconds (server HTML). */
(function () {
  "use strict";
  var body = document.getElementById("monitor-rows");
  if (!body) return;
  var url = body.dataset.refreshUrl;
  var stamp = document.getElementById("monitor-updated");
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (r) {
      return r.ok ? r.text() : null;
    }).then(function (html) {
      if (html === null) return;
      body.innerHTML = html;
      if (stamp) stamp.textContent = new Date().toLocaleTimeString("nl-NL");
    }, function () { /* offline: try again next round */ });
  }
  setInterval(refresh, 5000);
})();
