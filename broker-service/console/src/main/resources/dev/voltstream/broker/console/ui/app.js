// Voltstream console: a small hash-routed single-page UI over the admin REST API (/api). Plain JS, no build step.
'use strict';

const view = document.getElementById('view');
let refreshTimer = null;

const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const fmtBytes = (n) => { const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB']; let i = 0; n = Number(n) || 0; while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; } return (i ? n.toFixed(1) : n) + ' ' + u[i]; };
const fmtNum = (n) => Number(n ?? 0).toLocaleString('en-US');
const fmtRate = (n) => Number(n ?? 0).toLocaleString('en-US', { maximumFractionDigits: 1 });
const enc = encodeURIComponent;

/** Calls the API; throws the problem detail (RFC 9457) on an error status. */
async function api(method, path, body) {
  const res = await fetch('/api' + path, {
    method, headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  const data = await res.json().catch(() => ({ title: res.statusText, detail: 'HTTP ' + res.status }));
  if (!res.ok) throw Object.assign(new Error(data.detail || data.title), { problem: data });
  return data;
}

function problemHtml(err) {
  const p = err.problem || { title: 'Error', detail: err.message };
  return `<div class="problem" data-testid="problem"><strong>${esc(p.title)}</strong>: ${esc(p.detail)}</div>`;
}

function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text; t.hidden = false;
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.hidden = true; }, 2500);
}

function every(ms, fn) { refreshTimer = setInterval(fn, ms); }

/** A small line chart of the last minute of one rate. */
function sparkline(points, label) {
  const w = 360, h = 60, max = Math.max(1, ...points);
  const step = points.length > 1 ? w / (points.length - 1) : w;
  const path = points.map((v, i) => `${(i * step).toFixed(1)},${(h - 4 - (v / max) * (h - 12)).toFixed(1)}`).join(' ');
  return `<div><div class="muted">${esc(label)} (last minute, max ${fmtRate(max)}/s)</div>
    <svg class="spark" width="${w}" height="${h}"><polyline fill="none" stroke="#2f6fde" stroke-width="2" points="${path}"/></svg></div>`;
}

// ---- views ------------------------------------------------------------------------------------------------------

async function overview() {
  const c = await api('GET', '/cluster');
  const t = c.throughput.current;
  const hist = c.throughput.history;
  view.innerHTML = `<h1>Cluster <span class="muted">${esc(c.clusterId)}</span></h1>
    <div class="cards">
      <div class="card"><div class="label">Status</div><div class="value status-${esc(c.status)}" data-testid="status">${esc(c.status)}</div></div>
      <div class="card"><div class="label">Brokers</div><div class="value" data-testid="brokers">${c.brokers.length}</div></div>
      <div class="card"><div class="label">Controller</div><div class="value">${esc(c.controllerId ?? '—')}</div></div>
      <div class="card"><div class="label">Topics</div><div class="value" data-testid="topic-count">${c.topics}</div></div>
      <div class="card"><div class="label">Partitions</div><div class="value">${c.partitions}</div></div>
      <div class="card"><div class="label">Under-replicated</div><div class="value" data-testid="under-replicated">${c.underReplicatedPartitions}</div></div>
      <div class="card"><div class="label">Offline</div><div class="value">${c.offlinePartitions}</div></div>
    </div>
    <h2>Live throughput <span class="muted">(broker serving this console)</span></h2>
    <div class="cards">
      <div class="card"><div class="label">Bytes in /s</div><div class="value">${fmtBytes(t.bytesIn)}</div></div>
      <div class="card"><div class="label">Bytes out /s</div><div class="value">${fmtBytes(t.bytesOut)}</div></div>
      <div class="card"><div class="label">Records in /s</div><div class="value">${fmtRate(t.recordsIn)}</div></div>
      <div class="card"><div class="label">Requests /s</div><div class="value">${fmtRate(t.requests)}</div></div>
    </div>
    <div class="cards" style="margin-top:12px">${sparkline(hist.map((r) => r.bytesIn), 'Bytes in /s')}${sparkline(hist.map((r) => r.bytesOut), 'Bytes out /s')}</div>
    <h2>Brokers</h2>
    <table><thead><tr><th>Id</th><th>Host</th><th>Port</th><th>Rack</th><th>Role</th></tr></thead><tbody>
      ${c.brokers.map((b) => `<tr><td>${b.id}</td><td>${esc(b.host)}</td><td>${b.port}</td><td>${esc(b.rack ?? '—')}</td><td>${b.controller ? '<span class="pill">controller</span>' : ''}</td></tr>`).join('')}
    </tbody></table>`;
}

async function topics() {
  const list = await api('GET', '/topics');
  view.innerHTML = `<h1>Topics</h1>
    <form class="inline" id="create-topic" novalidate>
      <label>Name<input name="name" data-testid="topic-name" placeholder="charging-sessions" required><span class="error" data-error="name"></span></label>
      <label>Partitions<input name="partitions" data-testid="topic-partitions" type="number" value="1"><span class="error" data-error="partitions"></span></label>
      <label>Replication factor<input name="replicationFactor" data-testid="topic-rf" type="number" value="1"><span class="error" data-error="replicationFactor"></span></label>
      <label>Retention (ms, -1 = forever)<input name="retentionMs" data-testid="topic-retention" type="number" placeholder="broker default"><span class="error" data-error="retentionMs"></span></label>
      <button type="submit" data-testid="create-topic">Create topic</button>
    </form>
    <div id="create-problem"></div>
    <table data-testid="topics-table"><thead><tr><th>Name</th><th class="num">Partitions</th><th class="num">RF</th><th class="num">Size</th><th class="num">Records</th><th class="num">Under-replicated</th></tr></thead><tbody>
    ${list.map((t) => `<tr data-topic="${esc(t.name)}"><td><a href="#/topics/${enc(t.name)}">${esc(t.name)}</a>${t.internal ? ' <span class="pill">internal</span>' : ''}</td>
      <td class="num">${t.partitions}</td><td class="num">${t.replicationFactor}</td><td class="num">${fmtBytes(t.sizeBytes)}</td>
      <td class="num" data-testid="records">${fmtNum(t.records)}</td><td class="num">${t.underReplicatedPartitions}</td></tr>`).join('') || '<tr><td colspan="6" class="muted">No topics yet</td></tr>'}
    </tbody></table>`;
  const form = document.getElementById('create-topic');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    form.querySelectorAll('[data-error]').forEach((el) => { el.textContent = ''; });
    document.getElementById('create-problem').innerHTML = '';
    const f = new FormData(form);
    const num = (k) => (f.get(k) === '' ? undefined : Number(f.get(k)));
    const body = { name: f.get('name').trim(), partitions: num('partitions'), replicationFactor: num('replicationFactor'), retentionMs: num('retentionMs') };
    try {
      await api('POST', '/topics', body);
      toast(`Topic ${body.name} created`);
      location.hash = '#/topics/' + enc(body.name);
    } catch (err) {
      (err.problem?.errors || []).forEach((fe) => { const el = form.querySelector(`[data-error="${fe.field}"]`); if (el) el.textContent = fe.message; });
      document.getElementById('create-problem').innerHTML = problemHtml(err);
    }
  });
}

async function topicDetail(name) {
  const t = await api('GET', '/topics/' + enc(name));
  const cfg = (k) => t.configs.find((c) => c.name === k)?.value ?? '';
  const compacted = t.partitions.some((p) => p.dirtyRatio != null);
  const dirty = (p) => compacted ? `<td class="num" data-testid="dirty-ratio">${p.dirtyRatio == null ? '–' : (p.dirtyRatio * 100).toFixed(1) + ' %'}</td>` : '';
  view.innerHTML = `<h1>Topic ${esc(t.name)} <span class="muted">${esc(t.topicId ?? '')}</span></h1>
    <p><a href="#/messages/${enc(t.name)}" data-testid="browse-link">Browse and produce messages →</a></p>
    <h2>Partitions</h2>
    <table data-testid="partitions-table"><thead><tr><th class="num">Partition</th><th class="num">Leader</th><th>Replicas</th><th>ISR</th><th class="num">Start offset</th><th class="num">End offset</th><th class="num">Size</th>${compacted ? '<th class="num">Dirty</th>' : ''}</tr></thead><tbody>
    ${t.partitions.map((p) => `<tr><td class="num">${p.partition}</td><td class="num">${esc(p.leader ?? 'none')}</td><td>${p.replicas.join(', ')}</td><td>${p.isr.join(', ')}</td>
      <td class="num">${fmtNum(p.startOffset)}</td><td class="num" data-testid="end-offset">${fmtNum(p.endOffset)}</td><td class="num">${fmtBytes(p.sizeBytes)}</td>${dirty(p)}</tr>`).join('')}
    </tbody></table>
    <h2>Retention</h2>
    <p data-testid="cleanup-policy">Cleanup policy: <strong>${esc(cfg('cleanup.policy'))}</strong>${cfg('cleanup.policy').includes('compact') ? ' (the last record per key is kept; "Dirty" is the share of each partition log on this broker not yet cleaned, also on <a href="/metrics">/metrics</a> as voltstream_log_dirty_ratio)' : ''}</p>
    <form class="inline" id="retention">
      <label>retention.ms<input name="retention.ms" data-testid="retention-ms" value="${esc(cfg('retention.ms'))}"></label>
      <label>retention.bytes<input name="retention.bytes" data-testid="retention-bytes" value="${esc(cfg('retention.bytes'))}"></label>
      <button type="submit" data-testid="save-retention">Save retention</button>
      <button type="button" class="danger" id="delete-topic" data-testid="delete-topic">Delete topic</button>
    </form>
    <div id="retention-problem"></div>
    <h2>Configs</h2>
    <table><thead><tr><th>Name</th><th>Value</th><th>Source</th></tr></thead><tbody>
    ${t.configs.map((c) => `<tr><td>${esc(c.name)}</td><td>${c.sensitive ? '<em>hidden</em>' : esc(c.value)}</td><td class="muted">${esc(c.source)}</td></tr>`).join('')}
    </tbody></table>`;
  document.getElementById('retention').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    try {
      await api('PATCH', '/topics/' + enc(name) + '/configs', { 'retention.ms': f.get('retention.ms') || null, 'retention.bytes': f.get('retention.bytes') || null });
      toast('Retention saved');
      route();
    } catch (err) { document.getElementById('retention-problem').innerHTML = problemHtml(err); }
  });
  document.getElementById('delete-topic').addEventListener('click', async () => {
    if (!confirm(`Delete topic ${name} and all its records?`)) return;
    try { await api('DELETE', '/topics/' + enc(name)); toast(`Topic ${name} deleted`); location.hash = '#/topics'; }
    catch (err) { document.getElementById('retention-problem').innerHTML = problemHtml(err); }
  });
}

function prettyValue(text, base64) {
  if (text == null) return '<span class="muted">null</span>';
  if (base64) return `<pre class="muted">base64: ${esc(text)}</pre>`;
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) return `<pre class="json">${esc(JSON.stringify(parsed, null, 2))}</pre>`;
  } catch (_) { /* not JSON: shown as text */ }
  return `<pre>${esc(text)}</pre>`;
}

async function messages(name) {
  const t = await api('GET', '/topics/' + enc(name));
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  view.innerHTML = `<h1>Messages in <a href="#/topics/${enc(name)}">${esc(name)}</a></h1>
    <form class="toolbar" id="browse">
      <label>Partition<select name="partition" data-testid="browse-partition">${t.partitions.map((p) => `<option>${p.partition}</option>`).join('')}</select></label>
      <label>From<select name="from" data-testid="browse-from"><option value="latest">latest</option><option value="earliest">earliest</option><option value="offset">offset</option><option value="timestamp">timestamp</option></select></label>
      <label>Offset<input name="offset" type="number" min="0" data-testid="browse-offset"></label>
      <label>Timestamp<input name="timestamp" type="datetime-local" step="1" data-testid="browse-timestamp"></label>
      <label>Limit<input name="limit" type="number" value="50" min="1" max="500"></label>
      <button type="submit" data-testid="browse">Show messages</button>
    </form>
    <div id="browse-result"></div>
    <h2>Produce a message</h2>
    <form class="inline" id="produce">
      <label>Partition<select name="partition" data-testid="produce-partition"><option value="">any</option>${t.partitions.map((p) => `<option>${p.partition}</option>`).join('')}</select></label>
      <label>Key<input name="key" data-testid="produce-key"></label>
      <label>Value<textarea name="value" data-testid="produce-value" placeholder='{"stationId": "ST-1", "kWh": 12.5}'></textarea></label>
      <label>Headers (one key=value a line)<textarea name="headers" data-testid="produce-headers"></textarea></label>
      <button type="submit" data-testid="produce">Produce</button>
    </form>
    <div id="produce-result"></div>`;
  const browse = document.getElementById('browse');
  if (params.get('partition')) browse.partition.value = params.get('partition');
  browse.addEventListener('submit', (e) => { e.preventDefault(); loadMessages(name, browse); });
  document.getElementById('produce').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const headers = {};
    String(f.get('headers') || '').split('\n').map((l) => l.trim()).filter(Boolean).forEach((l) => {
      const i = l.indexOf('='); if (i > 0) headers[l.slice(0, i).trim()] = l.slice(i + 1).trim();
    });
    const body = { key: f.get('key') || null, value: f.get('value'), headers, partition: f.get('partition') === '' ? null : Number(f.get('partition')) };
    const out = document.getElementById('produce-result');
    try {
      const r = await api('POST', '/topics/' + enc(name) + '/messages', body);
      out.innerHTML = `<p data-testid="produced">Written to partition ${r.partition} at offset ${r.offset}</p>`;
      loadMessages(name, browse);
    } catch (err) { out.innerHTML = problemHtml(err); }
  });
  loadMessages(name, browse);
}

async function loadMessages(name, form) {
  const f = new FormData(form);
  const q = new URLSearchParams({ partition: f.get('partition'), from: f.get('from'), limit: f.get('limit') || '50' });
  if (f.get('from') === 'offset') q.set('offset', f.get('offset') || '0');
  if (f.get('from') === 'timestamp') q.set('timestamp', String(new Date(f.get('timestamp')).getTime()));
  const out = document.getElementById('browse-result');
  try {
    const page = await api('GET', `/topics/${enc(name)}/messages?${q}`);
    out.innerHTML = `<p class="muted">Partition ${page.partition}: offsets ${fmtNum(page.startOffset)} to ${fmtNum(page.endOffset)}; showing ${page.messages.length} from ${fmtNum(page.from)}</p>
      <table data-testid="messages-table"><thead><tr><th class="num">Offset</th><th>Timestamp</th><th>Key</th><th>Value</th><th>Headers</th></tr></thead><tbody>
      ${page.messages.map((m) => `<tr data-offset="${m.offset}"><td class="num">${m.offset}</td><td>${esc(new Date(m.timestamp).toISOString())}<div class="muted">${esc(m.timestampType)}</div></td>
        <td data-testid="message-key">${m.key == null ? '<span class="muted">null</span>' : esc(m.key)}</td>
        <td data-testid="message-value">${prettyValue(m.value, m.valueBase64)}</td>
        <td>${m.headers.map((h) => `<div><strong>${esc(h.key)}</strong>: ${esc(h.value)}</div>`).join('')}</td></tr>`).join('') || '<tr><td colspan="5" class="muted">No messages in this range</td></tr>'}
      </tbody></table>`;
  } catch (err) { out.innerHTML = problemHtml(err); }
}

async function groups() {
  const list = await api('GET', '/groups');
  view.innerHTML = `<h1>Consumer groups</h1>
    <table data-testid="groups-table"><thead><tr><th>Group</th><th>State</th><th>Type</th><th>Protocol</th><th class="num">Lag</th></tr></thead><tbody>
    ${list.map((g) => `<tr data-group="${esc(g.groupId)}"><td><a href="#/groups/${enc(g.groupId)}">${esc(g.groupId)}</a></td><td>${esc(g.state)}</td><td>${esc(g.type)}</td><td>${esc(g.protocol)}</td><td class="num" data-testid="group-lag">${fmtNum(g.lag)}</td></tr>`).join('') || '<tr><td colspan="5" class="muted">No consumer groups</td></tr>'}
    </tbody></table>`;
}

async function groupDetail(id) {
  const g = await api('GET', '/groups/' + enc(id));
  view.innerHTML = `<h1>Consumer group ${esc(g.groupId)}</h1>
    <div class="cards">
      <div class="card"><div class="label">State</div><div class="value" data-testid="group-state">${esc(g.state)}</div></div>
      <div class="card"><div class="label">Type</div><div class="value">${esc(g.type)}</div></div>
      <div class="card"><div class="label">Assignor</div><div class="value">${esc(g.assignor || '—')}</div></div>
      <div class="card"><div class="label">Coordinator</div><div class="value">${esc(g.coordinator ?? '—')}</div></div>
      <div class="card"><div class="label">Total lag</div><div class="value ${g.lag > 0 ? 'lag-high' : ''}" data-testid="total-lag">${fmtNum(g.lag)}</div></div>
    </div>
    <h2>Members</h2>
    <table><thead><tr><th>Member</th><th>Client</th><th>Host</th><th>Assigned partitions</th></tr></thead><tbody>
    ${g.members.map((m) => `<tr><td>${esc(m.memberId)}${m.groupInstanceId ? ` <span class="pill">${esc(m.groupInstanceId)}</span>` : ''}</td><td>${esc(m.clientId)}</td><td>${esc(m.host)}</td><td>${m.assignments.map((a) => esc(a.topic + '-' + a.partition)).join(', ')}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">No active members</td></tr>'}
    </tbody></table>
    <h2>Offsets and lag</h2>
    <table data-testid="lag-table"><thead><tr><th>Topic</th><th class="num">Partition</th><th class="num">Committed</th><th class="num">End offset</th><th class="num">Lag</th></tr></thead><tbody>
    ${g.offsets.map((o) => `<tr><td><a href="#/topics/${enc(o.topic)}">${esc(o.topic)}</a></td><td class="num">${o.partition}</td><td class="num">${fmtNum(o.committedOffset)}</td><td class="num">${fmtNum(o.endOffset)}</td><td class="num ${o.lag > 0 ? 'lag-high' : ''}">${fmtNum(o.lag)}</td></tr>`).join('') || '<tr><td colspan="5" class="muted">No committed offsets</td></tr>'}
    </tbody></table>`;
}

// ---- routing ----------------------------------------------------------------------------------------------------

const routes = [
  [/^#\/?$/, overview, 'overview', 2000],
  [/^#\/topics$/, topics, 'topics'],
  [/^#\/topics\/([^/?]+)$/, topicDetail, 'topics'],
  [/^#\/messages\/([^/?]+)/, messages, 'topics'],
  [/^#\/groups$/, groups, 'groups', 3000],
  [/^#\/groups\/([^/?]+)$/, groupDetail, 'groups', 2000],
];

async function route() {
  clearInterval(refreshTimer);
  const hash = location.hash || '#/';
  for (const [re, fn, nav, refreshMs] of routes) {
    const m = hash.match(re);
    if (!m) continue;
    document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.nav === nav));
    const args = m.slice(1).map(decodeURIComponent);
    try { await fn(...args); } catch (err) { view.innerHTML = problemHtml(err); }
    if (refreshMs) every(refreshMs, () => fn(...args).catch(() => {}));
    return;
  }
  view.innerHTML = '<p>Not found. <a href="#/">Overview</a></p>';
}

window.addEventListener('hashchange', route);
route();
