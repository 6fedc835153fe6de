/* The figures pages' charts (marketplace/figures). The numbers come from the
   page's json_script element (#figures-data), never from an inline script, so
   the Content-Security-Policy needs no exception. Every chart repeats a
   table printed below it: the table is what screen readers and the CSV use.
   Arabic pages (dir="rtl") get right-to-left legends and tooltips, and the
   time axis runs from right to left. */
(function () {
  "use strict";

  var source = document.getElementById("figures-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var root = document.documentElement;
  var rtl = root.getAttribute("dir") === "rtl";
  var locale = root.getAttribute("lang") || "fr";
  var colours = { sales: "#b5502f", orders: "#1f3a5f", views: "#7a8b99" };

  function numbers(values) {
    return values.map(function (value) { return Number(value); });
  }

  function label(iso) {
    var parts = iso.split("-");
    var day = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
    var options = data.monthly
      ? { year: "numeric", month: "short", timeZone: "UTC" }
      : { day: "numeric", month: "short", timeZone: "UTC" };
    return new Intl.DateTimeFormat(locale, options).format(day);
  }

  function common() {
    return {
      locale: locale,
      responsive: true,
      maintainAspectRatio: true,
      animation: false,
      plugins: {
        legend: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr" },
        tooltip: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr" }
      }
    };
  }

  function series(canvas) {
    var datasets = [
      {
        type: "bar",
        label: data.names.sales,
        data: numbers(data.sales),
        backgroundColor: colours.sales,
        yAxisID: "money"
      },
      {
        type: "line",
        label: data.names.orders,
        data: data.orders,
        borderColor: colours.orders,
        backgroundColor: colours.orders,
        yAxisID: "count"
      }
    ];
    if (data.views) {
      datasets.push({
        type: "line",
        label: data.names.views,
        data: data.views,
        borderColor: colours.views,
        backgroundColor: colours.views,
        borderDash: [4, 4],
        yAxisID: "count"
      });
    }
    var options = common();
    options.scales = {
      x: { reverse: rtl },
      money: { position: rtl ? "right" : "left", beginAtZero: true },
      count: {
        position: rtl ? "left" : "right",
        beginAtZero: true,
        ticks: { precision: 0 },
        grid: { drawOnChartArea: false }
      }
    };
    return new window.Chart(canvas, {
      data: { labels: data.labels.map(label), datasets: datasets },
      options: options
    });
  }

  function bars(canvas) {
    var part = data[canvas.getAttribute("data-source")];
    if (!part) {
      return null;
    }
    var options = common();
    options.indexAxis = "y";
    options.plugins.legend.display = false;
    options.scales = {
      x: { reverse: rtl, beginAtZero: true },
      y: { position: rtl ? "right" : "left" }
    };
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: part.labels,
        datasets: [
          {
            label: data.names.sales,
            data: numbers(part.sales),
            backgroundColor: colours.sales
          }
        ]
      },
      options: options
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var kind = canvas.getAttribute("data-chart");
    if (kind === "series") {
      series(canvas);
    } else if (kind === "bars") {
      bars(canvas);
    }
  });
})();
