// The live dashboard: polls /api/dashboard and redraws SVG charts and tables. No dependencies.
(function () {
  'use strict';
  var POLL_MS = 1500;
  var SVG = 'http://www.w3.org/2000/svg';
  var COLORS = { p50: '#4fb3ff', p95: '#d2a8ff', p99: '#ff7b72', ok: '#7ee787', err: '#ff7b72', arrival: '#4fb3ff',
    forecast: '#d2a8ff', metric: '#ffb454', current: '#7ee787', desired: '#4fb3ff', bound: '#56606b', tokens: '#79c0ff', cost: '#e3b341' };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function fmt(v, digits) {
    if (v === null || v === undefined || !isFinite(v)) { return '–'; }
    var a = Math.abs(v);
    if (digits !== undefined) { return v.toFixed(digits); }
    if (a >= 1e6) { return (v / 1e6).toFixed(2) + 'M'; }
    if (a >= 1e4) { return (v / 1e3).toFixed(1) + 'k'; }
    if (Number.isInteger(v)) { return String(v); }
    if (a >= 100) { return v.toFixed(0); }
    if (a >= 1) { return v.toFixed(2); }
    if (a === 0) { return '0'; }
    return v.toPrecision(2);
  }

  function seconds(v) {
    if (v === null || v === undefined || !isFinite(v)) { return '–'; }
    return v < 1 ? (v * 1000).toFixed(0) + ' ms' : v.toFixed(2) + ' s';
  }

  // The smallest 1, 2, 2.5 or 5 times a power of ten at or above v, so axis labels are round.
  function nice(v) {
    var p = Math.pow(10, Math.floor(Math.log10(v))), n = v / p;
    return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10) * p;
  }

  function clock(iso) { return new Date(iso).toLocaleTimeString([], { hour12: false }); }

  // A line chart: series = [{ key, name, color, points: [[ms, value|null]], step, dash }]; draws the last `span` ms up to `end`.
  function chart(container, series, end, span) {
    var w = 600, h = 170, left = 44, right = 8, top = 8, bottom = 18;
    var start = end - span;
    var max = 0;
    series.forEach(function (s) { s.points.forEach(function (p) { if (p[1] !== null && p[0] >= start && p[1] > max) { max = p[1]; } }); });
    max = max > 0 ? nice(max * 1.05) : 1;
    var x = function (t) { return left + (w - left - right) * (t - start) / span; };
    var y = function (v) { return top + (h - top - bottom) * (1 - v / max); };
    var root = svg('svg', { viewBox: '0 0 ' + w + ' ' + h, preserveAspectRatio: 'none', role: 'img' });
    [0, 0.5, 1].forEach(function (f) {
      root.appendChild(svg('line', { x1: left, x2: w - right, y1: y(max * f), y2: y(max * f), 'class': 'axis' }));
      var label = svg('text', { x: left - 4, y: y(max * f) + 3, 'text-anchor': 'end' });
      label.textContent = fmt(max * f);
      root.appendChild(label);
    });
    [[start, '-' + Math.round(span / 60000) + ' min', 'start'], [end, 'now', 'end']].forEach(function (t) {
      var label = svg('text', { x: x(t[0]), y: h - 4, 'text-anchor': t[2] });
      label.textContent = t[1];
      root.appendChild(label);
    });
    var legend = el('div', { 'class': 'legend' });
    series.forEach(function (s) {
      var d = '', count = 0, last = null, prevY = null;
      s.points.forEach(function (p) {
        if (p[0] < start) { return; }
        if (p[1] === null) { prevY = null; return; }
        var px = x(p[0]).toFixed(1), py = y(p[1]).toFixed(1);
        if (prevY === null) { d += 'M' + px + ',' + py; } else if (s.step) { d += 'H' + px + 'V' + py; } else { d += 'L' + px + ',' + py; }
        prevY = py; count++; last = p[1];
      });
      var path = svg('path', { d: d, 'class': 'series', stroke: s.color, 'data-series': s.key, 'data-points': count, 'data-last': last === null ? '' : last });
      if (s.dash) { path.setAttribute('stroke-dasharray', '5 4'); }
      root.appendChild(path);
      var item = el('span');
      item.appendChild(el('i', { style: 'background:' + s.color }));
      item.appendChild(document.createTextNode(s.name + ' ' + (last === null ? '–' : (s.format || fmt)(last))));
      legend.appendChild(item);
    });
    container.replaceChildren(root, legend);
  }

  function pick(samples, field) {
    return samples.map(function (s) { return [Date.parse(s.time), s[field] === undefined ? null : s[field]]; });
  }

  function tile(label, value, id, cls) {
    var t = el('div', { 'class': 'tile', id: id });
    t.appendChild(el('div', { 'class': 'label' }, label));
    t.appendChild(el('div', { 'class': 'value' + (cls ? ' ' + cls : '') }, value));
    return t;
  }

  function renderTiles(d) {
    var last = d.platform.length ? d.platform[d.platform.length - 1] : {};
    var ok = last.completedPerSecond, bad = last.failedPerSecond;
    var errorShare = (ok !== null && ok !== undefined && bad !== null && bad !== undefined && ok + bad > 0) ? 100 * bad / (ok + bad) : null;
    var q = d.queue;
    var tiles = document.getElementById('tiles');
    tiles.replaceChildren(
      tile('p50 latency', seconds(last.latencyP50), 'tile-p50'),
      tile('p95 latency', seconds(last.latencyP95), 'tile-p95'),
      tile('p99 latency', seconds(last.latencyP99), 'tile-p99'),
      tile('completed / s', fmt(ok), 'tile-completed'),
      tile('errors', errorShare === null ? '–' : errorShare.toFixed(1) + ' %', 'tile-errors', errorShare > 5 ? 'warn' : ''),
      tile('tokens / min', fmt(last.tokensPerMinute), 'tile-tokens'),
      tile('cost / min', last.costPerMinute === null || last.costPerMinute === undefined ? '–' : '$' + last.costPerMinute.toFixed(4), 'tile-cost'),
      tile('backlog', q ? fmt(q.backlog) : fmt(last.backlog), 'tile-backlog'),
      tile('in flight', q ? fmt(q.pending) : '–', 'tile-inflight'),
      tile('workers', String(d.workers.length), 'tile-workers'));
  }

  function renderPlatform(d, end, span) {
    var p = d.platform;
    chart(document.getElementById('chart-latency'), [
      { key: 'p50', name: 'p50', color: COLORS.p50, points: pick(p, 'latencyP50'), format: seconds },
      { key: 'p95', name: 'p95', color: COLORS.p95, points: pick(p, 'latencyP95'), format: seconds },
      { key: 'p99', name: 'p99', color: COLORS.p99, points: pick(p, 'latencyP99'), format: seconds }], end, span);
    chart(document.getElementById('chart-jobs'), [
      { key: 'completed', name: 'completed', color: COLORS.ok, points: pick(p, 'completedPerSecond') },
      { key: 'failed', name: 'failed', color: COLORS.err, points: pick(p, 'failedPerSecond') },
      { key: 'arrival', name: 'arriving', color: COLORS.arrival, points: pick(p, 'arrivalPerSecond'), dash: true }], end, span);
    chart(document.getElementById('chart-tokens'), [
      { key: 'tokens', name: 'tokens/min', color: COLORS.tokens, points: pick(p, 'tokensPerMinute') }], end, span);
    chart(document.getElementById('chart-cost'), [
      { key: 'cost', name: 'USD/min', color: COLORS.cost, points: pick(p, 'costPerMinute'), format: function (v) { return '$' + v.toFixed(4); } }], end, span);
  }

  function policyCard(pol, end, span) {
    var id = 'policy-' + pol.namespace + '-' + pol.name;
    var card = el('article', { 'class': 'card policy', id: id, 'data-policy': pol.namespace + '/' + pol.name });
    var head = el('div', { 'class': 'policy-head' });
    head.appendChild(el('span', { 'class': 'name' }, pol.namespace + '/' + pol.name));
    if (pol.spec) {
      head.appendChild(el('span', { 'class': 'muted' }, pol.spec.target + ' · ' + pol.spec.mode + ' · ' + pol.spec.minReplicas + '–' + pol.spec.maxReplicas +
        ' replicas · every ' + pol.spec.evaluationInterval + (pol.spec.preview ? ' · preview' : '')));
    }
    var replicas = el('span', { 'class': 'replicas', 'data-current': pol.currentReplicas === null ? '' : pol.currentReplicas, 'data-desired': pol.desiredReplicas === null ? '' : pol.desiredReplicas },
      (pol.currentReplicas === null ? '–' : pol.currentReplicas) + ' → ' + (pol.desiredReplicas === null ? '–' : pol.desiredReplicas));
    head.appendChild(replicas);
    head.appendChild(el('span', { 'class': 'muted' }, 'current → desired'));
    card.appendChild(head);
    if (pol.problems.length) { card.appendChild(el('p', { 'class': 'warn' }, 'Invalid: ' + pol.problems.join('; '))); }

    var grid = el('div', { 'class': 'grid' });
    var s = pol.samples;
    var charts = [
      ['Arrival rate (jobs/s) and forecast', [
        { key: 'arrival', name: 'arrival', color: COLORS.arrival, points: pick(s, 'arrivalRate') },
        { key: 'forecast', name: 'forecast', color: COLORS.forecast, points: pick(s, 'forecast'), dash: true },
        { key: 'upper', name: 'upper bound', color: COLORS.bound, points: pick(s, 'forecastUpper'), dash: true }]],
      [(pol.metricName === 'QueueBacklog' ? 'Backlog (jobs)' : (pol.metricName || 'Metric')), [
        { key: 'metric', name: pol.metricName || 'metric', color: COLORS.metric, points: pick(s, 'metric') }]],
      ['Replicas', [
        { key: 'current', name: 'current', color: COLORS.current, points: pick(s, 'currentReplicas'), step: true },
        { key: 'desired', name: 'desired', color: COLORS.desired, points: pick(s, 'desiredReplicas'), step: true, dash: true }]]];
    charts.forEach(function (c, i) {
      var fig = el('figure', { 'class': 'card' });
      fig.appendChild(el('figcaption', null, c[0]));
      var box = el('div', { 'class': 'chart', id: id + '-chart-' + i });
      fig.appendChild(box);
      grid.appendChild(fig);
      chart(box, c[1], end, span);
    });
    card.appendChild(grid);

    var table = el('table', { 'class': 'decisions' });
    var header = el('tr');
    ['time', 'replicas', 'limit', 'applied', 'reason'].forEach(function (h) { header.appendChild(el('th', null, h)); });
    table.appendChild(header);
    pol.decisions.slice(0, 8).forEach(function (d) {
      var row = el('tr');
      var dir = d.desiredReplicas > d.currentReplicas ? 'up' : d.desiredReplicas < d.currentReplicas ? 'down' : 'same';
      row.appendChild(el('td', null, clock(d.time)));
      row.appendChild(el('td', { 'class': dir }, d.currentReplicas + ' → ' + d.desiredReplicas));
      row.appendChild(el('td', null, d.limit));
      row.appendChild(el('td', null, d.preview ? 'preview' : d.applied ? 'yes' : '–'));
      row.appendChild(el('td', { 'class': 'reason' }, d.reason));
      table.appendChild(row);
    });
    var decisions = el('div', { 'class': 'card' });
    decisions.style.marginTop = '12px';
    decisions.appendChild(el('h3', null, 'Recent decisions'));
    decisions.appendChild(table);
    card.appendChild(decisions);
    return card;
  }

  function renderWorkers(d) {
    var box = document.getElementById('workers');
    if (!d.workers.length) {
      box.replaceChildren(el('p', { 'class': 'muted' }, d.redisConfigured ? 'No worker heartbeat.' : 'No Redis connection configured: workers are not shown.'));
      return;
    }
    var table = el('table', { id: 'workers-table' });
    var header = el('tr');
    ['worker', 'in flight / capacity', '', 'completed', 'failed', 'avg service time', 'up since'].forEach(function (h) { header.appendChild(el('th', null, h)); });
    table.appendChild(header);
    d.workers.forEach(function (w) {
      var row = el('tr', { 'data-worker': w.id });
      row.appendChild(el('td', null, w.id));
      row.appendChild(el('td', null, w.inFlight + ' / ' + w.capacity));
      var bar = el('div', { 'class': 'bar' });
      bar.appendChild(el('span', { style: 'width:' + (w.capacity > 0 ? Math.min(100, 100 * w.inFlight / w.capacity) : 0).toFixed(0) + '%' }));
      var cell = el('td'); cell.appendChild(bar); row.appendChild(cell);
      row.appendChild(el('td', null, String(w.completed)));
      row.appendChild(el('td', null, String(w.failed)));
      row.appendChild(el('td', null, seconds(w.averageServiceSeconds)));
      row.appendChild(el('td', null, clock(w.startedAt)));
      table.appendChild(row);
    });
    box.replaceChildren(table);
  }

  function render(d) {
    var end = Date.parse(d.time), span = d.historySeconds * 1000;
    var meta = document.getElementById('meta');
    meta.textContent = d.mode + ' mode · updated ' + clock(d.time) + ' · rates over ' + d.windowSeconds + ' s' +
      (d.redisConfigured ? (d.redisError ? ' · Redis: ' + d.redisError : '') : ' · no Redis configured');
    meta.className = d.redisError ? 'warn' : 'muted';
    document.body.setAttribute('data-updated', d.time);
    renderTiles(d);
    renderPlatform(d, end, span);
    var policies = document.getElementById('policies');
    if (d.policies.length) {
      policies.replaceChildren.apply(policies, d.policies.map(function (p) { return policyCard(p, end, span); }));
    } else {
      policies.replaceChildren(el('p', { 'class': 'muted' }, 'No ScalePolicy reconciled yet.'));
    }
    renderWorkers(d);
  }

  var timer = null;
  function poll() {
    fetch('/api/dashboard', { cache: 'no-store' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(render)
      .catch(function (e) {
        var meta = document.getElementById('meta');
        meta.textContent = 'cannot reach the operator (' + e.message + '); retrying';
        meta.className = 'warn';
      })
      .then(function () { timer = setTimeout(poll, POLL_MS); });
  }
  poll();
  window.addEventListener('beforeunload', function () { if (timer) { clearTimeout(timer); } });
}());
