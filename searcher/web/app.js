// arsearch's search page: plain JavaScript, no build step.
// Every text from the index or the query goes into the page as a text node
// (never as HTML), and matches become <mark> elements around those nodes.
"use strict";

const $ = (id) => document.getElementById(id);
const DEFAULT_LIMIT = 10;
const SVG = "http://www.w3.org/2000/svg";
const SORT_ORDERS = ["relevance", "-date", "date"];
const PERIOD = /^\d{4}(-\d{2}(-\d{2})?)?$/;  // a year, month or day, as the API takes them
const DAYS_WITHIN_MONTHS = 2;  // matches spread over at most this many months are drawn day by day

function marked(text, spans) {
  // text with the [start, end] spans wrapped in <mark>.  The server counts
  // characters (code points); JavaScript strings count UTF-16 units, which
  // differ for letters outside the BMP (styled 𝑨𝑩𝑪 names), so slice code points.
  const chars = Array.from(text);
  const out = document.createDocumentFragment();
  let pos = 0;
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (start < pos) continue;
    out.append(chars.slice(pos, start).join(""));
    const mark = document.createElement("mark");
    mark.textContent = chars.slice(start, end).join("");
    out.append(mark);
    pos = end;
  }
  out.append(chars.slice(pos).join(""));
  return out;
}

function element(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function stateFromUrl() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "",
    doc: p.get("doc"),
    page: Math.max(1, parseInt(p.get("page") || "1", 10) || 1),
    limit: Math.min(100, Math.max(1, parseInt(p.get("limit") || String(DEFAULT_LIMIT), 10) || DEFAULT_LIMIT)),
    exact: p.get("exact") === "1",
    sources: p.getAll("source").filter(Boolean),
    since: p.get("since") || "",
    until: p.get("until") || "",
    sort: SORT_ORDERS.includes(p.get("sort")) ? p.get("sort") : "relevance",
  };
}

function withNarrowing(p, state) {
  // exact spelling, sources, period and order: named alike in the page's address and in the API
  if (state.exact) p.set("exact", "1");
  for (const source of state.sources || []) p.append("source", source);
  if (state.since) p.set("since", state.since);
  if (state.until) p.set("until", state.until);
  if (state.sort && state.sort !== "relevance") p.set("sort", state.sort);
  return p;
}

function urlFor(state) {
  const p = new URLSearchParams();
  if (state.doc) p.set("doc", state.doc);
  if (state.q) p.set("q", state.q);
  if (!state.doc && state.page > 1) p.set("page", String(state.page));
  if (state.limit !== DEFAULT_LIMIT) p.set("limit", String(state.limit));
  return "/?" + withNarrowing(p, state).toString();
}

function apiParams(state, overrides) {
  // the search API's parameters for a state (overrides: other facets, no source filter, …)
  const s = { ...state, ...overrides };
  const p = new URLSearchParams({ q: s.q, limit: String(s.limit), offset: String((s.page - 1) * s.limit) });
  withNarrowing(p, s).set("facets", s.facets);
  return p;
}

function go(state) {
  history.pushState(null, "", urlFor(state));
  render();
}

function pageLink(className, state, ...children) {
  // a real link (it can be opened in a new tab) that, clicked, renders in place
  const link = element("a", className, ...children);
  link.href = urlFor(state);
  link.addEventListener("click", (event) => { event.preventDefault(); go(state); });
  return link;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

function showStatus(text, isError) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

function clearViews() {
  $("results").replaceChildren();
  $("document").replaceChildren();
  $("document").hidden = true;
  $("pager").hidden = true;
  $("suggestion").hidden = true;
  $("reading").hidden = true;
  $("spellings").hidden = true;
  $("filters").hidden = true;
}

async function render() {
  const state = stateFromUrl();
  $("q").value = state.q;
  $("exact").checked = state.exact;
  clearViews();
  document.title = state.q ? `${state.q} · arsearch` : "arsearch · البحث";
  if (state.doc) return renderDocument(state);
  if (!state.q.trim()) return showStatus("");
  showStatus("جارٍ البحث…");
  // the sources a search could be narrowed to are counted without the source
  // filter (a second request, only when one is set), so that several can be picked
  const main = getJson("/api/search?" + apiParams(state, { facets: "source,month,day" }));
  const allSources = state.sources.length
    ? getJson("/api/search?" + apiParams(state, { facets: "source", sources: [], page: 1, limit: 1 }))
    : main;
  let data, sourceData;
  try {
    [data, sourceData] = await Promise.all([main, allSources]);
  } catch (error) {
    showFilters(state, null, null);
    return showStatus(error.message, true);
  }
  renderResults(state, data);
  showFilters(state, data.facets, sourceData.facets.source || []);
}

function showSpellings(explain) {
  // the spellings each query word was searched in that matched documents (--explain)
  const found = [];
  for (const unit of explain || []) {
    for (const spelling of unit.spellings) {
      if (spelling.documents > 0) found.push(`${spelling.text} (${spelling.documents})`);
    }
  }
  if (found.length < 2) return;
  const line = $("spellings");
  line.replaceChildren("الصيغ المطابقة: ");
  for (const text of found) line.append(element("span", "", text));
  line.hidden = false;
}

function renderResults(state, data) {
  const pages = data.pages;
  let summary = data.total ? `${data.total} نتيجة` : `لا نتائج لـ«${state.q}»`;
  if (data.total && pages > 1) summary += ` · الصفحة ${data.page} من ${pages}`;
  if (data.relaxed) summary += " · لا وثيقة تحوي كل الكلمات، فهذه التي تحوي بعضها";
  if (data.partial) summary += " · نتائج جزئية: طال البحث فهذه ما وُجد في الوقت";
  showStatus(summary);
  if (data.searched_as) {
    // a query typed in another script: say how it was read, and offer it as typed
    const asTyped = pageLink("", { ...state, exact: true, page: 1 }, "ابحث كما كُتب");
    const read = element("bdi", "", data.searched_as.text);
    const also = data.searched_as.also ? [" و", element("bdi", "", data.searched_as.also)] : [];
    $("reading").replaceChildren(data.searched_as.replaces ? "بُحث عن: " : "بُحث أيضًا عن: ", read, ...also, " · ", asTyped);
    $("reading").hidden = false;
  }
  if (data.did_you_mean) {
    const link = pageLink("", { ...state, q: data.did_you_mean, page: 1 }, data.did_you_mean);
    $("suggestion").replaceChildren("هل تقصد: ", link, "؟");
    $("suggestion").hidden = false;
  }
  showSpellings(data.explain);
  for (const hit of data.hits) {
    const link = pageLink("", { ...state, doc: hit.id }, marked(hit.title, hit.title_highlights));
    const meta = element("p", "meta", element("bdi", "", hit.id));
    for (const key of ["source", "date", "author"]) {
      if (hit.metadata[key]) meta.append(" · ", element("bdi", "", hit.metadata[key]));
    }
    const item = element("li", "hit", element("h2", "", link), meta);
    for (const snippet of hit.snippets) {
      item.append(element("p", "snippet", snippet.start > 0 ? "… " : "", marked(snippet.text, snippet.highlights), " …"));
    }
    $("results").append(item);
  }
  if (pages > 1) {
    $("pager").hidden = false;
    $("page-info").textContent = `${data.page} / ${pages}`;
    $("prev").disabled = data.page <= 1;
    $("next").disabled = data.page >= pages;
  }
}

function showFilters(state, facets, sources) {
  // sort, timeline, date range and sources beside the results; every choice is a URL
  $("sort").value = state.sort;
  $("since").value = state.since;
  $("until").value = state.until;
  $("clear-dates").hidden = !(state.since || state.until);
  showSources(state, sources || []);
  showTimeline(state, (facets || {}).month || [], (facets || {}).day || []);
  $("filters").hidden = false;
}

function showSources(state, counts) {
  const list = $("sources");
  list.replaceChildren();
  const named = counts.filter((c) => c.value !== "(none)");
  // a chosen source stays listed (and can be unticked) even when nothing matches it now
  for (const chosen of state.sources) {
    if (!named.some((c) => c.value === chosen)) named.push({ value: chosen, count: 0 });
  }
  for (const { value, count } of named) {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = value;
    box.checked = state.sources.includes(value);
    box.addEventListener("change", () => {
      const sources = box.checked ? [...state.sources, value] : state.sources.filter((s) => s !== value);
      go({ ...state, sources, page: 1, doc: null });
    });
    list.append(element("li", "", element("label", "", box, " ", element("bdi", "", value), " ",
                                          element("span", "count", String(count)))));
  }
  $("sources-box").hidden = named.length === 0;
}

function monthsBetween(first, last) {
  const out = [];
  let [year, month] = first.split("-").map(Number);
  const [lastYear, lastMonth] = last.split("-").map(Number);
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    out.push(`${year}-${String(month).padStart(2, "0")}`);
    month += 1;
    if (month > 12) { month = 1; year += 1; }
  }
  return out;
}

function daysBetween(first, last) {
  const out = [];
  const end = Date.parse(last + "T00:00:00Z");
  for (let t = Date.parse(first + "T00:00:00Z"); t <= end; t += 86400000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function showTimeline(state, monthCounts, dayCounts) {
  // one bar per month from the first match to the last (per day when they
  // all fall within DAYS_WITHIN_MONTHS months), newest on the left: the page
  // reads right to left.  Each period with matches is a link that narrows to
  // it, reachable by keyboard and labelled with its period and count.
  const months = monthCounts.filter((c) => /^\d{4}-\d{2}$/.test(c.value));
  const box = $("timeline-box");
  const chart = $("timeline");
  chart.replaceChildren();
  if (months.length === 0) { box.hidden = true; return; }
  const days = dayCounts.filter((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.value));
  const byDay = days.length > 0
    && monthsBetween(months[0].value, months[months.length - 1].value).length <= DAYS_WITHIN_MONTHS;
  const dated = byDay ? days : months;
  const first = dated[0].value, last = dated[dated.length - 1].value;
  const periods = byDay ? daysBetween(first, last) : monthsBetween(first, last);
  $("timeline-title").textContent = byDay ? "النتائج يومًا بيوم" : "النتائج شهرًا بشهر";
  const counts = new Map(dated.map((c) => [c.value, c.count]));
  const most = Math.max(...dated.map((c) => c.count));
  const width = 100, height = 40, step = width / periods.length, gap = periods.length > 40 ? 0 : step * 0.15;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-labelledby", "timeline-title");
  periods.forEach((period, i) => {
    const count = counts.get(period) || 0;
    if (!count) return;
    const bar = document.createElementNS(SVG, "rect");
    const barHeight = Math.max(1.5, (count / most) * height);
    bar.setAttribute("x", String(width - (i + 1) * step + gap / 2));
    bar.setAttribute("y", String(height - barHeight));
    bar.setAttribute("width", String(Math.max(step - gap, 0.3)));
    bar.setAttribute("height", String(barHeight));
    const label = `${period}: ${count} نتيجة`;
    const title = document.createElementNS(SVG, "title");
    title.textContent = label;
    bar.append(title);
    const link = document.createElementNS(SVG, "a");
    const target = { ...state, since: period, until: period, page: 1, doc: null };
    link.setAttribute("href", urlFor(target));
    link.setAttribute("aria-label", label);
    link.setAttribute("class", "bar");
    link.dataset.period = period;
    link.addEventListener("click", (event) => { event.preventDefault(); go(target); });
    link.append(bar);
    svg.append(link);
  });
  chart.append(svg);
  const undated = monthCounts.find((c) => c.value === "undated");
  $("timeline-range").replaceChildren("من ", element("bdi", "", first), " إلى ", element("bdi", "", last),
                                      undated ? ` · بلا تاريخ: ${undated.count}` : "");
  box.hidden = false;
}

function sourceLink(url) {
  // the stored address as a link only when it is http(s); left to right, whatever the page's direction
  let parsed = null;
  try { parsed = new URL(url); } catch (error) { parsed = null; }
  if (!parsed || !["http:", "https:"].includes(parsed.protocol)) return element("bdi", "", url);
  const link = element("a", "source-url", url);
  link.href = parsed.href;
  link.dir = "ltr";
  link.rel = "noopener noreferrer";
  link.target = "_blank";
  return link;
}

async function renderDocument(state) {
  showStatus("");
  let doc;
  try {
    doc = await getJson(`/api/docs/${encodeURIComponent(state.doc)}` + (state.q ? "?" + new URLSearchParams({ q: state.q, ...(state.exact ? { exact: "1" } : {}) }) : ""));
  } catch (error) {
    return showStatus(error.message, true);
  }
  const view = $("document");
  const back = pageLink("back", { ...state, doc: null }, "→ العودة إلى النتائج");
  const meta = element("p", "meta", element("bdi", "", doc.id));
  for (const [key, value] of Object.entries(doc.metadata)) meta.append(" · ", key === "url" ? sourceLink(value) : element("bdi", "", value));
  view.append(element("p", "", back), element("h2", "", doc.title ? marked(doc.title, doc.title_highlights) : doc.id), meta);
  // paragraphs at blank lines, each with the spans that fall inside it
  let pos = 0;
  for (const block of doc.body.split(/(\n\s*\n)/)) {
    const end = pos + Array.from(block).length;  // in code points, as the spans count
    if (block.trim()) {
      const spans = doc.body_highlights.filter(([a, b]) => a >= pos && b <= end).map(([a, b]) => [a - pos, b - pos]);
      view.append(element("p", "", marked(block, spans)));
    }
    pos = end;
  }
  view.hidden = false;
  const marks = view.querySelectorAll("mark").length;
  if (state.q) showStatus(marks ? `${marks} مطابقة في هذه الوثيقة` : "لا مطابقة في هذه الوثيقة");
}

document.addEventListener("DOMContentLoaded", () => {
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const state = stateFromUrl();
    go({ ...state, q: $("q").value.trim(), page: 1, exact: $("exact").checked, doc: null });
  });
  $("sort").addEventListener("change", () => go({ ...stateFromUrl(), sort: $("sort").value, page: 1 }));
  $("dates").addEventListener("submit", (event) => {
    event.preventDefault();
    const since = $("since").value.trim(), until = $("until").value.trim();
    for (const value of [since, until]) {
      if (value && !PERIOD.test(value)) return showStatus(`«${value}»: اكتب سنة أو شهرًا، مثل 2015 أو 2015-03`, true);
    }
    go({ ...stateFromUrl(), since, until, page: 1 });
  });
  $("clear-dates").addEventListener("click", () => go({ ...stateFromUrl(), since: "", until: "", page: 1 }));
  $("prev").addEventListener("click", () => { const s = stateFromUrl(); go({ ...s, page: s.page - 1 }); });
  $("next").addEventListener("click", () => { const s = stateFromUrl(); go({ ...s, page: s.page + 1 }); });
  window.addEventListener("popstate", render);
  render();
});
