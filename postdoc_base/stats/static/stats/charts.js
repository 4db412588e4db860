/* The statistics page's charts (ECharts, vendored): each [data-chart] element is drawn from the JSON its
   data-source names (Django's json_script), the same numbers as the table below it. Kinds: "bar", "stacked",
   "line", and "hbar" (horizontal bars, for many long labels). No inline script (CSP);
   tooltips are drawn on the canvas (richText), so no HTML with style attributes is injected. */
(function () {
  "use strict";

  var HEIGHT = 320;
  var HBAR_ROW = 22; /* "hbar": long category names (the industry sections) read across, one row each */

  function option(data) {
    var stacked = data.kind === "stacked";
    var line = data.kind === "line";
    var categories = { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 6 ? 30 : 0 } };
    var values = { type: "value", minInterval: 1 };
    if (data.kind === "hbar") {
      /* the first label on top, as in the table below the chart */
      categories = { type: "category", data: data.labels, inverse: true, axisLabel: { interval: 0 } };
    }
    return {
      animation: false,
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: data.kind === "hbar" ? 16 : 64, containLabel: true },
      xAxis: data.kind === "hbar" ? values : categories,
      yAxis: data.kind === "hbar" ? categories : values,
      series: data.series.map(function (s) {
        return { name: s.name, type: line ? "line" : "bar", stack: stacked ? "total" : undefined, data: s.data };
      })
    };
  }

  function height(data) {
    return data.kind === "hbar" ? Math.max(HEIGHT, data.labels.length * HBAR_ROW + 60) : HEIGHT;
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    if (!source || typeof echarts === "undefined") {
      return null;
    }
    var data = JSON.parse(source.textContent);
    el.style.height = height(data) + "px";
    el.style.width = "100%";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option(data));
    el.setAttribute("data-drawn", "true");
    return chart;
  }

  function start() {
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = draw(el);
      if (chart) {
        charts.push(chart);
      }
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
