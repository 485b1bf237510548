// parkos charts: draws ECharts charts from data the server renders, with no inline script (the CSP forbids it).
//
// A page that charts loads vendor/echarts/echarts.min.js and then this file, and carries
//   <script type="application/json" data-charts>{"years": [...], "charts": [{id, title, axes, stack, series}]}</script>
// (a data block: the browser never runs it) and, for each chart, an element
//   <div class="chart" data-chart="ID" role="img" aria-label="..." hidden></div>
// followed by its data table in <details class="chart-data" open>. The element is shown and drawn here and the
// table folded away; without script the table stays open, so the figures can always be read.
// A series is {name, type: "bar" | "line", axis: 0 | 1, data: [number | null per year]}; axes name the units of
// the left and the right value axis.
(function () {
  'use strict';
  if (!window.echarts) { return; }

  var root = getComputedStyle(document.documentElement);
  function cssVar(name, fallback) { return root.getPropertyValue(name).trim() || fallback; }
  // The admin's colours (app.css): the brand blue first.
  var palette = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'].map(function (n, i) {
    return cssVar(n, ['#1546a0', '#17794a', '#5b8def', '#d9730d', '#7c3aed', '#8a5a00'][i]);
  });
  var ink = cssVar('--ink', '#1c2430');
  var muted = cssVar('--muted', '#5b6575');
  var line = cssVar('--line', '#d9dee7');
  var font = getComputedStyle(document.body).fontFamily;
  var still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var number = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

  function fmt(v) { return v === null || v === undefined || v === '-' ? '—' : number.format(v); }

  // A legend of long Chinese names takes two or three lines on a narrow chart.
  function gridOf(units, narrow) {
    return { left: 8, right: units.length > 1 ? 8 : 16, top: narrow ? 96 : 64, bottom: 8, containLabel: true };
  }
  function isNarrow(el) { return el.clientWidth < 520; }

  function option(spec, years, narrow) {
    var units = spec.axes || [''];
    return {
      color: palette,
      animation: !still,
      textStyle: { fontFamily: font, color: ink, fontSize: 13 },
      grid: gridOf(units, narrow),
      legend: { top: 0, left: 0, right: 0, itemGap: 14, textStyle: { color: ink, fontSize: 13 } },
      // Drawn on the canvas: the HTML tooltip would carry style attributes, which the CSP refuses.
      tooltip: { trigger: 'axis', renderMode: 'richText', confine: true, axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category', data: years,
        axisLine: { lineStyle: { color: muted } }, axisTick: { alignWithLabel: true },
        axisLabel: { color: ink, fontSize: 13 }
      },
      yAxis: units.map(function (u, i) {
        return {
          type: 'value', name: u, nameTextStyle: { color: muted, fontSize: 12, align: i === 0 ? 'left' : 'right' },
          position: i === 0 ? 'left' : 'right',
          splitLine: { show: i === 0, lineStyle: { color: line } },
          axisLabel: { color: muted, formatter: function (v) { return number.format(v) + (u === '%' ? '%' : ''); } }
        };
      }),
      series: spec.series.map(function (s) {
        var unit = units[Math.min(s.axis || 0, units.length - 1)];
        var out = {
          name: s.name, type: s.type, yAxisIndex: s.axis || 0,
          data: s.data.map(function (v) { return v === null ? '-' : v; }),
          emphasis: { focus: 'series' },
          tooltip: { valueFormatter: function (v) { return fmt(v) + (unit === '%' ? '%' : ' ' + unit); } }
        };
        if (s.type === 'bar') {
          out.barMaxWidth = 28;
          if (spec.stack) { out.stack = 'total'; }
        } else {
          out.symbol = 'circle';
          out.symbolSize = 8;
          out.lineStyle = { width: 3 };
          out.z = 3;
        }
        return out;
      })
    };
  }

  function draw(block) {
    var data;
    try { data = JSON.parse(block.textContent); } catch (e) { return; }
    var specs = {};
    (data.charts || []).forEach(function (c) { specs[c.id] = c; });
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var spec = specs[el.getAttribute('data-chart')];
      if (!spec || el.getAttribute('data-drawn')) { return; }
      el.hidden = false;
      var chart = window.echarts.init(el, null, { renderer: 'canvas', locale: 'ZH' });
      var narrow = isNarrow(el);
      chart.setOption(option(spec, data.years || [], narrow));
      el.setAttribute('data-drawn', '1');
      var table = el.parentNode.querySelector('details.chart-data');
      if (table) { table.open = false; }
      var resize = function () {
        if (isNarrow(el) !== narrow) {
          narrow = !narrow;
          chart.setOption({ grid: gridOf(spec.axes || [''], narrow) });
        }
        chart.resize();
      };
      if (window.ResizeObserver) {
        new ResizeObserver(resize).observe(el);
      } else {
        window.addEventListener('resize', resize);
      }
    });
  }

  document.querySelectorAll('script[type="application/json"][data-charts]').forEach(draw);
})();
