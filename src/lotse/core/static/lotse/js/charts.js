// Draws every chart of the page from its Vega-Lite specification (a JSON script element), with
// Vega's expression interpreter, so the page's Content-Security-Policy needs no eval. The table
// beside each chart stays the fallback when scripts are off or drawing fails.
(function () {
  "use strict";

  function draw(root) {
    root.querySelectorAll("[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      canvas.dataset.drawn = "yes";
      var source = document.getElementById(canvas.dataset.chart);
      if (!source || !window.vegaEmbed) return;
      window
        .vegaEmbed(canvas, JSON.parse(source.textContent), {
          actions: false,
          renderer: "svg",
          ast: true,
          expr: window.vegaExpressionInterpreter,
        })
        .catch(function () {
          canvas.hidden = true;
          var table = canvas.parentElement.querySelector("details.chart-table");
          if (table) table.open = true;
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
