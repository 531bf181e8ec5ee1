"""Rendering results: terminal text, JSON, a standalone HTML page, or ids."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence

import click

from .engine import Explanation, Hit, Results

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
    lines = []
    for hit in results:
        title = mark_spans(hit.title, hit.title_highlights, clean, marked)
        lines.append(f"{hit.rank}. {click.style(title, bold=True) if color else title}")
        details = [hit.id, f"score {hit.score:.2f}", *(clean(hit.metadata[k]) for k in ("source", "date") if k in hit.metadata)]
        lines.append("   " + " · ".join(details))
        for snippet in hit.snippets:
            body = mark_spans(snippet.text, snippet.highlights, clean, marked).strip()
            lines.append(f"   {'…' if snippet.start > 0 else ''}{body}…")
        lines.append("")
    return "\n".join(lines)


def hit_to_dict(hit: Hit) -> dict[str, object]:
    return {
        "rank": hit.rank,
        "id": hit.id,
        "score": round(hit.score, 4),
        "title": hit.title,
        "title_highlights": [list(span) for span in hit.title_highlights],
        "metadata": hit.metadata,
        "snippets": [
            {"text": s.text, "start": s.start, "end": s.end, "highlights": [list(span) for span in s.highlights]}
            for s in hit.snippets
        ],
    }


def results_to_dict(results: Results, explanation: list[Explanation] | None = None) -> dict[str, object]:
    payload: dict[str, object] = {
        "query": results.query,
        "total": results.total,
        "count": len(results),
        "relaxed": results.relaxed,
        "hits": [hit_to_dict(hit) for hit in results],
    }
    if explanation is not None:
        payload["explain"] = [
            {"words": e.words, "spellings": [{"text": s.text, "kind": s.kind, "documents": s.documents}
                                             for s in e.spellings]}
            for e in explanation
        ]
    return payload


def render_json(results: Results, explanation: list[Explanation] | None = None) -> str:
    """One JSON object: the query, the total, and the hits with snippet spans
    (and the spellings searched, with --explain)."""
    return json.dumps(results_to_dict(results, explanation), ensure_ascii=False, indent=2)


def render_explanation(explanation: list[Explanation]) -> str:
    """One line a query unit: «words» → spelling (kind, N docs), ..."""
    lines = []
    for unit in explanation:
        spellings = ", ".join(f"{clean(s.text)} ({s.kind}, {s.documents} docs)" for s in unit.spellings)
        lines.append(f"«{clean(unit.words)}» → {spellings}")
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


def render_html(results: Results) -> str:
    """A standalone right-to-left page; everything from documents and the
    query is escaped, matches are wrapped in <mark>."""
    esc = html.escape

    def marked(s: str) -> str:
        return f"<mark>{esc(s)}</mark>"

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
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>arsearch: {query}</title>\n<style>{_HTML_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>نتائج البحث عن «{query}»</h1>\n"
        f'<p class="summary">{len(results)} من {results.total}</p>\n'
        f'<ol class="hits">\n{chr(10).join(items)}\n</ol>\n</main>\n</body>\n</html>\n'
    )
