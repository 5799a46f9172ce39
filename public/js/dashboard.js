// Draws the dashboard charts with Chart.js (served from the app). Each canvas carries its data in
// data-chart; the table under it holds the same numbers as links, for screen readers, for
// keyboards and for anyone without JavaScript. Clicking a slice or bar opens its list.
(function () {
  'use strict';
  if (typeof window.Chart === 'undefined') return;

  var COLOURS = {
    critical: '#b71c1c',
    high: '#ef6c00',
    medium: '#f9a825',
    low: '#2e7d32',
    prospect: '#90a4ae',
    onboarding: '#42a5f5',
    active: '#2e7d32',
    suspended: '#ef6c00',
    offboarded: '#616161',
  };
  var FALLBACK = '#485fc7';

  document.querySelectorAll('canvas.dashboard-chart').forEach(function (canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute('data-chart'));
    } catch {
      return;
    }
    var colours = spec.keys.map(function (key) {
      return COLOURS[key] || FALLBACK;
    });
    var chart = new window.Chart(canvas, {
      type: spec.kind,
      data: { labels: spec.labels, datasets: [{ data: spec.values, backgroundColor: colours }] },
      options: {
        responsive: true,
        animation: false,
        plugins: { legend: { display: spec.kind === 'doughnut', position: 'right' } },
        scales: spec.kind === 'bar' ? { y: { beginAtZero: true, ticks: { precision: 0 } } } : {},
        onClick: function (_event, elements) {
          if (elements.length > 0) window.location.href = spec.links[elements[0].index];
        },
      },
    });
    canvas.setAttribute('data-drawn', chart ? 'true' : 'false');
  });
})();
