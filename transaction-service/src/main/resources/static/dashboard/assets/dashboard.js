// payflow operations dashboard. One Server-Sent Events stream (/dashboard/stream) pushes a
// `snapshot` event every second; this script keeps the last 15 minutes of points and the
// recent payments, and redraws. No polling per widget; actions are POSTs with the
// X-Requested-With header the server requires.
(() => {
  'use strict';

  const ACTION_HEADERS = { 'X-Requested-With': 'payflow-dashboard' };
  const RECENT_LIMIT = 500;
  const $ = (id) => document.getElementById(id);

  const state = {
    points: new Map(),          // second -> point
    historySeconds: 900,
    recent: new Map(),          // seq -> payment
    reasons: [],                // reason names of the reasons chart
    lastEventAt: 0,
    intakeHistogram: false,
  };

  // ---------- formatting ----------
  const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
  const fmtRate = (v) => (v == null || isNaN(v) ? '–' : nf.format(v));
  const fmtMs = (v) => (v == null ? '–' : v < 10 ? v.toFixed(1) + ' ms' : Math.round(v) + ' ms');
  const fmtAge = (ms) => {
    if (ms == null || ms < 0) return '–';
    const s = Math.round(ms / 1000);
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s ago';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min ago';
  };
  const digitsCache = {};
  const fractionDigits = (currency) => {
    if (!(currency in digitsCache)) {
      try {
        digitsCache[currency] = new Intl.NumberFormat('en', { style: 'currency', currency })
          .resolvedOptions().maximumFractionDigits;
      } catch (e) { digitsCache[currency] = 2; }
    }
    return digitsCache[currency];
  };
  const fmtMoney = (minor, currency) => {
    const d = fractionDigits(currency);
    const value = minor / Math.pow(10, d);
    return value.toLocaleString(undefined, { minimumFractionDigits: d, maximumFractionDigits: d })
      + ' ' + currency;
  };
  // Large amounts (clearing accounts under load tests) in compact notation: 1.5 bn EUR.
  const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 2 });
  const fmtMoneyShort = (minor, currency) => {
    const value = minor / Math.pow(10, fractionDigits(currency));
    return Math.abs(value) >= 1e6 ? compact.format(value) + ' ' + currency : fmtMoney(minor, currency);
  };
  const fmtTime = (ms) => new Date(ms).toLocaleTimeString(undefined, { hour12: false });
  const esc = (text) => String(text ?? '').replace(/[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const badge = (cls, text) => `<span class="badge ${esc(cls)}">${esc(text ?? cls)}</span>`;

  // ---------- charts (uPlot) ----------
  const COLORS = { submitted: '#2f6fde', settled: '#1a7f37', rejected: '#c62828', refused: '#e08a00' };
  const REASON_COLORS = ['#c62828', '#8e24aa', '#e08a00', '#00838f', '#6d4c41', '#546e7a'];

  function chartWidth(el) { return Math.max(300, el.clientWidth); }

  function makeChart(el, series, yLabel, log) {
    const opts = {
      width: chartWidth(el), height: 200,
      cursor: { drag: { x: false, y: false } },
      // latency on a log scale: a 30 s outlier must not flatten the 10 ms that are normal
      scales: { x: { time: true }, y: log ? { distr: 3, log: 10 }
        : { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [{}, { label: yLabel, size: 50 }],
      series: [{}].concat(series.map((s) => ({
        label: s.label, stroke: s.color, width: s.width || 1.5, spanGaps: false,
        points: { show: false }, dash: s.dash,
      }))),
      legend: { live: true },
    };
    const empty = [[]].concat(series.map(() => []));
    return new uPlot(opts, empty, el);
  }

  const charts = {};
  function createCharts() {
    charts.throughput = makeChart($('chart-throughput'), [
      { label: 'submitted', color: COLORS.submitted },
      { label: 'settled', color: COLORS.settled, width: 2 },
      { label: 'rejected (settlement)', color: COLORS.rejected },
      { label: 'refused at intake', color: COLORS.refused, dash: [4, 3] },
    ], 'per second');
    createLatencyChart();
    createReasonsChart([]);
  }

  function createLatencyChart() {
    if (charts.latency) charts.latency.destroy();
    const intake = state.intakeHistogram
      ? [{ label: 'intake p50', color: '#7aa3ec' }, { label: 'intake p99', color: COLORS.submitted }]
      : [{ label: 'intake mean', color: COLORS.submitted }];
    charts.latencyMode = state.intakeHistogram;
    charts.latency = makeChart($('chart-latency'), intake.concat([
      { label: 'submit→settled p50', color: '#6fbf85' },
      { label: 'submit→settled p99', color: COLORS.settled, width: 2 },
    ]), 'ms (log)', true);
  }

  function createReasonsChart(reasons) {
    if (charts.reasons) charts.reasons.destroy();
    state.reasons = reasons;
    const series = reasons.length
      ? reasons.map((r, i) => ({ label: r, color: REASON_COLORS[i % REASON_COLORS.length] }))
      : [{ label: 'no rejections', color: '#9aa5b1' }];
    charts.reasons = makeChart($('chart-reasons'), series, 'per second');
  }

  window.addEventListener('resize', () => {
    for (const [name, el] of [['throughput', 'chart-throughput'], ['latency', 'chart-latency'],
      ['reasons', 'chart-reasons']]) {
      if (charts[name]) charts[name].setSize({ width: chartWidth($(el)), height: 200 });
    }
  });

  function redrawCharts(nowSecond) {
    const from = nowSecond - state.historySeconds + 1;
    for (const t of state.points.keys()) if (t < from) state.points.delete(t);
    const xs = [];
    const cols = { submitted: [], settled: [], rejected: [], refused: [],
      ip50: [], ip99: [], imean: [], sp50: [], sp99: [] };
    const reasonSet = new Set();
    let sumSettled = 0, sumSubmitted = 0;
    // The current second is still filling: the charts end at the last complete second.
    for (let t = from; t < nowSecond; t++) {
      const p = state.points.get(t);
      xs.push(t);
      // a second the server did not send had no traffic: 0 payments, no latency
      cols.submitted.push(p ? p.submitted : 0);
      cols.settled.push(p ? p.settled : 0);
      cols.rejected.push(p ? p.rejected : 0);
      cols.refused.push(p ? p.refused : 0);
      cols.ip50.push(p?.intakeP50Ms ?? null);
      cols.ip99.push(p?.intakeP99Ms ?? null);
      cols.imean.push(p?.intakeMeanMs ?? null);
      cols.sp50.push(p?.settleP50Ms ?? null);
      cols.sp99.push(p?.settleP99Ms ?? null);
      if (p) {
        sumSettled += p.settled; sumSubmitted += p.submitted;
        Object.keys(p.rejectedByReason || {}).forEach((r) => reasonSet.add(r));
      }
    }
    charts.throughput.setData([xs, cols.submitted, cols.settled, cols.rejected, cols.refused]);
    const el = $('chart-throughput');
    el.dataset.lastT = String(nowSecond - 1);
    el.dataset.sumSettled = String(sumSettled);
    el.dataset.sumSubmitted = String(sumSubmitted);

    if (charts.latencyMode !== state.intakeHistogram) createLatencyChart();
    const intakeCols = state.intakeHistogram ? [cols.ip50, cols.ip99] : [cols.imean];
    charts.latency.setData([xs, ...intakeCols, cols.sp50, cols.sp99]);

    const reasons = [...reasonSet].sort();
    if (reasons.join('|') !== state.reasons.join('|')) createReasonsChart(reasons);
    if (reasons.length) {
      charts.reasons.setData([xs, ...reasons.map((r) => xs.map((t) => {
        const p = state.points.get(t);
        return p?.rejectedByReason?.[r] || 0;
      }))]);
    } else {
      charts.reasons.setData([xs, xs.map(() => 0)]);
    }
    // Legends show the newest complete second unless the pointer is over a chart.
    for (const chart of [charts.throughput, charts.latency, charts.reasons]) {
      if (chart.cursor.left == null || chart.cursor.left < 0) chart.setLegend({ idx: xs.length - 1 });
    }
    updateKpis(nowSecond);
  }

  function updateKpis(nowSecond) {
    let n = 0; const acc = { submitted: 0, settled: 0, rejected: 0, refused: 0 };
    let lastIntake = null, lastSettle = null;
    for (let t = nowSecond - 10; t < nowSecond; t++) {
      const p = state.points.get(t);
      n++;
      if (p) for (const k of Object.keys(acc)) acc[k] += p[k];
    }
    for (let t = nowSecond - 1; t > nowSecond - 30; t--) {
      const p = state.points.get(t);
      if (!p) continue;
      const intake = state.intakeHistogram ? p.intakeP99Ms : p.intakeMeanMs;
      if (lastIntake == null && intake != null) lastIntake = intake;
      if (lastSettle == null && p.settleP99Ms != null) lastSettle = p;
      if (lastIntake != null && lastSettle != null) break;
    }
    const per = (k) => (n ? acc[k] / n : null);
    $('kpi-submitted').textContent = fmtRate(per('submitted'));
    $('kpi-settled').textContent = fmtRate(per('settled'));
    $('kpi-rejected').textContent = fmtRate(per('rejected'));
    $('kpi-refused').textContent = 'refused at intake ' + fmtRate(per('refused')) + '/s';
    $('kpi-intake-label').textContent = state.intakeHistogram ? 'intake p99' : 'intake mean';
    $('kpi-intake').textContent = fmtMs(lastIntake);
    $('kpi-intake-sub').textContent = state.intakeHistogram ? 'gateways, POST /payments'
      : 'no histogram published (docs/dashboard.md)';
    $('kpi-settle').textContent = fmtMs(lastSettle?.settleP99Ms);
    $('kpi-settle-sub').textContent = 'p50 ' + fmtMs(lastSettle?.settleP50Ms);
  }

  // ---------- panels ----------
  function renderBalance(balance, shards) {
    const box = $('sum-indicator');
    const st = balance.state;
    box.className = 'kpi sum ' + st;
    box.dataset.state = st;
    const sums = Object.entries(balance.sums || {});
    if (!sums.length) {
      $('sum-value').textContent = st === 'unknown' ? '…' : 'Σ = 0';
    } else {
      $('sum-value').textContent = sums.every(([, v]) => v === 0)
        ? 'Σ = 0 ✓' : sums.filter(([, v]) => v !== 0).map(([c, v]) => 'Σ ' + fmtMoney(v, c)).join(', ');
    }
    const down = shards.filter((s) => !s.up).map((s) => s.shard);
    $('sum-sub').textContent = st === 'ok'
      ? `all ${shards.length} shards, ${sums.map(([c]) => c).join(', ') || 'no accounts'}, read ${fmtAge(Date.now() - balance.oldestReadAt)}`
      : st === 'bad' ? 'the books do not balance — stop and investigate'
        : down.length ? `shard ${down.join(', ')} unreachable: last known values` : 'waiting for the shards';
  }

  function renderShards(shards) {
    $('shards').querySelector('tbody').innerHTML = shards.map((s) => {
      const sums = Object.entries(s.balanceSums || {});
      const clearing = Object.entries(s.clearing || {});
      return `<tr><td>${s.shard}</td>
        <td>${s.up ? badge('UP') : `<span title="${esc(s.error)}">${badge('DOWN')}</span>`}
            ${s.tailBehind > 0 ? badge('warn', s.tailBehind + ' unread') : ''}</td>
        <td class="num">${s.transactions.toLocaleString()}</td>
        <td class="num">${s.accounts.toLocaleString()}</td>
        <td class="num">${sums.map(([c, v]) => (v === 0 ? '0 ' + c : `<b class="badge bad">${fmtMoney(v, c)}</b>`)).join('<br>') || '–'}</td>
        <td class="num" title="${clearing.map(([c, v]) => fmtMoney(v, c)).join(', ')}">${clearing.map(([c, v]) => fmtMoneyShort(v, c)).join('<br>') || '–'}</td></tr>`;
    }).join('');
  }

  function renderLag(kafka) {
    const box = $('lag');
    if (!kafka.groups.length && !kafka.up) {
      box.innerHTML = `<p>${badge('DOWN')} <span class="muted">${esc(kafka.error)}</span></p>`;
      return;
    }
    const html = kafka.groups.map((g) => {
      // bars scale to at least 100 records, so a lag of a few in-flight records stays small
      const max = Math.max(100, ...g.partitions.map((p) => p.lag));
      const bars = g.partitions.map((p) => `<span class="${p.lag >= 100 ? 'hot' : ''}" title="partition ${p.partition}: lag ${p.lag}" style="height:${Math.max(2, Math.round(28 * p.lag / max))}px"></span>`).join('');
      return `<div class="lag-group" data-group="${esc(g.group)}" data-topic="${esc(g.topic)}">
        <div class="head"><span><b>${esc(g.group)}</b> <span class="muted">${esc(g.topic)} · ${g.partitions.length} partitions</span></span>
        <span class="num">${g.total.toLocaleString()}</span></div><div class="bars">${bars}</div></div>`;
    }).join('');
    const missing = kafka.missingGroups.length
      ? `<p class="muted">no committed offsets yet: ${kafka.missingGroups.map(esc).join(', ')}</p>` : '';
    const stale = kafka.up ? '' : `<p>${badge('warn', 'stale')} <span class="muted">${esc(kafka.error)}</span></p>`;
    box.innerHTML = stale + html + missing;
  }

  function renderLedger(ledger) {
    const head = ledger.head;
    $('ledger-height').textContent = head.up ? head.height.toLocaleString() : 'unavailable';
    $('ledger-age').textContent = head.up ? fmtAge(head.headAgeMs) : (head.error || '–');
    $('ledger-lag').textContent = head.blockLagMs >= 0
      ? `${fmtMs(head.blockLagMs)} oldest unanchored batch` : '–';
    $('kpi-height').textContent = head.up ? head.height.toLocaleString() : '–';
    $('kpi-height-sub').textContent = head.up ? 'last block ' + fmtAge(head.headAgeMs) : 'ledger unavailable';
    const v = ledger.verification;
    const el = $('verify-result');
    el.dataset.state = v.state === 'done' ? (v.valid ? 'valid' : 'invalid') : v.state;
    const btn = $('verify-btn');
    btn.disabled = v.state === 'running';
    if (v.state === 'none') {
      el.textContent = 'none from this dashboard yet';
    } else if (v.state === 'running') {
      el.innerHTML = `${badge('running', 'running')} started ${fmtAge(Date.now() - Date.parse(v.startedAt))}`;
    } else if (v.state === 'failed') {
      el.innerHTML = `${badge('bad', 'failed')} ${esc(v.error)} <span class="muted">${fmtTime(Date.parse(v.finishedAt))}</span>`;
    } else {
      const r = v.report || {};
      el.innerHTML = (v.valid ? badge('ok', 'valid') : badge('bad', 'INVALID'))
        + ` ${Number(r.blocksChecked).toLocaleString()} blocks, ${Number(r.transactionsChecked).toLocaleString()} transactions in ${fmtMs(r.elapsedMs)}`
        + ` <span class="muted">at ${fmtTime(Date.parse(v.finishedAt))}</span>`
        + (v.valid ? '' : `<br>first broken: block ${esc(r.firstBrokenHeight)}, shard ${esc(r.firstBrokenShard)}, tx ${esc(r.firstBrokenTransaction)}`
          + (r.problems || []).map((p) => `<br>${badge('bad', p.kind)} shard ${esc(p.shard)} ${esc(p.account || p.transactionId || '')}`
            + (p.storedBalance != null || p.recomputedBalance != null ? ` <span class="muted">stored ${esc(p.storedBalance)}, recomputed ${esc(p.recomputedBalance)}</span>` : '')).join(''));
    }
  }

  function renderDeadLetters(kafka, replay) {
    const dlts = kafka.deadLetters || [];
    const pending = dlts.reduce((s, d) => s + d.pending, 0);
    $('kpi-dlt').textContent = kafka.readAt ? pending.toLocaleString() : '–';
    $('kpi-dlt-box').classList.toggle('alert', pending > 0);
    $('dlt').innerHTML = dlts.map((d) => `
      <div class="dlt" data-topic="${esc(d.topic)}">
        <div class="head"><b>${esc(d.topic)}</b> <span class="muted">${d.total.toLocaleString()} ever ·</span>
          <b>${d.pending.toLocaleString()}</b> <span class="muted">not replayed</span>
          <button class="action small replay" data-source="${esc(d.sourceTopic)}" ${d.pending ? '' : 'disabled'}>Replay</button></div>
        ${d.causes.length ? `<ol class="causes">${d.causes.map((c) => `<li><span title="${esc(c.exception)}">${esc(shortName(c.exception))}</span>: ${esc(c.message)} <span>(${fmtTime(c.timestamp)})</span></li>`).join('')}</ol>` : ''}
      </div>`).join('') || '<p class="muted">no dead-letter topic configured</p>';
    if (replay) {
      $('replay-result').textContent = replay.state === 'done'
        ? `replayed ${replay.replayed} from ${replay.topic} at ${fmtTime(Date.parse(replay.at))}`
        : `replay of ${replay.topic} failed: ${replay.error}`;
    }
  }
  const shortName = (fqcn) => (fqcn || 'unknown').split('.').pop();

  function renderHealth(health, breakers) {
    $('health').innerHTML = health.map((h) => `<li data-name="${esc(h.name)}"><span>${esc(h.name)}
      <span class="muted">${h.kind === 'dependency' ? 'dependency' : ''}</span></span>
      <span class="detail-text" title="${esc(h.detail || h.target)}">${esc(h.detail || (h.latencyMs + ' ms'))}</span>
      ${badge(h.status === 'UP' ? 'UP' : 'DOWN', h.status)}</li>`).join('');
    $('breakers').innerHTML = breakers.length ? breakers.map((b) => `<li><span>${esc(b.instance)} · ${esc(b.name)}</span>${badge(b.state, b.state)}</li>`).join('')
      : '<li class="muted">no gateway metrics</li>';
  }

  function renderShardHealth(shards) {
    // shards are dependencies too: appended to the health list
    $('health').insertAdjacentHTML('beforeend', shards.map((s) => `<li data-name="shard-${s.shard}"><span>MariaDB shard ${s.shard} <span class="muted">dependency</span></span>
      <span class="detail-text" title="${esc(s.error || '')}">${esc(s.error || '')}</span>${badge(s.up ? 'UP' : 'DOWN', s.up ? 'UP' : 'DOWN')}</li>`).join(''));
  }

  function renderKafkaHealth(kafka) {
    $('health').insertAdjacentHTML('beforeend', `<li data-name="kafka"><span>Kafka <span class="muted">dependency</span></span>
      <span class="detail-text">${kafka.up ? kafka.brokers + ' broker(s)' : esc(kafka.error)}</span>${badge(kafka.up ? 'UP' : 'DOWN', kafka.up ? 'UP' : 'DOWN')}</li>`);
  }

  function renderReconciliation(r) {
    const box = $('recon');
    if (!r) {
      box.innerHTML = '<dt>last run</dt><dd class="muted">none since this instance started</dd>';
      return;
    }
    box.innerHTML = `
      <dt>last run</dt><dd>${badge(r.outcome === 'completed' ? 'ok' : 'warn', r.outcome)} ${r.finishedAt ? fmtAge(Date.now() - Date.parse(r.finishedAt)) : ''} <span class="muted">(${esc(r.trigger)})</span></dd>
      <dt>accounts checked</dt><dd>${Number(r.accountsChecked).toLocaleString()}</dd>
      <dt>drifting accounts</dt><dd>${r.driftingAccounts ? badge('warn', r.driftingAccounts) : '0'}</dd>
      <dt>Σ |drift|</dt><dd>${Number(r.driftAbsoluteSum).toLocaleString()} <span class="muted">minor units</span></dd>
      <dt>repairs</dt><dd>${r.repairCount}${r.repairsPostponed ? ` <span class="muted">(${r.repairsPostponed} postponed)</span>` : ''}</dd>
      <dt>projection lag</dt><dd>${r.projectionLag < 0 ? 'unknown' : r.projectionLag}</dd>
      ${r.closedWithBalance ? `<dt>closed with balance</dt><dd>${badge('bad', r.closedWithBalance)}</dd>` : ''}
      ${r.ledgerInconsistent ? `<dt>ledger inconsistent</dt><dd>${badge('bad', r.ledgerInconsistent)} <span class="muted">not repaired:</span>
        ${(r.ledgerInconsistencies || []).map((i) => `<br><span title="booked ${esc(i.booked)}, entries ${esc(i.entriesSum)}">${esc(i.account)} <span class="muted">shard ${esc(i.shard)}, booked ${Number(i.booked).toLocaleString()}, entries ${Number(i.entriesSum).toLocaleString()}</span></span>`).join('')}</dd>` : ''}`;
  }

  // ---------- recent payments ----------
  function addRecent(payments) {
    for (const p of payments) state.recent.set(p.seq, p);
    if (state.recent.size > RECENT_LIMIT) {
      const keys = [...state.recent.keys()].sort((a, b) => a - b);
      for (const k of keys.slice(0, keys.length - RECENT_LIMIT)) state.recent.delete(k);
    }
  }

  function renderPayments() {
    const status = $('filter-status').value;
    const account = $('filter-account').value.trim().toLowerCase();
    const rows = [...state.recent.values()]
      .filter((p) => !status || p.status === status)
      .filter((p) => !account || p.payer.toLowerCase().includes(account) || p.payee.toLowerCase().includes(account))
      .sort((a, b) => b.decidedAt - a.decidedAt || b.seq - a.seq)
      .slice(0, 100);
    $('payments-count').textContent = `${rows.length} shown of ${state.recent.size} recent`;
    $('payments').querySelector('tbody').innerHTML = rows.map((p) => `
      <tr class="link" data-id="${esc(p.id)}" data-shard="${p.shard}" data-status="${esc(p.status)}">
        <td>${fmtTime(p.decidedAt)}</td>
        <td class="mono">${esc(p.id.slice(0, 8))}…</td>
        <td>${esc(p.payer)} → ${esc(p.payee)}</td>
        <td class="num">${fmtMoney(p.amount, p.currency)}</td>
        <td>${badge(p.status, p.status)} ${p.reason ? `<span class="muted">${esc(p.reason)}</span>` : ''}</td>
        <td class="num">${fmtMs(p.latencyMs)}</td>
        <td class="num">${p.shard}</td></tr>`).join('');
  }

  $('filter-status').addEventListener('change', renderPayments);
  $('filter-account').addEventListener('input', renderPayments);
  $('payments').addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-id]');
    if (tr) openDetail(tr.dataset.id, tr.dataset.shard);
  });
  $('lookup-id').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.value.trim()) openDetail(e.target.value.trim());
  });
  $('detail-close').addEventListener('click', () => { $('detail').hidden = true; });

  async function openDetail(id, shard) {
    const panel = $('detail');
    const body = $('detail-body');
    panel.hidden = false;
    panel.dataset.id = id;
    body.innerHTML = '<p class="muted">loading…</p>';
    try {
      const res = await fetch(`/dashboard/api/payments/${encodeURIComponent(id)}` + (shard != null ? `?shard=${shard}` : ''));
      const d = await res.json();
      if (!res.ok) { body.innerHTML = `<p>${esc(d.detail || res.status)}</p>`; return; }
      const proof = d.proof || {};
      body.innerHTML = `
        <dl class="facts">
          <dt>transaction</dt><dd class="mono">${esc(d.id)}</dd>
          <dt>status</dt><dd>${badge(d.status, d.status)} ${esc(d.reason || '')}</dd>
          <dt>payer → payee</dt><dd>${esc(d.payer)} → ${esc(d.payee)}</dd>
          <dt>amount</dt><dd>${fmtMoney(d.amount, d.currency)}</dd>
          <dt>reference</dt><dd>${esc(d.reference)}</dd>
          <dt>client</dt><dd>${esc(d.client)}</dd>
          <dt>submitted</dt><dd>${esc(d.submittedAt)}</dd>
          <dt>decided</dt><dd>${esc(d.decidedAt)} <span class="muted">(${fmtMs(d.latencyMs)})</span></dd>
          <dt>shard / seq / batch</dt><dd>${d.shard} / ${d.shardSeq} / ${d.batchSeq} <span class="muted">payee shard ${d.payeeShard}</span></dd>
          <dt>leaf hash</dt><dd class="mono">${esc(d.leafHash)}</dd>
        </dl>
        <h3>Merkle proof</h3>
        <p id="proof-status" data-status="${esc(proof.status)}">${badge(proof.status, proof.status)}
          ${proof.blockHeight ? ` block ${proof.blockHeight}, log index ${proof.logIndex}, head ${proof.headHeight}` : ''}
          <br><span class="muted">${esc(proof.detail || '')}</span></p>
        ${proof.checks ? `<ul class="checks">${proof.checks.map((c) => `<li>${esc(c)} ✓</li>`).join('')}</ul>` : ''}
        <p class="muted">Checked by the dashboard against the ledger's published keys. For an independent check, pin the key and run
          <span class="mono">ledger-service.jar verify</span> on <a href="/api/v1/transactions/${esc(d.id)}/proof" target="_blank" rel="noopener">the proof</a> (docs/ledger.md).</p>`;
    } catch (err) {
      body.innerHTML = `<p>${esc(err)}</p>`;
    }
  }

  // ---------- actions ----------
  $('verify-btn').addEventListener('click', async () => {
    $('verify-btn').disabled = true;
    const res = await fetch('/dashboard/api/verify', { method: 'POST', headers: ACTION_HEADERS });
    if (res.ok || res.status === 409) {
      const v = await res.json();
      renderLedger({ head: state.lastLedgerHead || { up: false, blockLagMs: -1 }, verification: v });
    } else {
      $('verify-btn').disabled = false;
    }
  });

  $('dlt').addEventListener('click', async (e) => {
    const btn = e.target.closest('button.replay');
    if (!btn) return;
    const topic = btn.dataset.source;
    if (!confirm(`Re-publish up to 100 dead letters of ${topic}.DLT to ${topic}?`)) return;
    btn.disabled = true;
    const res = await fetch(`/dashboard/api/dead-letters/replay?topic=${encodeURIComponent(topic)}`,
      { method: 'POST', headers: ACTION_HEADERS });
    const r = await res.json().catch(() => ({}));
    $('replay-result').textContent = res.ok ? `replayed ${r.replayed} from ${topic}`
      : `replay failed: ${r.error || r.detail || res.status}`;
  });

  // ---------- the stream ----------
  function onSnapshot(event) {
    const s = JSON.parse(event.data);
    state.lastEventAt = Date.now();
    state.historySeconds = s.historySeconds;
    state.intakeHistogram = s.intakeHistogram;
    if (s.full) { state.points.clear(); state.recent.clear(); }
    for (const p of s.points) state.points.set(p.t, p);
    addRecent(s.recent);
    const nowSecond = Math.floor(s.t / 1000);
    redrawCharts(nowSecond);
    renderBalance(s.balance, s.shards);
    renderShards(s.shards);
    renderLag(s.kafka);
    state.lastLedgerHead = s.ledger.head;
    renderLedger(s.ledger);
    renderDeadLetters(s.kafka, s.replay);
    renderHealth(s.health, s.breakers);
    renderShardHealth(s.shards);
    renderKafkaHealth(s.kafka);
    renderReconciliation(s.reconciliation);
    renderPayments();
    setConn('live', 'live');
    document.body.dataset.events = String(Number(document.body.dataset.events || 0) + 1);
  }

  function setConn(cls, text) {
    const el = $('conn');
    el.className = 'conn ' + cls;
    el.textContent = text;
  }

  setInterval(() => {
    if (state.lastEventAt) {
      const age = Date.now() - state.lastEventAt;
      $('updated').textContent = 'updated ' + (age < 1500 ? 'just now' : fmtAge(age));
      if (age > 5000) setConn('down', 'stalled');
    }
  }, 1000);

  let source = null;
  function connect() {
    source = new EventSource('/dashboard/stream');
    source.addEventListener('snapshot', onSnapshot);
    source.onerror = () => {
      setConn('down', 'reconnecting…');
      if (source.readyState === EventSource.CLOSED) {
        // The server refused the stream (logged out, or restarting): ask, then reconnect.
        setTimeout(async () => {
          try {
            const res = await fetch('/dashboard/api/session');
            if (res.status === 401) { location.href = '/dashboard/login'; return; }
          } catch (e) { /* server away: try the stream again */ }
          connect();
        }, 2000);
      }
    };
  }

  // Read-only view for the browser test (and the console): payments settled after second t
  // in the chart's data.
  window.payflowDashboard = {
    settledSince: (t) => [...state.points.values()].filter((p) => p.t > t)
      .reduce((sum, p) => sum + p.settled, 0),
  };

  createCharts();
  connect();
})();
