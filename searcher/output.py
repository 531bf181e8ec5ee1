"""Rendering results: terminal text, JSON, a standalone HTML page, or ids."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence

import click

from .results import Explanation, Results, StoredDocument

# Control characters in documents must not reach a terminal (they could move
# the cursor or change colours); they are shown as spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

MARK_OPEN, MARK_CLOSE = "[[", "]]"


def clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def mark_spans(text: str, spans: Sequence[tuple[int, int]], plain: Callable[[str], str],
               marked: Callable[[str], str]) -> str:
    """Render *text* with the *spans* passed through *marked* and the rest
    through *plain*."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:  # overlapping spans: keep the first
            continue
        out.append(plain(text[pos:start]))
        out.append(marked(text[start:end]))
        pos = end
    out.append(plain(text[pos:]))
    return "".join(out)


def _terminal_marker(color: bool) -> Callable[[str], str]:
    if color:
        return lambda s: click.style(clean(s), fg="yellow", bold=True)
    return lambda s: f"{MARK_OPEN}{clean(s)}{MARK_CLOSE}"


def render_text(results: Results, color: bool) -> str:
    """A numbered list: title, id and score, then the snippets.  Matches are
    bold yellow in colour, else between [[ and ]]."""
    marked = _terminal_marker(color)
    lines = [_text_heading(results), ""]
    if results.reading:
        lines += [searched_as(results), ""]
    if results.did_you_mean:
        lines += [f"Did you mean: {clean(results.did_you_mean)}", ""]
    for hit in results:
        title = mark_spans(hit.title, hit.title_highlights, clean, marked)
        lines.append(f"{hit.rank}. {click.style(title, bold=True) if color else title}")
        details = [hit.id, f"score {hit.score:.2f}", *(clean(hit.metadata[k]) for k in ("source", "date") if k in hit.metadata)]
        lines.append("   " + " · ".join(details))
        for snippet in hit.snippets:
            body = mark_spans(snippet.text, snippet.highlights, clean, marked).strip()
            lines.append(f"   {'…' if snippet.start > 0 else ''}{body}…")
        lines.append("")
    for name, counts in results.facets.items():
        lines.append(f"{name}: " + ", ".join(f"{clean(c.value)} ({c.count})" for c in counts))
    if results.facets:
        lines.append("")
    return "\n".join(lines)


def searched_as(results: Results) -> str:
    """The one line that says how a query typed in another script was read."""
    reading = results.reading
    assert reading is not None
    if reading.replaces:
        also = f" and {clean(reading.beside)}" if reading.beside else ""
        return f"searched as: {clean(reading.text)}{also} ({_READING_NAMES[reading.kind]}; --exact searches it as typed)"
    return f"also searched as: {clean(reading.text)} (Latin letters read in Arabic; --exact turns it off)"


_READING_NAMES = {"keyboard": "typed with the keyboard on English", "buckwalter": "Buckwalter",
                  "latin keyboard": "typed with the keyboard on Arabic", "latin": "Latin letters"}


def _text_heading(results: Results) -> str:
    heading = f"{results.total} matching documents"
    if results.pages > 1:
        heading += f", page {results.page} of {results.pages}"
    if results.sort != "relevance":
        heading += ", newest first" if results.sort == "-date" else ", oldest first"
    return heading


def render_document_text(doc: StoredDocument, color: bool) -> str:
    """A stored document: its title, metadata and whole text, matches marked."""
    marked = _terminal_marker(color)
    title = mark_spans(doc.title, doc.title_highlights, clean, marked) if doc.title else ""
    lines = [click.style(title, bold=True) if color and title else title] if title else []
    lines.append(" · ".join([doc.id, *(f"{k}: {clean(v)}" for k, v in doc.metadata.items())]))
    lines.append("")
    lines.append(mark_spans(doc.body, doc.body_highlights, clean_keep_lines, marked))
    return "\n".join(lines).rstrip("\n") + "\n"


def clean_keep_lines(text: str) -> str:
    return _CONTROL.sub(lambda m: m.group(0) if m.group(0) == "\n" else " ", text)


def render_json(results: Results, explanation: list[Explanation] | None = None) -> str:
    """One JSON object: the query, the total, and the hits with snippet spans
    (and the spellings searched, with --explain)."""
    return json.dumps(results.to_dict(explanation), ensure_ascii=False, indent=2)


def render_explanation(explanation: list[Explanation]) -> str:
    """One line a query unit: «words» → spelling (kind, N docs), ..."""
    lines = []
    for unit in explanation:
        spellings = ", ".join(f"{clean(s.text)} ({s.kind}, {s.documents} docs)" for s in unit.spellings)
        lines.append(f"«{clean(unit.words)}» → {spellings or 'no document holds it in any spelling'}")
    return "\n".join(lines) + "\n"


def render_ids(results: Results) -> str:
    return "".join(f"{hit.id}\n" for hit in results)


def render_trec(qid: str, results: Results, run_name: str = "arsearch") -> str:
    """TREC run lines: ``qid Q0 docid rank score run``."""
    return "".join(f"{qid} Q0 {hit.id} {hit.rank} {hit.score:.4f} {run_name}\n" for hit in results)


_HTML_STYLE = """
body { font-family: "Noto Naskh Arabic", "Amiri", "Segoe UI", Tahoma, sans-serif; line-height: 1.8;
       max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; } .summary, .meta { color: #555; font-size: .9rem; }
ol { padding-inline-start: 1.5rem; } li { margin-bottom: 1.5rem; }
h2 { font-size: 1.15rem; margin: 0; } .meta { direction: ltr; text-align: right; }
mark { background: #ffe066; padding: 0 .1em; border-radius: .2em; }
"""


def _html_page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_HTML_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"{body}</main>\n</body>\n</html>\n"
    )


def _html_marker(s: str) -> str:
    return f"<mark>{html.escape(s)}</mark>"


def render_html(results: Results) -> str:
    """A standalone right-to-left page; everything from documents and the
    query is escaped, matches are wrapped in <mark>."""
    esc, marked = html.escape, _html_marker
    items = []
    for hit in results:
        title = mark_spans(hit.title, hit.title_highlights, esc, marked)
        meta = " · ".join([esc(hit.id), f"{hit.score:.2f}", *(esc(hit.metadata[k]) for k in ("source", "date") if k in hit.metadata)])
        link = hit.metadata.get("url")
        heading = f'<a href="{esc(link)}">{title}</a>' if link and link.startswith(("http://", "https://")) else title
        snippets = "".join(
            f'<p class="snippet">{"…" if s.start > 0 else ""}{mark_spans(s.text, s.highlights, esc, marked)}…</p>'
            for s in hit.snippets
        )
        items.append(f'<li><h2>{heading}</h2><p class="meta">{meta}</p>{snippets}</li>')
    query = esc(results.query)
    summary = f"{len(results)} من {results.total}"
    if results.pages > 1:
        summary += f" · الصفحة {results.page} من {results.pages}"
    extra = ""
    if results.reading:
        extra += f'<p class="reading">{esc(searched_as(results))}</p>\n'
    if results.did_you_mean:
        extra += f'<p class="suggestion">هل تقصد: «{esc(results.did_you_mean)}»؟</p>\n'
    for name, counts in results.facets.items():
        values = "".join(f"<li>{esc(c.value)} <span>({c.count})</span></li>" for c in counts)
        extra += f'<section class="facet"><h3>{esc(name)}</h3><ul>{values}</ul></section>\n'
    first = results[0].rank if results else 1
    return _html_page(
        f"arsearch: {query}",
        f"<h1>نتائج البحث عن «{query}»</h1>\n<p class=\"summary\">{summary}</p>\n{extra}"
        f'<ol class="hits" start="{first}">\n{chr(10).join(items)}\n</ol>\n',
    )


def render_document_html(doc: StoredDocument) -> str:
    """One stored document as a right-to-left page, matches in <mark>."""
    esc = html.escape
    title = mark_spans(doc.title, doc.title_highlights, esc, _html_marker) if doc.title else esc(doc.id)
    meta = " · ".join([esc(doc.id), *(esc(v) for v in doc.metadata.values())])
    paragraphs = "".join(
        f"<p>{mark_spans(text, spans, esc, _html_marker)}</p>\n" for text, spans in _paragraphs(doc.body, doc.body_highlights)
    )
    return _html_page(f"arsearch: {esc(doc.title or doc.id)}", f'<h1>{title}</h1>\n<p class="meta">{meta}</p>\n{paragraphs}')


def _paragraphs(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[str, list[tuple[int, int]]]]:
    """*text* cut at blank lines, each part with its spans made relative to it."""
    parts, pos = [], 0
    for block in re.split(r"(\n\s*\n)", text):
        end = pos + len(block)
        if block.strip():
            parts.append((block, [(a - pos, b - pos) for a, b in spans if a >= pos and b <= end]))
        pos = end
    return parts
