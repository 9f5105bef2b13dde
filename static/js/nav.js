/* On a narrow screen the main menu folds behind a "Menu" button, so a page starts with its
 * content rather than a wall of links. Without this script the menu simply stays open. */
(function () {
  "use strict";
  const button = document.querySelector(".menu-toggle");
  const nav = document.getElementById("site-nav");
  if (!button || !nav) return;
  button.hidden = false;
  document.documentElement.classList.add("menu-folds");
  button.addEventListener("click", function () {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("is-open", open);
  });
})();
