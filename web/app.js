// xueshi's page: choose a policy, purpose and year, give records (a file or pasted text),
// and read the rulings the server gives. Everything is computed by the server; this script
// only asks and shows. No framework, no build step; text is always set as text, never as HTML.
"use strict";

const WORDS = {
  en: {
    lead: "Evaluate a spreadsheet of continuing-education records against a policy.",
    policy: "Policy", purpose: "Purpose", year: "Year", language: "Language",
    redact: "Mask resident IDs", drop: "Drop a CSV, XLSX or JSONL file here, or choose one:",
    paste: "…or paste records (JSON lines, a JSON array, or CSV with its header)",
    evaluate: "Evaluate", filter: "Filter by ID or name", all: "all statuses",
    xlsx: "Download XLSX", csv: "Download CSV", errors: "Errors in the records",
    form: "Form", print: "Print", close: "Close", people: "people", record: "record",
    line: "line", column: "column", row: "row", working: "evaluating…", explaining: "explaining…",
    nothing: "Give a file or paste records first.", invalid: "invalid",
    id: "ID", name: "name", status: "status", total: "total", specialty: "specialty",
    public: "public", shortfall: "shortfall", years: "years", noform: "This policy has no form, or the record is invalid.",
  },
  zh: {
    lead: "按政策评估继续教育学时记录表。",
    policy: "政策", purpose: "用途", year: "年度", language: "语言",
    redact: "隐去身份证号", drop: "将 CSV、XLSX 或 JSONL 文件拖到此处，或选择文件：",
    paste: "……或粘贴记录（JSON 行、JSON 数组，或带表头的 CSV）",
    evaluate: "评估", filter: "按身份证号或姓名筛选", all: "全部状态",
    xlsx: "下载 XLSX", csv: "下载 CSV", errors: "记录中的错误",
    form: "登记表", print: "打印", close: "关闭", people: "人", record: "记录",
    line: "行", column: "列", row: "行", working: "正在评估……", explaining: "正在生成说明……",
    nothing: "请先选择文件或粘贴记录。", invalid: "无效",
    id: "身份证号", name: "姓名", status: "状态", total: "总学时", specialty: "专业科目",
    public: "公需科目", shortfall: "尚缺", years: "年度", noform: "此政策没有登记表，或记录无效。",
  },
};
const COLOURS = ["#2e7d32", "#1f5fbf", "#c77700", "#8e24aa", "#00838f", "#6d4c41", "#ad1457"];
const TYPES = {
  csv: "text/csv", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  jsonl: "application/x-ndjson", ndjson: "application/x-ndjson", json: "application/json",
  toml: "application/toml",
};

const $ = (id) => document.getElementById(id);
const state = { policies: [], body: null, rulings: [], explanations: {}, sort: null, selected: null };

function lang() { return $("lang").value; }
function t(key) { return WORDS[lang()][key] || WORDS.en[key] || key; }
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function translate() {
  document.documentElement.lang = lang();
  for (const e of document.querySelectorAll("[data-t]")) e.textContent = t(e.dataset.t);
  for (const e of document.querySelectorAll("[data-tp]")) e.placeholder = t(e.dataset.tp);
}

function revision() {
  const p = state.policies.find((p) => p.id === $("policy").value);
  return p && p.revisions[p.revisions.length - 1];
}

function fillPurposes() {
  const r = revision();
  const select = $("purpose");
  select.replaceChildren();
  for (const p of (r ? r.purposes : [])) {
    const o = el("option", p.label ? `${p.name} — ${p.label}` : p.name);
    o.value = p.name;
    select.append(o);
  }
}

async function loadPolicies() {
  const answer = await fetch(`/v1/policies?lang=${lang()}`);
  state.policies = (await answer.json()).policies;
  const select = $("policy");
  select.replaceChildren();
  for (const p of state.policies) {
    const r = p.revisions[p.revisions.length - 1];
    const o = el("option", `${p.id} (${r.version}, ${r.effective})`);
    o.value = p.id;
    select.append(o);
  }
  fillPurposes();
}

// The records to send: the file chosen, or the pasted text with its format guessed.
function currentBody() {
  if (state.body) return state.body;
  const text = $("paste").value.trim();
  if (!text) return null;
  let type = "text/csv", name = "pasted.csv";
  if (text.startsWith("[")) { type = TYPES.json; name = "pasted.json"; }
  else if (text.startsWith("{")) { type = TYPES.jsonl; name = "pasted.jsonl"; }
  return { data: new Blob([text + "\n"]), type, name };
}

function query(extra) {
  const q = new URLSearchParams({
    policy: $("policy").value, purpose: $("purpose").value, year: $("year").value,
    lang: lang(), redact: $("redact").checked ? "true" : "false",
  });
  const body = currentBody();
  if (body) q.set("name", body.name);
  for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
  return q.toString();
}

async function post(path, accept, extra) {
  const body = currentBody();
  const answer = await fetch(`${path}?${query(extra)}`, {
    method: "POST", body: body.data, headers: { "Content-Type": body.type, Accept: accept },
  });
  if (!answer.ok) {
    let message = `${answer.status}`;
    try { message = (await answer.json()).error.message; } catch (_) { /* not JSON */ }
    throw new Error(message);
  }
  return answer;
}

function say(text, isError) {
  const line = $("status-line");
  line.textContent = text;
  line.className = isError ? "error" : "muted";
}

async function evaluate() {
  if (!currentBody()) { say(t("nothing"), true); return; }
  say(t("working"));
  try {
    const answer = await post("/v1/eval", "application/json");
    state.rulings = await answer.json();
    state.explanations = {};
    state.selected = null;
    $("explanation").hidden = true;
    say(`${state.rulings.length} ${t("people")}`);
    show();
  } catch (e) {
    say(e.message, true);
  }
}

function statusNames() {
  const r = revision();
  const p = r && r.purposes.find((p) => p.name === $("purpose").value);
  const names = p ? p.statuses.map((s) => s.name) : [];
  for (const x of state.rulings) if (!names.includes(x.status) && x.status !== "invalid") names.push(x.status);
  names.push("invalid");
  return names;
}

function colour(status) {
  if (status === "invalid") return "#9e2b25";
  const i = statusNames().indexOf(status);
  return COLOURS[(i < 0 ? 0 : i) % COLOURS.length];
}

function columns() {
  const numeric = ["total", "specialty", "public", "shortfall"].filter((k) => state.rulings.some((r) => k in r));
  const cols = [["index", "#"], ["id", t("id")], ["name", t("name")], ["status", t("status")]];
  for (const k of numeric) cols.push([k, t(k)]);
  if (state.rulings.some((r) => Array.isArray(r.years))) cols.push(["years", t("years")]);
  return cols;
}

function cell(r, key) {
  if (key === "years") return (r.years || []).map((y) => `${y.year}: ${y.status}`).join(", ");
  return r[key];
}

function show() {
  $("results").hidden = false;
  // Counts and chart.
  const counts = new Map(statusNames().map((s) => [s, 0]));
  for (const r of state.rulings) counts.set(r.status, (counts.get(r.status) || 0) + 1);
  const countLine = $("counts");
  countLine.replaceChildren(el("strong", `${state.rulings.length} ${t("people")}`));
  const chart = $("chart");
  chart.replaceChildren();
  const most = Math.max(1, ...counts.values());
  const filter = $("status-filter");
  const chosen = filter.value;
  filter.replaceChildren(Object.assign(el("option", t("all")), { value: "" }));
  for (const [status, n] of counts) {
    const label = status === "invalid" ? t("invalid") : status;
    const c = el("span", `${label}: ${n}`, "count");
    c.dataset.status = status;
    countLine.append(" ", c);
    const row = el("div", null, "bar-row");
    const fill = el("div", null, "fill");
    fill.style.width = `${(n / most) * 70}%`;
    fill.style.background = colour(status);
    row.append(el("span", label, "label"), fill, el("span", n));
    chart.append(row);
    const o = el("option", label);
    o.value = status;
    filter.append(o);
  }
  filter.value = chosen;
  drawTable();
  drawErrors();
}

function drawTable() {
  const cols = columns();
  const head = $("rulings").tHead.rows[0];
  head.replaceChildren();
  for (const [key, label] of cols) {
    const th = el("th", label);
    if (state.sort && state.sort.key === key) th.className = state.sort.dir > 0 ? "asc" : "desc";
    th.addEventListener("click", () => {
      const dir = state.sort && state.sort.key === key ? -state.sort.dir : 1;
      state.sort = { key, dir };
      drawTable();
    });
    head.append(th);
  }
  const needle = $("filter").value.trim().toLowerCase();
  const status = $("status-filter").value;
  let rows = state.rulings.map((r, i) => ({ ...r, index: i + 1 }));
  rows = rows.filter((r) => (!status || r.status === status)
    && (!needle || `${r.id || ""} ${r.name || ""}`.toLowerCase().includes(needle)));
  if (state.sort) {
    const { key, dir } = state.sort;
    rows.sort((a, b) => {
      const x = cell(a, key), y = cell(b, key);
      if (typeof x === "number" && typeof y === "number") return (x - y) * dir;
      return String(x ?? "").localeCompare(String(y ?? ""), lang()) * dir;
    });
  }
  const body = $("rulings").tBodies[0];
  body.replaceChildren();
  for (const r of rows) {
    const tr = el("tr");
    tr.dataset.index = r.index - 1;
    if (state.selected === r.index - 1) tr.className = "selected";
    for (const [key] of cols) {
      const value = cell(r, key);
      const td = el("td", null, typeof value === "number" && key !== "index" ? "num" : "");
      if (key === "status") {
        const badge = el("span", r.status === "invalid" ? t("invalid") : r.status, "status");
        badge.style.background = colour(r.status);
        td.append(badge);
      } else {
        td.textContent = value ?? "";
      }
      tr.append(td);
    }
    tr.addEventListener("click", () => explain(r.index - 1));
    body.append(tr);
  }
}

function drawErrors() {
  const list = $("error-list");
  list.replaceChildren();
  const invalid = state.rulings.map((r, i) => [r, i]).filter(([r]) => r.status === "invalid");
  $("errors").hidden = invalid.length === 0;
  for (const [r, i] of invalid) {
    const li = el("li");
    const p = r.position || {};
    const where = [`${t("record")} ${p.record ?? i + 1}`];
    if (p.line) where.push(`${t("line")} ${p.line}`);
    li.append(el("strong", `${where.join(", ")}${r.name ? ` — ${r.name}` : ""}`));
    const ul = el("ul");
    for (const e of r.errors || []) {
      const item = el("li");
      if (e.path) item.append(el("code", e.path), " ");
      item.append(e.message);
      const at = [];
      if (e.line) at.push(`${t("line")} ${e.line}`);
      if (e.column) at.push(`${t("column")} ${e.column}`);
      if (e.row) at.push(`${t("row")} ${e.row}`);
      if (e.cell) at.push(e.cell);
      if (at.length) item.append(el("span", ` (${at.join(", ")})`, "muted"));
      ul.append(item);
    }
    li.append(ul);
    li.addEventListener("click", () => explain(i));
    list.append(li);
  }
}

let explainLang = null;

async function explanations(forLang) {
  if (!state.explanations[forLang]) {
    const answer = await post("/v1/explain", "application/json", { lang: forLang });
    state.explanations[forLang] = (await answer.json()).explanations;
  }
  return state.explanations[forLang];
}

async function explain(index, forLang) {
  explainLang = forLang || explainLang || lang();
  state.selected = index;
  drawTable();
  const box = $("explanation");
  box.hidden = false;
  $("form-view").hidden = true;
  $("explanation-text").hidden = false;
  $("explanation-text").textContent = t("explaining");
  $("explain-lang").textContent = explainLang === "zh" ? "English" : "中文";
  const r = state.rulings[index];
  $("explanation-title").textContent = `#${index + 1} ${r.name || ""} ${r.id || ""}`;
  try {
    const all = await explanations(explainLang);
    const e = all[index];
    $("explanation-text").textContent = e.text;
    $("form-text").textContent = e.form ? e.form.text : t("noform");
    $("show-form").disabled = !e.form;
  } catch (err) {
    $("explanation-text").textContent = err.message;
  }
  box.scrollIntoView({ block: "nearest" });
}

async function download(accept, file) {
  try {
    const answer = await post("/v1/eval", accept);
    const url = URL.createObjectURL(await answer.blob());
    const a = el("a");
    a.href = url;
    a.download = file;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    say(e.message, true);
  }
}

function useFile(file, dropped) {
  if (!file) return;
  const ext = file.name.split(".").pop().toLowerCase();
  state.body = { data: file, type: TYPES[ext] || "text/csv", name: file.name };
  // The file input shows the name of a file chosen with it; a dropped one is named here.
  $("file-name").textContent = dropped ? file.name : "";
}

function wire() {
  $("lang").value = (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
  $("year").value = new Date().getFullYear() - 1;
  translate();
  $("lang").addEventListener("change", async () => {
    translate();
    await loadPolicies();
    if (state.rulings.length) evaluate();
  });
  $("policy").addEventListener("change", fillPurposes);
  $("evaluate").addEventListener("click", evaluate);
  $("redact").addEventListener("change", () => { if (state.rulings.length) evaluate(); });
  $("file").addEventListener("change", (e) => useFile(e.target.files[0]));
  $("paste").addEventListener("input", () => { state.body = null; $("file-name").textContent = ""; });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    useFile(e.dataTransfer.files[0], true);
  });
  $("filter").addEventListener("input", drawTable);
  $("status-filter").addEventListener("change", drawTable);
  $("download-xlsx").addEventListener("click", () => download(TYPES.xlsx, "rulings.xlsx"));
  $("download-csv").addEventListener("click", () => download("text/csv", "rulings.csv"));
  $("explain-lang").addEventListener("click", () => explain(state.selected, explainLang === "zh" ? "en" : "zh"));
  $("show-form").addEventListener("click", () => {
    const form = $("form-view");
    form.hidden = !form.hidden;
    $("explanation-text").hidden = !form.hidden;
  });
  $("print").addEventListener("click", () => {
    $("form-view").hidden = false;
    $("explanation-text").hidden = true;
    window.print();
  });
  $("close").addEventListener("click", () => { $("explanation").hidden = true; state.selected = null; drawTable(); });
  loadPolicies().catch((e) => say(e.message, true));
}

document.addEventListener("DOMContentLoaded", wire);
