"""arsearch: Arabic full-text search.

The public library API::

    from searcher import SearchEngine
    engine = SearchEngine.sample()          # the bundled sample articles
    for hit in engine.search("عبدالرازق الناظوري"):
        print(hit.rank, hit.id, hit.title, hit.snippets[0].text)
"""

from index import ArsearchError, DeleteResult, Document, IndexBusy, IndexDamaged, IndexNotFound, IndexOutdated, IndexReport, IndexStats, NotAnIndex, Problem

from analyzers.chain import ArabicAnalysis

from index.solr import ClusterError

from .backend import Engine
from .cluster import ClusterEngine
from .engine import SearchEngine
from .results import Alternative, Explanation, Hit, Results, SpellingCount, StoredDocument, Suggestion
from .columns import FacetCount
from .errors import AliasesError, DocumentNotFound, QueryError
from .readings import Reading
from .snippets import Snippet

__version__ = "0.1.0"

__all__ = [
    "AliasesError", "Alternative", "ArabicAnalysis", "ArsearchError", "ClusterEngine", "ClusterError", "Engine", "DeleteResult", "Document", "DocumentNotFound", "Explanation",
    "FacetCount", "Hit", "IndexBusy", "IndexDamaged", "IndexNotFound", "IndexOutdated", "IndexReport", "IndexStats",
    "NotAnIndex", "Problem", "QueryError", "Reading", "Results", "SearchEngine", "Snippet", "SpellingCount",
    "StoredDocument", "Suggestion", "__version__",
]
