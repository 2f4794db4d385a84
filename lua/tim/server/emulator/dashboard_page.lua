-- The dashboard page served at /_emulator/ui: one self-contained HTML document (no external assets, no build
-- step). It polls /_emulator/journal?since=N every second and renders what it gets with textContent only (no
-- markup from the state ever reaches innerHTML); its one change, clearing the logs, is a JSON POST from its own
-- origin, as tim.server.emulator.guard requires. {{SDKAPPID}} is filled in by tim.server.emulator.dashboard.
return [=[<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tim emulator</title>
<style>
:root { --bg:#f6f7f9; --panel:#fff; --ink:#1d2330; --dim:#667085; --line:#e3e6eb; --ok:#147a3d; --bad:#b42318;
        --accent:#2457c5; --chip:#eef2fb; }
* { box-sizing: border-box; }
body { margin:0; font:13px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color:var(--ink);
       background:var(--bg); }
header { display:flex; gap:16px; align-items:center; padding:10px 16px; background:#1d2330; color:#fff;
         position:sticky; top:0; z-index:2; }
header h1 { font-size:15px; margin:0; font-weight:600; letter-spacing:.2px; }
header .meta { color:#c7cedb; font-size:12px; }
header input { margin-left:auto; width:320px; padding:6px 10px; border-radius:6px; border:1px solid #3a4254;
               background:#2a3140; color:#fff; font-size:13px; }
#live { font-size:12px; padding:2px 8px; border-radius:10px; background:#3a4254; }
#live.on { background:#147a3d; } #live.off { background:#b42318; }
main { display:grid; grid-template-columns: minmax(250px,1fr) minmax(320px,1.4fr) minmax(380px,1.6fr); gap:12px;
       padding:12px; }
section { background:var(--panel); border:1px solid var(--line); border-radius:8px; display:flex;
          flex-direction:column; min-height:0; }
section h2 { font-size:13px; margin:0; padding:8px 12px; border-bottom:1px solid var(--line); display:flex;
             justify-content:space-between; font-weight:600; }
section h2 .n { color:var(--dim); font-weight:400; }
.scroll { overflow:auto; max-height:calc(50vh - 60px); }
.col { display:flex; flex-direction:column; gap:12px; min-width:0; }
table { width:100%; border-collapse:collapse; }
td, th { text-align:left; padding:4px 10px; border-bottom:1px solid var(--line); vertical-align:top;
         overflow-wrap:anywhere; }
th { color:var(--dim); font-weight:500; position:sticky; top:0; background:var(--panel); }
.dim { color:var(--dim); }
.code0 { color:var(--ok); font-weight:600; } .codeX { color:var(--bad); font-weight:600; }
.chip { display:inline-block; padding:0 6px; margin:1px 2px; border-radius:8px; background:var(--chip);
        font-size:12px; }
.item { padding:6px 12px; border-bottom:1px solid var(--line); }
.item .title { font-weight:600; }
.msg { padding:2px 0 2px 10px; border-left:2px solid var(--line); margin:3px 0; }
.msg .who { color:var(--accent); font-weight:500; }
.msg.recalled .text { text-decoration:line-through; color:var(--dim); }
details summary { cursor:pointer; }
pre { white-space:pre-wrap; overflow-wrap:anywhere; margin:4px 0; padding:6px; background:#f3f4f6;
      border-radius:4px; font:12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
.online { color:var(--ok); } .empty { padding:10px 12px; color:var(--dim); }
td.when { white-space:nowrap; font-variant-numeric:tabular-nums; }
.ids { color:var(--accent); font-size:12px; }
button { font:inherit; font-size:12px; padding:0 8px; border:1px solid var(--line); border-radius:6px;
         background:var(--panel); color:var(--dim); cursor:pointer; margin-left:6px; }
</style>
</head>
<body>
<header>
  <h1>tim emulator</h1>
  <span class="meta">SDKAppID {{SDKAPPID}}</span>
  <span class="meta" id="counts"></span>
  <span id="live">connecting</span>
  <input id="q" type="search" placeholder="Search accounts, groups, messages, requests…" autocomplete="off">
</header>
<main>
  <div class="col">
    <section><h2>Accounts <span class="n" id="n-accounts"></span></h2>
      <div class="scroll" id="accounts"></div></section>
    <section><h2>Groups <span class="n" id="n-groups"></span></h2><div class="scroll" id="groups"></div></section>
  </div>
  <div class="col">
    <section style="flex:1"><h2>Conversations <span class="n" id="n-convs"></span></h2>
      <div class="scroll" id="convs" style="max-height:calc(100vh - 110px)"></div></section>
  </div>
  <div class="col">
    <section><h2>Requests <span><span class="n" id="n-requests"></span><button id="clear" type="button"
      title="forget the logged requests and callbacks">clear</button></span></h2>
      <div class="scroll" id="requests"></div></section>
    <section><h2>Callbacks <span class="n" id="n-callbacks"></span></h2>
      <div class="scroll" id="callbacks"></div></section>
  </div>
</main>
<script>
"use strict";
let seq = 0, requests = [], callbacks = [], state = null, lastState = "";
const KEEP = 500;
const $ = (id) => document.getElementById(id);
function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const k in (attrs || {})) { if (k === "class") e.className = attrs[k]; else e.setAttribute(k, attrs[k]); }
  for (const c of kids) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}
const q = () => $("q").value.trim().toLowerCase();
const hit = (...parts) => { const s = q(); return !s || parts.join(" ").toLowerCase().includes(s); };
// 24-hour clock, whatever the browser's locale: HH:MM:SS, and .mmm for the request and callback logs
const pad = (n, w) => String(n).padStart(w || 2, "0");
const time = (t, ms) => {
  if (!t) return "";
  const d = new Date(t * 1000);
  return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) +
    (ms ? "." + pad(d.getMilliseconds(), 3) : "");
};
// the main IDs of a request (sender, recipients, group), from its JSON body; a body clipped by the journal is
// read with patterns instead
const ID_FIELDS = ["From_Account", "To_Account", "GroupId", "Operator_Account", "Peer_Account", "Member_Account"];
function idsOf(text) {
  if (!text) return {};
  let body = null;
  try { body = JSON.parse(text); } catch (e) { body = null; }
  const out = {};
  for (const k of ID_FIELDS) {
    let v = body && typeof body === "object" ? body[k] : undefined;
    if (v === undefined && !body) {
      const one = text.match(new RegExp('"' + k + '"\\s*:\\s*"([^"]*)"'));
      const many = !one && text.match(new RegExp('"' + k + '"\\s*:\\s*\\[([^\\]]*)'));
      v = one ? one[1] : many ? (many[1].match(/"([^"]*)"/g) || []).map(x => x.slice(1, -1)) : undefined;
    }
    if (typeof v === "string" && v !== "") out[k] = v;
    else if (Array.isArray(v) && v.length && v.every(x => typeof x === "string")) {
      out[k] = v.slice(0, 3).join(", ") + (v.length > 3 ? " +" + (v.length - 3) : "");
    }
  }
  return out;
}
function idLine(text) {
  const i = idsOf(text), parts = [];
  const from = i.From_Account || i.Operator_Account, to = i.To_Account || i.Peer_Account || i.Member_Account;
  if (from || to) parts.push((from || "admin") + (to ? " → " + to : ""));
  if (i.GroupId) parts.push("group " + i.GroupId);
  return parts.join(" · ");
}
function fill(id, nodes, empty) {
  const box = $(id); box.replaceChildren(...nodes);
  if (!nodes.length) box.append(h("div", { class: "empty" }, empty));
}
function renderState() {
  if (!state) return;
  $("counts").textContent = `${state.account_count} accounts · ${state.group_count} groups · ` +
    `${state.stats.messages} messages · ${state.stats.calls} calls`;
  const acc = state.accounts.filter(a => hit(a.UserID, a.Nick || "", a.Status));
  $("n-accounts").textContent = acc.length + " / " + state.account_count;
  const rows = acc.map(a => h("tr", null, h("td", null, a.UserID), h("td", null, a.Nick || ""),
    h("td", { class: a.Status === "Online" ? "online" : "dim" }, a.Status)));
  fill("accounts", rows.length ? [h("table", null, h("tr", null, h("th", null, "UserID"), h("th", null, "Nick"),
    h("th", null, "Status")), ...rows)] : [], "no accounts");
  const groups = state.groups.filter(g => hit(g.GroupId, g.Name, g.Type, g.Owner || "",
    ...g.Members.map(m => m.UserID), ...g.Messages.map(m => m.Text)));
  $("n-groups").textContent = groups.length + " / " + state.group_count;
  fill("groups", groups.map(g => h("div", { class: "item" },
    h("div", { class: "title" }, g.Name + " ", h("span", { class: "dim" }, g.GroupId + " · " + g.Type)),
    h("div", null, ...g.Members.map(m => h("span", { class: "chip" }, m.UserID + (m.Role && m.Role !== "Member" ?
      " (" + m.Role + ")" : "")))),
    ...g.Messages.slice(-5).map(m => h("div", { class: "msg" + (m.Recalled ? " recalled" : "") },
      h("span", { class: "who" }, m.From + " "), h("span", { class: "dim" }, "#" + m.MsgSeq + " " + time(m.Time) + " "),
      h("span", { class: "text" }, m.Text))))), "no groups");
  const convs = state.conversations.filter(c => hit(c.A, c.B, ...c.Messages.map(m => m.Text)));
  $("n-convs").textContent = convs.length + " / " + state.conversation_count;
  fill("convs", convs.map(c => h("div", { class: "item" },
    h("div", { class: "title" }, c.A + " ↔ " + c.B + " ", h("span", { class: "dim" },
      c.MessageCount + (c.MessageCount === 1 ? " message" : " messages"))),
    ...c.Messages.filter(m => hit(c.A, c.B, m.Text)).slice(-20).map(m => h("div",
      { class: "msg" + (m.Recalled ? " recalled" : "") }, h("span", { class: "who" }, m.From + " → " + m.To + " "),
      h("span", { class: "dim" }, time(m.Time) + " "), h("span", { class: "text" }, m.Text))))), "no conversations");
}
function renderLogs() {
  const reqs = requests.filter(r => hit(r.path, String(r.code), r.info || "", r.request || "")).slice().reverse();
  $("n-requests").textContent = reqs.length;
  fill("requests", reqs.length ? [h("table", null, h("tr", null, h("th", null, "time"), h("th", null, "path"),
    h("th", null, "code"), h("th", null, "ms")), ...reqs.map(r => h("tr", null,
      h("td", { class: "dim when" }, time(r.time, true)),
      h("td", null, h("details", null, h("summary", null, r.path, idLine(r.request) ?
        h("div", { class: "ids" }, idLine(r.request)) : null), h("pre", null, r.request || ""),
        h("pre", null, r.answer || ""))), h("td", { class: r.code === 0 ? "code0" : "codeX", title: r.info || "" },
        String(r.code === undefined || r.code === null ? r.status : r.code)), h("td", { class: "dim" }, r.ms))))] : [],
    "no requests yet");
  const cbs = callbacks.filter(c => hit(c.command, c.event || "", c.reply || "", c.error || "")).slice().reverse();
  $("n-callbacks").textContent = cbs.length;
  fill("callbacks", cbs.map(c => h("div", { class: "item" },
    h("details", null, h("summary", null, h("span", { class: c.ok ? "code0" : "codeX" }, c.ok ? "✓ " : "✗ "),
      c.command + " ", h("span", { class: "dim" }, time(c.time, true) + " " + c.ms + " ms")),
      h("pre", null, c.event || ""), h("pre", null, c.ok ? (c.reply || "") : (c.error || "no reply"))))),
    "no callbacks yet (configure a callback URL)");
}
async function tick() {
  try {
    const r = await fetch("/_emulator/journal?client=ui&since=" + seq, { cache: "no-store" });
    const d = await r.json();
    if (d.seq < seq) { requests = []; callbacks = []; }
    seq = d.seq;
    requests = requests.concat(d.requests).slice(-KEEP);
    callbacks = callbacks.concat(d.callbacks).slice(-KEEP);
    const s = JSON.stringify(d.state);
    if (s !== lastState) { lastState = s; state = d.state; renderState(); }
    if (d.requests.length || d.callbacks.length || !document.querySelector("#requests table, #requests .empty")) {
      renderLogs();
    }
    $("live").textContent = "live" + (d.rate_limits === "documented" ? " · documented limits" : "");
    $("live").className = "on";
  } catch (e) {
    $("live").textContent = "offline"; $("live").className = "off";
  }
  setTimeout(tick, 1000);
}
$("q").addEventListener("input", () => { renderState(); renderLogs(); });
// a change: POST with JSON from this page's own origin (the emulator refuses anything else)
$("clear").addEventListener("click", async () => {
  const r = await fetch("/_emulator/journal", { method: "POST", headers: { "Content-Type": "application/json" },
                                                body: JSON.stringify({ clear: true }), cache: "no-store" });
  if (r.ok) { requests = []; callbacks = []; renderLogs(); }
});
tick();
</script>
</body>
</html>
]=]
