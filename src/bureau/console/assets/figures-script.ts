/**
 * The script of the figures page, served as `/assets/figures.js`: it reads the figures from the page's
 * `data-figures` attribute and draws the three charts with the service's own ECharts (canvas; tooltips drawn on
 * the canvas too, so the content security policy needs no inline style).
 */
export const FIGURES_SCRIPT = `'use strict';
(function () {
  var holder = document.getElementById('figures');
  if (!holder || !window.echarts) return;
  var data = JSON.parse(holder.getAttribute('data-figures'));
  function bars(id, groups) {
    var chart = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { top: 0 },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: data.months },
      yAxis: { type: 'value', minInterval: 1 },
      series: groups.map(function (g) {
        return { name: g.label, type: 'bar', stack: 'all', data: g.counts };
      })
    });
    return chart;
  }
  var charts = [bars('chart-kind', data.kinds), bars('chart-enterprise', data.enterprises)];
  var share = echarts.init(document.getElementById('chart-referred'), null, { renderer: 'canvas' });
  share.setOption({
    animation: false,
    tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: function (v) { return v + '%'; } },
    grid: { left: 50, right: 20, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: data.months },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{ name: '移送公安比例', type: 'line', data: data.referredShare, label: { show: true, formatter: '{c}%' } }]
  });
  charts.push(share);
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
`;
