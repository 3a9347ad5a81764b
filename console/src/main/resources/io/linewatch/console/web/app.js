// Linewatch console: plain JavaScript, no framework. Every value from the data goes into the page as text
// (textContent), never as HTML. The pages read the JSON API under /api/ and nothing else.
'use strict';

const view = document.getElementById('view');
let me = { role: 'read' };

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

function csrf() {
  const m = document.cookie.match(/(?:^|;\s*)lw_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

async function api(path, options) {
  const opts = Object.assign({ credentials: 'same-origin', headers: {} }, options || {});
  if (opts.method === 'POST') {
    opts.headers['Content-Type'] = 'application/json';
    opts.headers['X-CSRF-Token'] = csrf();
  }
  const res = await fetch(path, opts);
  if (res.status === 401) { location.reload(); throw new Error('logged out'); }
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

const fmt = n => (n === null || n === undefined) ? '' : Number(n).toLocaleString('en');
const time = t => t ? String(t).replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1Z') : '';
const list = v => Array.isArray(v) ? v.join(', ') : (v === null || v === undefined ? '' : String(v));

function table(columns, rows, options) {
  const opts = options || {};
  const head = h('tr', {}, columns.map(c => {
    const th = h('th', { class: opts.onSort ? 'sortable' : null, 'data-key': c.key }, c.label);
    if (opts.sort && opts.sort.key === c.key) th.classList.add(opts.sort.desc ? 'sorted-desc' : 'sorted-asc');
    if (opts.onSort) th.addEventListener('click', () => opts.onSort(c.key));
    return th;
  }));
  const body = rows.map(r => {
    const tr = h('tr', { class: opts.rowClass ? opts.rowClass(r) : null },
      columns.map(c => h('td', { 'data-key': c.key }, c.render ? c.render(r) : list(r[c.key]))));
    return tr;
  });
  return h('table', { id: opts.id || null }, h('thead', {}, head), h('tbody', {}, body));
}

function card(label, value, id) {
  return h('div', { class: 'card', id: id || null }, h('div', { class: 'value' }, value), h('div', { class: 'label' }, label));
}

function sev(a) {
  const name = (a.console && a.console.severity) || 'info';
  return h('span', { class: 'sev ' + name }, name + ' ' + fmt(a.event && a.event.severity));
}

function assetLink(id, label) {
  return h('a', { href: '#/asset/' + encodeURIComponent(id) }, label || id);
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const colour = (() => { const seen = {}; let n = 0; return k => seen[k] || (seen[k] = PALETTE[n++ % PALETTE.length]); })();
// the roles of the inventory (AssetRole; /api/map lists them for the legend): a role added there without a colour
// here gets one of the palette's
const ROLE_COLOURS = { plc: '#d62728', engineering_workstation: '#9467bd', hmi: '#1f77b4', historian: '#17becf',
  io_adapter: '#ff7f0e', communication_module: '#bc8a00', switch: '#2ca02c', it_host: '#8c8c8c', unknown: '#c7c7c7' };
const roleColour = r => ROLE_COLOURS[r] || colour('role ' + r);
const PHYSICAL_COLOUR = '#4a4a4a';

// ---- overview ----

function chart(series, kind) {
  const buckets = series.buckets || [];
  const W = 900, H = 220, pad = 40;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('width', '100%');
  svg.setAttribute('id', 'chart-' + kind);
  const keys = [...new Set(buckets.flatMap(b => Object.keys(b[kind])))].sort();
  const totals = buckets.map(b => Object.values(b[kind]).reduce((s, v) => s + v, 0));
  const max = Math.max(1, ...totals);
  const bw = (W - pad - 10) / Math.max(1, buckets.length);
  buckets.forEach((b, i) => {
    let y = H - 25;
    for (const k of keys) {
      const v = b[kind][k] || 0;
      if (!v) continue;
      const hgt = (H - 45) * v / max;
      const r = document.createElementNS(ns, 'rect');
      r.setAttribute('x', pad + i * bw + 1); r.setAttribute('width', Math.max(1, bw - 2));
      r.setAttribute('y', y - hgt); r.setAttribute('height', hgt); r.setAttribute('fill', colour(k));
      const t = document.createElementNS(ns, 'title'); t.textContent = `${time(b.start)} ${k}: ${v}`; r.append(t);
      svg.append(r); y -= hgt;
    }
  });
  const label = (x, y, text, anchor) => { const t = document.createElementNS(ns, 'text'); t.setAttribute('x', x); t.setAttribute('y', y);
    t.setAttribute('font-size', '11'); t.setAttribute('fill', '#5d6678'); t.setAttribute('text-anchor', anchor || 'start'); t.textContent = text; svg.append(t); };
  label(pad - 4, 22, fmt(max), 'end'); label(pad - 4, H - 25, '0', 'end');
  if (buckets.length) { label(pad, H - 8, time(buckets[0].start)); label(W - 10, H - 8, time(buckets[buckets.length - 1].start), 'end'); }
  const legend = h('div', { class: 'legend' }, keys.map(k => h('span', {}, (() => { const i = h('i'); i.style.background = colour(k); return i; })(), k)));
  return h('div', { class: 'chart' }, svg, legend);
}

async function overview() {
  const o = await api('/api/overview');
  const hl = o.health || {};
  const cap = hl.capture || {};
  const ops = Object.entries(o.by_operation).map(([operation, count]) => ({ operation, count }));
  view.replaceChildren(
    h('h1', {}, 'Overview'),
    h('div', { class: 'cards' },
      card('assets', fmt(o.assets), 'card-assets'), card('alerts', fmt(o.alerts), 'card-alerts'),
      card('transactions', fmt(o.transactions), 'card-transactions'), card('flows', fmt(o.flows), 'card-flows'),
      card('writes', fmt(o.writes), 'card-writes'), card('engineering actions', fmt(o.engineering), 'card-engineering'),
      hl.mode === 'live' ? card('packets/s', fmt(hl.packets_per_second), 'card-pps') : null,
      hl.mode === 'live' ? card('libpcap drops', cap.libpcap_dropped === undefined ? 'n/a' : fmt(cap.libpcap_dropped), 'card-drops') : null,
      hl.mode === 'live' ? card('queue drops', fmt(hl.queue_drops), 'card-queue-drops') : null,
      card('journal lag (bytes)', fmt(hl.journal_lag_bytes), 'card-lag'),
      card('Elasticsearch', cap.elasticsearch || 'n/a (journal only)', 'card-es')),
    h('p', { class: 'note' }, `Capture time ${time(o.first_seen)} to ${time(o.last_seen)}. `,
      (hl.errors || []).length ? h('span', { class: 'problem' }, 'Problems: ' + hl.errors.join('; ')) : 'No capture or read problems.'),
    h('h2', {}, 'Transactions over time by protocol'), chart(o.series, 'protocols'),
    h('h2', {}, 'Transactions over time by operation'), chart(o.series, 'operations'),
    h('div', { class: 'two' },
      h('div', {}, h('h2', {}, 'By operation'), table([{ key: 'operation', label: 'operation' }, { key: 'count', label: 'transactions', render: r => fmt(r.count) }], ops, { id: 'by-operation' }),
        h('h2', {}, 'Most frequent functions'), table([{ key: 'protocol', label: 'protocol' }, { key: 'action', label: 'action' }, { key: 'count', label: 'count', render: r => fmt(r.count) }], o.top_actions)),
      h('div', {}, h('h2', {}, 'Latest writes and engineering actions'),
        table([{ key: '@timestamp', label: 'time', render: r => time(r['@timestamp']) }, { key: 'source', label: 'from' }, { key: 'destination', label: 'to' },
          { key: 'protocol', label: 'protocol' }, { key: 'action', label: 'action' }, { key: 'operation', label: 'operation' }, { key: 'outcome', label: 'outcome' }],
        o.recent_writes_and_engineering, { id: 'recent-writes' }))));
}

// ---- alerts ----

let alertStream = null;

function dialog(title, fields, confirmLabel) {
  return new Promise(resolve => {
    const inputs = fields.map(f => f.type === 'checkbox'
      ? h('input', { type: 'checkbox', name: f.name, id: 'dialog-' + f.name, checked: !!f.value })
      : h('input', { name: f.name, id: 'dialog-' + f.name, placeholder: f.placeholder || '', value: f.value || '' }));
    const d = h('dialog', { id: 'action-dialog' },
      h('form', { method: 'dialog' }, h('h2', {}, title),
        fields.map((f, i) => h('label', {}, f.label, inputs[i])),
        h('p', {}, h('button', { class: 'action', value: 'ok', id: 'dialog-confirm' }, confirmLabel), ' ',
          h('button', { class: 'action secondary', value: 'cancel', formnovalidate: true }, 'Cancel'))));
    d.addEventListener('close', () => { const ok = d.returnValue === 'ok'; const v = {}; inputs.forEach(i => v[i.name] = i.type === 'checkbox' ? i.checked : i.value); d.remove(); resolve(ok ? v : null); });
    document.body.append(d); d.showModal();
  });
}

// the result of the last action, shown above the alerts (and read by the browser tests)
let lastAction = null;

async function act(name, body) {
  try { const r = await api('/api/actions/' + name, { method: 'POST', body: JSON.stringify(body) }); lastAction = { name, ok: true, result: r }; }
  catch (e) { lastAction = { name, ok: false, result: { error: e.message } }; }
}

function actionResult() {
  if (!lastAction) return null;
  const r = lastAction.result;
  const text = !lastAction.ok ? `${lastAction.name} refused: ${r.error}`
    : lastAction.name === 'approve' ? `approved into the baseline: ${r.key}${r.seen ? ' (' + r.seen + ')' : ''}: ${r.change}`
    : lastAction.name === 'incident' && r.unlearned ? `marked as an incident; unlearned ${r.unlearned.key}: ${r.unlearned.change}`
    : lastAction.name === 'incident' ? 'marked as an incident' : lastAction.name + ' done';
  return h('p', { id: 'action-result', class: lastAction.ok ? 'note' : 'problem' }, text);
}

async function alerts(params) {
  const q = new URLSearchParams(params || {});
  const state = Object.fromEntries(q.entries());
  const [data, assets] = await Promise.all([api('/api/alerts?' + q), api('/api/assets')]);
  const write = me.role === 'write';
  const select = (name, label, options) => h('label', {}, label, h('select', { name, id: 'filter-' + name, onchange: apply },
    options.map(([v, t]) => { const o = h('option', { value: v }, t); if ((state[name] || '') === v) o.selected = true; return o; })));
  function apply() {
    const f = {};
    for (const s of view.querySelectorAll('.filters select')) if (s.value) f[s.name] = s.value;
    location.hash = '#/alerts?' + new URLSearchParams(f);
  }
  const rows = data.alerts;
  const columns = [
    { key: 'time', label: 'time', render: a => time(a['@timestamp']) },
    { key: 'severity', label: 'severity', render: sev },
    { key: 'rule', label: 'rule', render: a => h('span', { title: a.rule.description || '' }, a.rule.id + ' ' + a.rule.name) },
    { key: 'message', label: 'message', render: a => a.message },
    { key: 'technique', label: 'ATT&CK', render: a => ((a.threat && a.threat.technique && a.threat.technique.id) || []).map(t => h('span', { class: 'tag' }, t)) },
    { key: 'assets', label: 'assets', render: a => a.console.assets.map(id => h('span', { class: 'tag' }, assetLink(id))) },
    { key: 'state', label: 'state', render: a => [a.console.incident ? h('span', { class: 'tag incident' }, 'incident') : null,
      a.console.muted ? h('span', { class: 'tag muted', title: a.console.muted.reason }, 'muted') : null,
      a.console.evidence ? h('a', { href: '/api/alerts/' + encodeURIComponent(a.event.id) + '/evidence', class: 'evidence' }, 'evidence pcap') : null] },
    { key: 'actions', label: '', render: a => write ? [
      h('button', { class: 'action mute', onclick: async () => { const v = await dialog('Mute ' + a.rule.id, [{ name: 'reason', label: 'Reason' }, { name: 'asset', label: 'Only for asset (empty: every asset)', value: '' }], 'Mute');
        if (v) { await act('mute', { rule: a.rule.id, asset: v.asset || null, reason: v.reason }); route(); } } }, 'Mute'), ' ',
      h('button', { class: 'action incident', onclick: async () => { const v = await dialog('Mark as incident', [{ name: 'note', label: 'Note' }, { name: 'unlearn', type: 'checkbox', label: 'Unlearn from the baseline what this traffic taught it (' + (a.console.observation ? a.console.observation.key : 'talker ' + ((a.source && a.source.ip) || '?') + '>' + ((a.destination && a.destination.ip) || '?')) + ')', value: true }], 'Mark');
        if (v) { await act('incident', { alert: a.event.id, note: v.note, unlearn: !!v.unlearn }); route(); } } }, 'Incident'), ' ',
      a.console.observation ? h('button', { class: 'action learn', title: 'approve into the baseline: ' + a.console.observation.key, onclick: async () => {
        const v = await dialog('Learn: approve into the baseline', [{ name: 'reason', label: 'Reason (' + a.console.observation.key + (a.console.observation.seen ? ', seen ' + a.console.observation.seen : '') + ')' }], 'Approve');
        if (v) { await act('approve', { alert: a.event.id, reason: v.reason }); route(); } } }, 'Learn')
        : h('button', { class: 'action secondary', disabled: true, title: 'not about a departure from the baseline' }, 'Learn')] : null },
  ];
  view.replaceChildren(
    h('h1', {}, 'Alerts'), actionResult(),
    h('div', { class: 'filters' },
      select('severity', 'severity', [['', 'any'], ['25', 'low and up'], ['50', 'medium and up'], ['75', 'high']]),
      select('rule', 'rule', [['', 'any']].concat(data.rules.map(r => [r, r]))),
      select('technique', 'technique', [['', 'any']].concat(data.techniques.map(t => [t, t]))),
      select('asset', 'asset', [['', 'any']].concat(assets.assets.map(a => [a.id, (a.ip[0] || a.id) + ' ' + (a.role || '')]))),
      select('muted', 'muted', [['', 'hide muted'], ['include', 'show muted'], ['only', 'only muted']]),
      h('span', { id: 'alert-count', class: 'note' }, `${fmt(data.matching)} of ${fmt(data.total)} alerts`),
      h('span', { id: 'live', class: 'note' })),
    h('h2', {}, 'Grouped by rule and target'),
    table([{ key: 'rule', label: 'rule', render: g => g.rule + ' ' + (g.rule_name || '') }, { key: 'target', label: 'target' },
      { key: 'count', label: 'alerts', render: g => fmt(g.count) }, { key: 'max_severity', label: 'max severity' },
      { key: 'first', label: 'first', render: g => time(g.first) }, { key: 'last', label: 'last', render: g => time(g.last) }], data.groups, { id: 'alert-groups' }),
    h('h2', {}, 'Alerts, newest first'),
    table(columns, rows, { id: 'alerts-table', rowClass: a => a.console.muted ? 'muted' : null }));
  if (alertStream) alertStream.close();
  alertStream = new EventSource('/api/alerts/stream');
  let fresh = 0;
  alertStream.addEventListener('alert', () => { fresh++; const l = document.getElementById('live'); if (l) l.textContent = `${fresh} new alert(s) — reloading`; clearTimeout(alertStream.timer); alertStream.timer = setTimeout(route, 800); });
}

// ---- assets ----

let assetSort = { key: 'id', desc: false };

async function assetsPage(params) {
  const q = new URLSearchParams(params || {});
  const data = await api('/api/assets');
  let filter = q.get('q') || '';
  const columns = [
    { key: 'id', label: 'asset', render: a => assetLink(a.id) }, { key: 'ip', label: 'IP' }, { key: 'mac', label: 'MAC' },
    { key: 'vlan', label: 'VLAN' }, { key: 'role', label: 'role' }, { key: 'manufacturer', label: 'vendor' }, { key: 'model', label: 'model' },
    { key: 'firmware', label: 'firmware' }, { key: 'protocols', label: 'protocols' }, { key: 'first_seen', label: 'first seen', render: a => time(a.first_seen) },
    { key: 'last_seen', label: 'last seen', render: a => time(a.last_seen) }, { key: 'advisories', label: 'advisories' }];
  const holder = h('div');
  function draw() {
    const f = filter.toLowerCase();
    const rows = data.assets.filter(a => !f || JSON.stringify(a).toLowerCase().includes(f));
    const k = assetSort.key;
    const key = a => { const v = a[k]; return Array.isArray(v) ? (v[0] || '') : (v === null || v === undefined ? '' : v); };
    rows.sort((a, b) => { const x = key(a), y = key(b); const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { numeric: true }); return assetSort.desc ? -c : c; });
    holder.replaceChildren(h('p', { class: 'note', id: 'asset-count' }, `${rows.length} of ${data.total} assets`),
      table(columns, rows, { id: 'assets-table', sort: assetSort, onSort: key => { assetSort = { key, desc: assetSort.key === key ? !assetSort.desc : false }; draw(); } }));
  }
  const exports = ['csv', 'json', 'html'].map(f => [h('a', { class: 'button', href: '/api/export/assets.' + f, id: 'export-' + f, download: 'linewatch-assets.' + f }, f.toUpperCase()), ' ',
    h('a', { href: '/api/export/assets.' + f + '.sig', download: 'linewatch-assets.' + f + '.sig' }, 'signature'), '  ']);
  view.replaceChildren(h('h1', {}, 'Assets'),
    h('div', { class: 'filters' }, h('label', {}, 'filter', h('input', { id: 'asset-filter', value: filter, placeholder: 'vendor, IP, role, firmware…', oninput: e => { filter = e.target.value; draw(); } })),
      h('span', {}, 'Export (signed, Ed25519): ', exports, h('a', { href: '/api/export/public-key.pem' }, 'public key'))),
    holder);
  draw();
}

// ---- asset page ----

async function assetPage(id) {
  const a = await api('/api/assets/' + encodeURIComponent(id));
  const s = a.summary;
  const dl = h('dl', { class: 'identity', id: 'identity' });
  const src = a.identity_source || {};
  for (const [label, key, field] of [['asset id', 'id'], ['role', 'role'], ['IP', 'ip'], ['MAC', 'mac'], ['VLAN', 'vlan'],
    ['vendor', 'manufacturer', 'device.manufacturer'], ['model', 'model', 'device.model.name'], ['order number', 'model_id', 'device.model.identifier'],
    ['firmware', 'firmware', 'device.firmware.version'], ['serial', 'serial', 'device.serial_number'], ['protocols', 'protocols'],
    ['first seen', 'first_seen'], ['last seen', 'last_seen']]) {
    const v = list(s[key]);
    dl.append(h('dt', {}, label), h('dd', { 'data-field': key }, v || '—', field && src[field] ? h('span', { class: 'note' }, '  (from ' + src[field] + ')') : null));
  }
  const att = a.document && a.document.asset && a.document.asset.attachment;
  if (att && att.switch_id) { // the switch port it hangs off (LLDP/CDP)
    dl.append(h('dt', {}, 'switch port'), h('dd', { 'data-field': 'attachment' }, assetLink(att.switch_id, att.switch_name || att.switch_id), ' port ' + att.port_id,
      att.port_description ? ' (' + att.port_description + ')' : '', h('span', { class: 'note' }, '  (' + att.protocol + ': ' + att.basis + ')')));
  }
  const section = (title, rows, columns, id) => [h('h2', {}, title), rows && rows.length ? table(columns, rows, { id }) : h('p', { class: 'note' }, 'None.')];
  const baseline = a.baseline == null ? [h('h2', {}, 'Learned baseline'), h('p', { class: 'note', id: 'no-baseline' }, 'No baseline.json in this directory.')]
    : [h('h2', {}, 'Learned baseline')].concat(Object.keys(a.baseline).length === 0 ? [h('p', { class: 'note', id: 'no-baseline' }, 'The baseline holds nothing about this device.')]
      : baselineSections(a.baseline, s.ip));
  view.replaceChildren(h('div', { id: 'asset-page' },
    h('h1', {}, 'Asset ', h('span', { id: 'asset-title' }, (s.ip[0] || s.id)), ' ', h('span', { class: 'tag' }, s.role || 'unknown')),
    h('div', { class: 'two' },
      h('div', {}, h('h2', {}, 'Identity'), dl,
        section('Identity history', a.identity_history, [{ key: 'at', label: 'when', render: r => time(r.at || r.time || r.seen) }, { key: 'field', label: 'field' },
          { key: 'old', label: 'old' }, { key: 'new', label: 'new' }, { key: 'source', label: 'source' }], 'identity-history'),
        section('Why this role', a.role_evidence, [{ key: 'role', label: 'role' }, { key: 'weight', label: 'weight' }, { key: 'reason', label: 'reason' }]),
        section('Advisories', a.advisories, [{ key: 'id', label: 'advisory' }, { key: 'title', label: 'title' }, { key: 'firmware', label: 'firmware' }], 'advisories')),
      h('div', {},
        section('Peers', a.peers, [{ key: 'ip', label: 'peer' }, { key: 'protocol', label: 'protocol' }, { key: 'as', label: 'this device is' },
          { key: 'transactions', label: 'transactions' }, { key: 'flows', label: 'flows' }, { key: 'last_seen', label: 'last seen', render: r => time(r.last_seen) }], 'peers'),
        section('Functions seen', a.functions, [{ key: 'as', label: 'as' }, { key: 'protocol', label: 'protocol' }, { key: 'action', label: 'function' }, { key: 'count', label: 'count', render: r => fmt(r.count) }], 'functions'),
        h('p', {}, h('a', { href: '#/map?focus=' + encodeURIComponent(s.id) + '&hops=2' }, 'Show on the map (2 hops)')))),
    section('Writes and engineering actions (latest)', a.writes_and_engineering, [{ key: '@timestamp', label: 'time', render: r => time(r['@timestamp']) },
      { key: 'source', label: 'from' }, { key: 'destination', label: 'to' }, { key: 'protocol', label: 'protocol' }, { key: 'action', label: 'action' }, { key: 'outcome', label: 'outcome' }]),
    section('Alerts', a.alerts, [{ key: 't', label: 'time', render: r => time(r['@timestamp']) }, { key: 's', label: 'severity', render: sev },
      { key: 'r', label: 'rule', render: r => r.rule.id }, { key: 'm', label: 'message', render: r => r.message }], 'asset-alerts'),
    baseline));
}

// the learned baseline's entries about one device (baseline.json: docs/BASELINE.md), one table per kind
const nanosTime = n => (typeof n === 'number' && n > 0 && n < 9e18) ? time(new Date(Math.floor(n / 1e6)).toISOString()) : '';
const seconds = n => typeof n === 'number' ? (n / 1e9).toLocaleString('en', { maximumFractionDigits: 3 }) + ' s' : '';
const ranges = rs => (rs || []).map(r => r[1] - r[0] > 1 ? r[0] + '-' + (r[1] - 1) : String(r[0])).join(', ');
const as = (ips, r) => ips.includes(r.server) ? 'server' : 'client';

function baselineSections(b, ips) {
  const out = [];
  const add = (title, rows, columns, id) => { if (rows && rows.length) out.push(h('h2', {}, title), table(columns, rows, { id })); };
  add('Learned functions', b.channels, [{ key: 'as', label: 'this device is', render: r => as(ips, r) }, { key: 'client', label: 'client' }, { key: 'server', label: 'server' },
    { key: 'protocol', label: 'protocol' }, { key: 'unit', label: 'unit' }, { key: 'action', label: 'function', render: r => (r.action || r.function) + (r.subfunction >= 0 ? '/' + r.subfunction : '') },
    { key: 'count', label: 'count', render: r => fmt(r.count) }, { key: 'max_per_minute', label: 'most per minute', render: r => fmt(r.max_per_minute) },
    { key: 'first', label: 'first', render: r => nanosTime(r.first) }, { key: 'last', label: 'last', render: r => nanosTime(r.last) }], 'baseline-functions');
  add('Learned objects', b.objects, [{ key: 'access', label: 'access' }, { key: 'protocol', label: 'protocol' }, { key: 'unit', label: 'unit' }, { key: 'area', label: 'area' },
    { key: 'number', label: 'number', render: r => r.number >= 0 ? r.number : '' }, { key: 'ranges', label: 'addresses', render: r => ranges(r.ranges) },
    { key: 'writers', label: 'writers', render: r => list(r.writers) }], 'baseline-objects');
  add('Rhythm', b.rhythms, [{ key: 'client', label: 'client' }, { key: 'server', label: 'server' }, { key: 'protocol', label: 'protocol' },
    { key: 'function', label: 'function' }, { key: 'object', label: 'object', render: r => r.area + (r.number >= 0 ? ' ' + r.number : '') + ' ' + r.start + (r.count > 1 ? '+' + r.count : '') },
    { key: 'period', label: 'period', render: r => seconds(r.period) }, { key: 'jitter', label: 'jitter', render: r => seconds(r.jitter) },
    { key: 'intervals', label: 'intervals', render: r => fmt(r.intervals) }], 'baseline-rhythms');
  add('Process variables seen, with their ranges', b.variables, [{ key: 'protocol', label: 'protocol' }, { key: 'unit', label: 'unit' }, { key: 'area', label: 'area' },
    { key: 'address', label: 'address', render: r => (r.number >= 0 ? r.number + '/' : '') + r.address }, { key: 'kind', label: 'kind' },
    { key: 'min', label: 'min', render: r => fmt(r.min) }, { key: 'max', label: 'max', render: r => fmt(r.max) },
    { key: 'mean', label: 'mean', render: r => typeof r.mean === 'number' ? r.mean.toLocaleString('en', { maximumFractionDigits: 2 }) : '' },
    { key: 'values', label: 'values seen', render: r => list(r.values) + (r.many ? ', …' : '') }, { key: 'samples', label: 'samples', render: r => fmt(r.samples) }], 'baseline-variables');
  add('Talkers', b.talkers, [{ key: 'client', label: 'client' }, { key: 'server', label: 'server' }, { key: 'transactions', label: 'transactions', render: r => fmt(r.transactions) },
    { key: 'sessions', label: 'sessions', render: r => fmt(r.sessions) }, { key: 'approved', label: 'approved', render: r => r.approved ? 'approved' : '' }], 'baseline-talkers');
  const known = new Set(['channels', 'objects', 'rhythms', 'variables', 'talkers']);
  for (const [name, entries] of Object.entries(b)) {
    if (known.has(name)) continue;
    const keys = [...new Set(entries.flatMap(e => Object.keys(e)))].slice(0, 10);
    add('Baseline: ' + name, entries, keys.map(k => ({ key: k, label: k, render: r => typeof r[k] === 'object' && r[k] !== null ? JSON.stringify(r[k]) : list(r[k]) })), 'baseline-' + name);
  }
  return out;
}

// ---- network map ----

const COLLAPSE_ABOVE = 40;
let expanded = new Set();

function mapElements(m, collapse, physical) {
  const els = [];
  const big = new Set(collapse ? m.groups.filter(g => g.size > COLLAPSE_ABOVE && !expanded.has(g.id)).map(g => g.id) : []);
  const groups = [...m.groups].sort((a, b) => b.size - a.size);
  const members = {};
  for (const n of m.nodes) (members[n.group] = members[n.group] || []).push(n);
  // groups packed left to right in rows; members on a square grid inside their group
  const STEP = 60;
  const boxes = groups.map(g => { const shown = big.has(g.id) ? 1 : g.size; const side = Math.ceil(Math.sqrt(shown)); return { g, side, w: side * STEP + 80 }; });
  const rowWidth = Math.max(900, Math.sqrt(boxes.reduce((s, b) => s + b.w * b.w, 0)) * 1.3);
  let x = 0, y = 0, rowH = 0;
  const where = {};
  const at = {}; // where each drawn node is, for the ports of the physical layer
  for (const b of boxes) {
    if (x > 0 && x + b.w > rowWidth) { x = 0; y += rowH + 40; rowH = 0; }
    const g = b.g;
    if (big.has(g.id)) {
      at[g.id] = { x: x + b.w / 2, y: y + b.w / 2 };
      els.push({ group: 'nodes', data: { id: g.id, label: `${g.label} (${g.size} devices, click to expand)`, collapsed: 1, colour: '#8fa3bf' }, position: at[g.id], classes: 'collapsed' });
      for (const n of members[g.id] || []) where[n.id] = g.id;
    } else {
      els.push({ group: 'nodes', data: { id: g.id, label: g.label }, classes: 'group' });
      (members[g.id] || []).forEach((n, i) => {
        where[n.id] = n.id;
        at[n.id] = { x: x + 40 + (i % b.side) * STEP + STEP / 2, y: y + 40 + Math.floor(i / b.side) * STEP + STEP / 2 };
        els.push({ group: 'nodes', data: { id: n.id, parent: g.id, label: n.label, role: n.role, colour: roleColour(n.role) },
          position: at[n.id], classes: n.role === 'switch' ? 'switch' : '' });
      });
    }
    x += b.w + 40; rowH = Math.max(rowH, b.w);
  }
  const merged = {};
  for (const e of m.edges) {
    const s = where[e.source], t = where[e.target];
    if (!s || !t || s === t) continue;
    const k = s + '|' + t + '|' + e.protocol;
    const o = merged[k] || (merged[k] = { id: 'e' + Object.keys(merged).length, source: s, target: t, protocol: e.protocol, transactions: 0, writes: 0, engineering: 0, isnew: 0 });
    o.transactions += e.transactions; o.writes += e.writes; o.engineering += e.engineering; if (e.new) o.isnew = 1;
  }
  for (const e of Object.values(merged)) {
    e.colour = e.engineering ? '#c62828' : e.writes ? '#e07a00' : colour(e.protocol);
    e.width = e.engineering || e.writes ? 4 : 1.5;
    els.push({ group: 'edges', data: e, classes: (e.isnew ? 'new ' : '') + (e.engineering ? 'engineering' : e.writes ? 'write' : '') });
  }
  if (physical) physicalLayer(m.links || [], where, at, els);
  return els;
}

// the physical side (asset.attachment.*, from LLDP/CDP): switch → port → device, a port node a third of the way
// from its switch towards the first device on it (its label above it: the devices' labels are below them)
function physicalLayer(links, where, at, els) {
  const ports = {}, seen = new Set();
  for (const l of links) {
    const s = where[l.switch], d = where[l.device];
    if (!s || !d || s === d) continue;
    const pid = 'port:' + l.switch + '|' + l.port;
    if (!ports[pid]) {
      ports[pid] = true;
      els.push({ group: 'nodes', data: { id: pid, label: l.port, port: l.port, switch: l.switch, colour: PHYSICAL_COLOUR,
        title: (l.switch_name || l.switch) + ' port ' + l.port + (l.port_description ? ' (' + l.port_description + ')' : '') + ', ' + l.protocol },
        position: { x: at[s].x + (at[d].x - at[s].x) / 3, y: at[s].y + (at[d].y - at[s].y) / 3 }, classes: 'port' });
    }
    for (const [a, b] of [[s, pid], [pid, d]]) {
      if (seen.has(a + '|' + b)) continue;
      seen.add(a + '|' + b);
      els.push({ group: 'edges', data: { id: 'p' + seen.size, source: a, target: b, colour: PHYSICAL_COLOUR, width: 2, basis: l.basis }, classes: 'physical' });
    }
  }
}

async function mapPage(params) {
  const q = new URLSearchParams(params || {});
  const focus = q.get('focus') || '';
  const hops = q.get('hops') || '1';
  const physical = q.get('physical') === '1';
  const t0 = performance.now();
  const m = await api('/api/map?' + new URLSearchParams(Object.assign(focus ? { focus, hops } : {}, physical ? { physical: '1' } : {})));
  const fetched = performance.now();
  const assets = m.nodes.filter(n => n.inventory !== false);
  const focusInput = h('select', { id: 'map-focus' }, h('option', { value: '' }, 'whole network'),
    assets.map(n => { const o = h('option', { value: n.id }, n.label + ' ' + n.role); if (n.id === focus) o.selected = true; return o; }));
  const hopsInput = h('select', { id: 'map-hops' }, ['1', '2', '3'].map(v => { const o = h('option', { value: v }, v + ' hop' + (v === '1' ? '' : 's')); if (v === hops) o.selected = true; return o; }));
  const physicalInput = h('input', { id: 'map-physical', type: 'checkbox', checked: physical });
  const go = () => { location.hash = '#/map?' + new URLSearchParams(Object.assign(focusInput.value ? { focus: focusInput.value, hops: hopsInput.value } : {}, physicalInput.checked ? { physical: '1' } : {})); };
  focusInput.addEventListener('change', go); hopsInput.addEventListener('change', go); physicalInput.addEventListener('change', go);
  const stats = h('span', { id: 'map-stats', class: 'note' });
  const swatch = c => { const i = h('i'); i.style.background = c; return i; };
  const legend = h('div', { class: 'legend', id: 'map-legend' }, (m.roles || []).map(r => h('span', { 'data-role': r.value, title: r.value }, swatch(roleColour(r.value)), `${r.label} (${r.count})`)),
    h('span', {}, '— orange edge: writes, red: engineering, dashed: new against the baseline'),
    physical ? h('span', { 'data-role': 'port' }, swatch(PHYSICAL_COLOUR), `switch port (LLDP/CDP): ${(m.links || []).length} device(s) attached`) : null);
  const container = h('div', { id: 'cy' });
  view.replaceChildren(h('h1', {}, 'Network map'), h('div', { class: 'filters' }, h('label', {}, 'around', focusInput), h('label', {}, 'within', hopsInput),
    h('label', { title: 'which switch port each device hangs off, as LLDP/CDP told it' }, 'physical links', physicalInput), stats), legend, container);
  const els = mapElements(m, !focus, physical);
  const built = performance.now();
  const cy = window.cytoscape({
    container, elements: els, layout: { name: 'preset' }, wheelSensitivity: 0.3, textureOnViewport: true, hideEdgesOnViewport: els.length > 3000,
    style: [
      { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 10, width: 22, height: 22, 'text-valign': 'bottom', 'min-zoomed-font-size': 8 } },
      { selector: 'node.group', style: { 'background-color': '#eef2f8', 'border-color': '#b8c4d6', 'border-width': 1, shape: 'round-rectangle', 'text-valign': 'top', 'font-size': 12, 'font-weight': 600, color: '#39465c' } },
      { selector: 'node.collapsed', style: { shape: 'round-rectangle', width: 60, height: 40, 'font-size': 12 } },
      { selector: 'edge', style: { width: 'data(width)', 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)', 'target-arrow-shape': 'triangle', 'curve-style': 'haystack', opacity: 0.8 } },
      { selector: 'edge.write, edge.engineering', style: { 'curve-style': 'bezier', 'z-index': 10 } },
      { selector: 'edge.new', style: { 'line-style': 'dashed' } },
      { selector: 'node.switch', style: { shape: 'diamond', width: 26, height: 26 } },
      { selector: 'node.port', style: { shape: 'rectangle', width: 9, height: 9, 'font-size': 7, color: '#333', 'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': -3 } },
      { selector: 'edge.physical', style: { 'curve-style': 'straight', 'target-arrow-shape': 'none', 'line-style': 'solid', opacity: 1, 'z-index': 5 } },
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#111' } }]
  });
  const laidOut = performance.now();
  cy.on('tap', 'node', e => {
    const n = e.target;
    if (n.data('collapsed')) { expanded.add(n.id()); route(); }
    else if (n.hasClass('port')) location.hash = '#/asset/' + encodeURIComponent(n.data('switch'));
    else if (!n.hasClass('group') && !n.id().startsWith('ip:')) location.hash = '#/asset/' + encodeURIComponent(n.id());
  });
  cy.one('render', () => {
    const rendered = performance.now();
    window.lwMapStats = { nodes: m.nodes.length, edges: m.edges.length, links: physical ? (m.links || []).length : 0, elements: els.length, fetchMs: fetched - t0, buildMs: built - fetched, layoutMs: laidOut - built, renderMs: rendered - laidOut, totalMs: rendered - t0 };
    stats.textContent = `${m.nodes.length} devices, ${m.edges.length} edges; drawn in ${Math.round(rendered - t0)} ms`;
  });
  window.lwMap = cy;
}

// ---- windows ----

async function windowsPage() {
  const w = await api('/api/windows');
  const items = w.windows;
  const scope = x => h('p', { class: 'note' }, `${time(x.start)} to ${time(x.end)} · assets ${list(x.scope) || 'all'} · operations ${list(x.operations) || 'program, control, firmware, identity'} · stations ${list(x.actors) || 'any'}`);
  const briefing = x => {
    const m = x.briefing && x.briefing.linewatch && x.briefing.linewatch.maintenance;
    if (!m) return h('p', { class: 'note' }, 'No briefing written.');
    return [h('h3', {}, 'Briefing (', time(x.briefing['@timestamp']), ')'), h('p', { class: 'briefing-message' }, x.briefing.message || ''),
      table([{ key: 'ip', label: 'asset' }, { key: 'role', label: 'role' }, { key: 'manufacturer', label: 'vendor' }, { key: 'model', label: 'model' },
        { key: 'firmware', label: 'firmware' }, { key: 'serial', label: 'serial' }, { key: 'advisories', label: 'advisories' },
        { key: 'recent_changes', label: 'recent changes' }, { key: 'programmed_by', label: 'programmed by' }], m.assets || [], { id: 'briefing-assets-' + x.id }),
      (m.open_alerts || []).length ? [h('h3', {}, 'Alerts still open on them'), table([{ key: 'id', label: 'alert' }, { key: 'rule_id', label: 'rule' }, { key: 'severity', label: 'severity' }, { key: 'message', label: 'message' }], m.open_alerts)] : null];
  };
  const changed = x => {
    const m = x.summary && x.summary.linewatch && x.summary.linewatch.maintenance;
    return [h('h3', {}, 'What changed'), x.summary ? h('p', {}, x.summary.message || '') : h('p', { class: 'note' }, 'No summary yet (written when the window is over).'),
      m && (m.changes || []).length ? table([{ key: 'expected', label: '', render: c => h('span', { class: 'tag ' + (c.expected ? '' : 'incident') }, c.expected ? 'expected' : 'alerted') },
        { key: 'rule_id', label: 'rule' }, { key: 'operation', label: 'operation' }, { key: 'actor', label: 'by' }, { key: 'target', label: 'on' }, { key: 'object', label: 'object' },
        { key: 'count', label: 'count' }, { key: 'first', label: 'first', render: c => time(c.first) }, { key: 'message', label: 'what' }], m.changes, { id: 'changes-' + x.id }) : null,
      h('h3', {}, 'Alerts during the window'),
      (x.alerts || []).length ? table([{ key: 't', label: 'time', render: a => time(a['@timestamp']) }, { key: 's', label: 'severity', render: sev }, { key: 'r', label: 'rule', render: a => a.rule.id },
        { key: 'm', label: 'message', render: a => a.message }], x.alerts, { id: 'window-alerts-' + x.id }) : h('p', { class: 'note' }, 'None.'),
      h('h3', {}, 'Departures from the baseline during the window'),
      (x.observations || []).length ? table([{ key: 't', label: 'time', render: o => time(o['@timestamp']) }, { key: 'type', label: 'type' }, { key: 'key', label: 'key' },
        { key: 'seen', label: 'seen' }, { key: 'count', label: 'count' }], x.observations, { id: 'window-observations-' + x.id }) : h('p', { class: 'note' }, 'None.')];
  };
  const section = (title, id, rows, body) => [h('h2', {}, title), rows.length ? h('div', { id }, rows.map(x => h('section', { class: 'window', 'data-window': x.id, 'data-name': x.name || '' },
    h('h2', {}, x.name || x.id, ' ', h('span', { class: 'tag' }, x.state)), scope(x), body(x)))) : h('p', { class: 'note', id }, 'None.')];
  view.replaceChildren(h('h1', {}, 'Maintenance windows'),
    items.length === 0 ? h('p', { class: 'note', id: 'no-windows' }, 'No maintenance window documents (event.dataset linewatch.maintenance) in this data. Windows configured with --maintenance appear here once the sensor writes their briefings and summaries.')
      : h('div', {}, h('p', { class: 'note' }, 'Newest capture time: ' + time(w.now)),
        section('Upcoming', 'windows-upcoming', items.filter(x => x.state === 'upcoming'), briefing),
        section('Open now', 'windows-open', items.filter(x => x.state === 'open'), x => [briefing(x), changed(x)]),
        section('Past: what changed', 'windows-past', items.filter(x => x.state === 'past').reverse(), x => [changed(x), briefing(x)])));
}

// ---- the foundation report (linewatch report; docs/REPORT.md) ----

// a cell or value of the report: a link to another row (jumps within the page), a list, or text
function reportValue(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x, i) => [i ? ', ' : '', reportValue(x)]);
  if (typeof v === 'object' && v.ref !== undefined) return evidenceLink(v.ref, v.text);
  if (typeof v === 'object') return JSON.stringify(v);
  return typeof v === 'number' ? fmt(v) : String(v);
}

// anchors of the report are element ids in this page; the hash is the router's, so jump by script
function evidenceLink(ref, text) {
  return h('a', { href: '', class: 'evidence-link', 'data-ref': ref, onclick: e => { e.preventDefault();
    const el = document.getElementById(ref); if (el) { el.scrollIntoView({ block: 'center' }); el.classList.add('flash'); setTimeout(() => el.classList.remove('flash'), 1500); } } }, text);
}

function finding(f) {
  return h('div', { class: 'finding', id: f.id, 'data-key': f.key },
    h('h3', {}, h('span', { class: 'sev ' + (f.severity_label === 'critical' ? 'high' : f.severity_label) }, f.severity_label), ' ', h('span', { class: 'finding-title' }, f.title)),
    f.detail ? h('p', {}, f.detail) : null,
    h('p', { class: 'recommendation' }, h('b', {}, 'Recommendation: '), f.recommendation || ''),
    f.devices && f.devices.length ? h('p', { class: 'note' }, 'Devices: ', f.devices.join(', ')) : null,
    f.evidence && f.evidence.length ? h('p', { class: 'note' }, 'Evidence: ', f.evidence.map((e, i) => [i ? ' · ' : '', evidenceLink(e.ref, e.label)])) : null);
}

async function reportPage() {
  const r = await api('/api/report');
  const byId = Object.fromEntries(r.findings.map(f => [f.id, f]));
  const o = r.overview || {};
  view.replaceChildren(h('div', { id: 'report' },
    h('h1', {}, r.title, ' ', h('a', { class: 'button', href: '/api/report.html', download: 'linewatch-report.html', id: 'report-download' }, 'Download (HTML, signed)'), ' ',
      h('a', { class: 'button', href: '/api/report', download: 'linewatch-report.json' }, 'JSON')),
    h('div', { class: 'cards', id: 'report-overview' }, Object.entries(o).filter(([, v]) => typeof v !== 'object').map(([k, v]) => card(k.replace(/_/g, ' '), reportValue(v), 'report-' + k))),
    h('h2', {}, 'The findings that matter most'),
    r.top.length ? h('ol', { id: 'report-top' }, r.top.map(id => h('li', {}, evidenceLink(id, byId[id] ? byId[id].title : id)))) : h('p', { class: 'note', id: 'report-top' }, 'No findings.'),
    r.sections.map(sec => h('section', { class: 'report-section', id: sec.id },
      h('h2', {}, sec.title), sec.intro ? h('p', { class: 'note' }, sec.intro) : null,
      sec.measures && Object.keys(sec.measures).length ? h('dl', { class: 'identity measures' }, Object.entries(sec.measures).map(([k, v]) => [h('dt', {}, k.replace(/_/g, ' ')), h('dd', { 'data-measure': k }, reportValue(v))])) : null,
      sec.findings.map(id => byId[id] ? finding(byId[id]) : null),
      sec.tables.map(t => [h('h3', {}, t.title), t.note ? h('p', { class: 'note' }, t.note) : null,
        t.rows.length ? h('table', { id: t.id, class: 'report-table' }, h('thead', {}, h('tr', {}, t.columns.map(c => h('th', {}, c)))),
          h('tbody', {}, t.rows.map(row => h('tr', { id: row.id || null }, t.columns.map(c => h('td', { 'data-key': c }, reportValue(row[c])))))))
          : h('p', { class: 'note' }, 'None.')]))),
    h('p', { class: 'note', id: 'report-source' }, 'Built from ', String(r.source || ''), ' as linewatch report builds it; the same directory gives the same report.')));
}

// ---- router ----

async function route() {
  const hash = location.hash || '#/overview';
  const [path, query] = hash.slice(1).split('?');
  const params = Object.fromEntries(new URLSearchParams(query || ''));
  const parts = path.split('/').filter(Boolean);
  const page = parts[0] || 'overview';
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', a.dataset.page === page);
  if (page !== 'alerts' && alertStream) { alertStream.close(); alertStream = null; }
  view.setAttribute('data-page', page);
  view.removeAttribute('data-ready');
  try {
    if (page === 'alerts') await alerts(params);
    else if (page === 'assets') await assetsPage(params);
    else if (page === 'asset') await assetPage(decodeURIComponent(parts.slice(1).join('/')));
    else if (page === 'map') await mapPage(params);
    else if (page === 'windows') await windowsPage();
    else if (page === 'report') await reportPage();
    else await overview();
  } catch (e) {
    view.replaceChildren(h('h1', {}, 'Problem'), h('p', { class: 'problem' }, e.message));
  }
  view.setAttribute('data-ready', page);
}

async function start() {
  document.getElementById('logout').addEventListener('submit', async e => {
    e.preventDefault();
    await fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf() } });
    location.reload();
  });
  me = await api('/api/me');
  const health = await api('/api/health');
  document.getElementById('status').textContent = (me.live ? 'live capture' : 'data: ' + health.directory) + ' · ' + me.role + ' access';
  window.addEventListener('hashchange', route);
  await route();
}

start();
