// The dashboard: the live feed (conflated, so a busy feed never closes the page) and the REST API,
// nothing else. A token given as ?token= in the page's address is passed on to both.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  const headers = token ? { Authorization: 'Bearer ' + token } : {};
  const $ = (id) => document.getElementById(id);
  const assets = new Map();
  const latest = [];
  let total = 0;
  let windowCount = 0;
  let lastLedger = null;

  function text(v) { return v === null || v === undefined ? '' : String(v); }
  function short(a) { return a ? a.slice(0, 6) + '…' + a.slice(-4) : ''; }
  function assetOf(e) {
    if (e.asset_type === 'native') return 'XLM';
    if (e.asset_code) return e.asset_code + ':' + short(e.asset_issuer);
    return short(e.contract_address);
  }
  function rows(tbody, list, cells) {
    const body = $(tbody).querySelector('tbody');
    body.replaceChildren(...list.map((item) => {
      const tr = document.createElement('tr');
      for (const [value, numeric] of cells(item)) {
        const td = document.createElement('td');
        td.textContent = text(value);
        if (numeric) td.className = 'num';
        tr.appendChild(td);
      }
      return tr;
    }));
  }

  function onEvent(e) {
    total++;
    windowCount++;
    lastLedger = e.ledger_sequence;
    const key = assetOf(e);
    const a = assets.get(key) || { n: 0, volume: 0n };
    a.n++;
    try { a.volume += BigInt(e.amount); } catch (x) { /* not an integer: left out of the sum */ }
    assets.set(key, a);
    latest.unshift(e);
    if (latest.length > 15) latest.length = 15;
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = scheme + '//' + location.host + '/v1/events/live?conflate=true' + (token ? '&token=' + encodeURIComponent(token) : '');
    const ws = new WebSocket(url);
    ws.onopen = () => { $('feed-state').textContent = 'live'; $('feed-state').className = 'pill up'; };
    ws.onmessage = (m) => {
      const data = JSON.parse(m.data);
      if (Array.isArray(data)) data.forEach(onEvent);
      else if (data.type !== 'heartbeat') onEvent(data);
    };
    ws.onclose = (c) => {
      $('feed-state').textContent = 'feed closed (' + c.code + (c.reason ? ': ' + c.reason : '') + '), reconnecting';
      $('feed-state').className = 'pill down';
      setTimeout(connect, 2000);
    };
  }

  function render() {
    $('rate').textContent = String(windowCount);
    windowCount = 0;
    $('events-total').textContent = String(total);
    $('latest-ledger').textContent = lastLedger === null ? '-' : String(lastLedger);
    const list = [...assets.entries()].sort((x, y) => y[1].n - x[1].n);
    rows('assets', list, ([k, v]) => [[k], [v.n, true], [v.volume.toString(), true]]);
    rows('latest', latest, (e) => [[e.cursor], [e.event_type], [assetOf(e)], [e.amount, true], [short(e.from)], [short(e.to)]]);
  }

  async function poll() {
    try {
      const s = await (await fetch('/v1/status', { headers })).json();
      const sink = s.lake_sink || {};
      $('sink-state').textContent = 'lake sink ' + text(sink.state) + (sink.reason ? ': ' + sink.reason : '');
      $('sink-state').className = 'pill ' + (sink.state === 'RUNNING' ? 'up' : 'down');
      rows('groups', s.groups || [], (g) => [[g.group], [g.state], [(g.topics || []).join(', ')], [g.lag, true]]);
      const t = await (await fetch('/v1/tables', { headers })).json();
      rows('tables', t, (x) => [[x.name], [x.files, true], [x.rows, true], [x.bytes, true]]);
      const events = t.find((x) => x.name === 'token_transfer_events');
      $('lake-events').textContent = events ? String(events.rows) : '0';
      if (t.some((x) => x.name === 'llo_aggregates')) {
        const q = 'SELECT round, count(*) AS aggregates, max(recorded_at) AS recorded FROM llo_aggregates GROUP BY round ORDER BY round DESC LIMIT 8';
        const r = await (await fetch('/v1/sql?q=' + encodeURIComponent(q), { headers })).json();
        rows('rounds', r.rows || [], (x) => [[x.round], [x.aggregates, true], [x.recorded]]);
      }
    } catch (x) {
      $('sink-state').textContent = 'API unreachable';
      $('sink-state').className = 'pill down';
    }
  }

  connect();
  setInterval(render, 1000);
  poll();
  setInterval(poll, 3000);
})();
