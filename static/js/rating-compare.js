/* Moderation page: a click on a note's time seeks that response's recording. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-seek][data-video]");
    if (!button) return;
    var video = document.getElementById(button.dataset.video);
    if (!video) return;
    video.currentTime = parseInt(button.dataset.seek, 10);
    video.focus();
  });
})();
