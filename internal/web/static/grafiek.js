// Draws every chart on the page with uPlot from its data-grafiek
// attribute (see internal/web/grafiek.go). The table beside each chart
// holds the same figures; the chart is only a picture of it.
(function () {
  "use strict";
  var kleuren = ["#1f5f9e", "#b3541e", "#2e7d32", "#6a1b9a", "#00838f", "#c62828", "#5d4037", "#455a64"];

  function nl(v, eenheid) {
    if (v === null || v === undefined) return "–";
    var s = (Math.round(v * 10) / 10).toLocaleString("nl-NL");
    if (eenheid === "€") return "€ " + Math.round(v).toLocaleString("nl-NL");
    return eenheid ? s + " " + eenheid : s;
  }

  function teken(doek) {
    var d = JSON.parse(doek.getAttribute("data-grafiek"));
    var xs = d.labels.map(function (_, i) { return i; });
    var data = [xs];
    var series = [{ label: "Periode", value: function (u, i) { return i == null ? "" : d.labels[i]; } }];
    var kleur = 0;
    d.reeksen.forEach(function (r) {
      data.push(r.waarden);
      series.push({
        label: r.naam,
        stroke: r.doel ? "#444" : kleuren[kleur++ % kleuren.length],
        dash: r.doel ? [6, 4] : undefined,
        width: r.doel ? 1.5 : 2,
        spanGaps: false,
        points: { show: xs.length < 40 },
        value: function (u, v) { return nl(v, d.eenheid); }
      });
    });
    var breedte = Math.max(260, doek.clientWidth || 600);
    var opties = {
      width: breedte,
      height: breedte < 500 ? 220 : 300,
      series: series,
      scales: {
        x: { time: false },
        // A share runs from 0 to 100 %; other figures from 0 up.
        y: { range: function (u, min, max) {
          if (d.eenheid === "%") return [0, Math.max(100, max || 0)];
          return [Math.min(0, min || 0), (max || 1) * 1.1];
        } }
      },
      axes: [
        { values: function (u, splits) { return splits.map(function (i) { return d.labels[i] || ""; }); },
          incrs: [1, 2, 3, 6, 12, 24] },
        { values: function (u, splits) { return splits.map(function (v) { return nl(v, d.eenheid === "€" ? "" : d.eenheid); }); },
          // Wide enough for the longest label ("2.500.000", "100 %").
          size: function (u, values) {
            var longest = (values || []).reduce(function (n, v) { return Math.max(n, String(v).length); }, 4);
            return 18 + longest * 7;
          } }
      ],
      legend: { live: false }
    };
    doek.textContent = "";
    return new uPlot(opties, data, doek);
  }

  function start() {
    if (typeof uPlot === "undefined") return;
    var grafieken = [];
    document.querySelectorAll("[data-grafiek]").forEach(function (doek) {
      grafieken.push({ doek: doek, u: teken(doek) });
    });
    var wacht;
    window.addEventListener("resize", function () {
      clearTimeout(wacht);
      wacht = setTimeout(function () {
        grafieken.forEach(function (g) {
          var b = Math.max(260, g.doek.clientWidth || 600);
          g.u.setSize({ width: b, height: b < 500 ? 220 : 300 });
        });
      }, 150);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
