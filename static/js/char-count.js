/**
 * Character counters under text fields: `<p data-count-for="ID" data-max="N" data-text="{n} van {max} tekens">`
 * (rendered by the `field(..., counter=True)` macro, text translated on the server).
 * The counter is tied to its field with aria-describedby; it updates as the user types.
 */
(function () {
  for (const counter of document.querySelectorAll("[data-count-for]")) {
    const input = document.getElementById(counter.dataset.countFor);
    if (!input) continue;
    const max = Number(counter.dataset.max);
    const update = () => {
      const n = input.value.length;
      counter.textContent = counter.dataset.text.replace("{n}", String(n)).replace("{max}", String(max));
      counter.classList.toggle("near-limit", max > 0 && n >= max * 0.9);
    };
    input.addEventListener("input", update);
    update();
  }
})();
