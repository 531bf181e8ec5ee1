// arsearch's search page: plain JavaScript, no build step.
// Every text from the index or the query goes into the page as a text node
// (never as HTML), and matches become <mark> elements around those nodes.
"use strict";

const $ = (id) => document.getElementById(id);
const DEFAULT_LIMIT = 10;

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
  };
}

function urlFor(state) {
  const p = new URLSearchParams();
  if (state.doc) p.set("doc", state.doc);
  if (state.q) p.set("q", state.q);
  if (!state.doc && state.page > 1) p.set("page", String(state.page));
  if (state.limit !== DEFAULT_LIMIT) p.set("limit", String(state.limit));
  if (state.exact) p.set("exact", "1");
  return "/?" + p.toString();
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
  const params = new URLSearchParams({ q: state.q, limit: String(state.limit), offset: String((state.page - 1) * state.limit) });
  if (state.exact) params.set("exact", "1");
  let data;
  try {
    data = await getJson("/api/search?" + params.toString());
  } catch (error) {
    return showStatus(error.message, true);
  }
  renderResults(state, data);
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
    go({ q: $("q").value.trim(), page: 1, limit: state.limit, exact: $("exact").checked, doc: null });
  });
  $("prev").addEventListener("click", () => { const s = stateFromUrl(); go({ ...s, page: s.page - 1 }); });
  $("next").addEventListener("click", () => { const s = stateFromUrl(); go({ ...s, page: s.page + 1 }); });
  window.addEventListener("popstate", render);
  render();
});
