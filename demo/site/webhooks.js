// Lists what the demo's webhook receiver got (newest first), refreshed every two seconds.
const rows = document.getElementById('webhook-rows');
const status = document.getElementById('webhook-status');
const endpoint = document.getElementById('webhook-endpoint');

const cell = (text, className) => {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.textContent = text;
  return td;
};

async function refresh() {
  try {
    const res = await fetch('/demo/webhooks');
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const { endpoint: url, received } = await res.json();
    endpoint.textContent = url;
    status.textContent = received.length ? `${received.length} deliveries received (the last 50 are kept).` : 'Waiting for deliveries… book a visit to send one.';
    rows.replaceChildren(
      ...received.map((w) => {
        const tr = document.createElement('tr');
        const body = document.createElement('td');
        const pre = document.createElement('pre');
        pre.textContent = JSON.stringify(JSON.parse(w.body), null, 2);
        body.append(pre);
        tr.append(cell(new Date(w.receivedAt).toLocaleTimeString()), cell(w.type ?? '?'), cell(w.id), cell(w.verified ? '✓ verified' : '✗ invalid', w.verified ? 'ok' : 'bad'), body);
        return tr;
      }),
    );
  } catch (err) {
    status.textContent = `The receiver is not available (${err.message}). Is the webhooks plugin listed in arrivo.config.ts?`;
  }
}

refresh();
setInterval(refresh, 2000);
