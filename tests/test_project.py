"""The project's promises to a new user: README commands, docs that run."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shell_blocks(markdown: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", markdown, flags=re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = next(b.strip() for b in shell_blocks(readme, "sh") if "pytest" in b)
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines


def test_library_examples_in_docs_run(tmp_path: Path, monkeypatch) -> None:
    examples = shell_blocks((ROOT / "docs" / "library.md").read_text(encoding="utf-8"), "python")
    assert len(examples) >= 2
    monkeypatch.chdir(tmp_path)  # an example that writes ./my-index writes it here, not into the checkout
    namespace: dict[str, object] = {}
    for example in examples:  # in order, sharing names, as a reader would run them
        exec(compile(example, "docs/library.md", "exec"), namespace)


def test_python_dash_m_searcher_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "searcher", "--help"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0 and "arsearch" in result.stdout


def test_sample_corpus_ships_as_package_data() -> None:
    setup = (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert "sample/*.txt" in setup
    assert len(list((ROOT / "searcher" / "sample").glob("*.txt"))) == 5


def test_the_cluster_schema_ships_as_package_data() -> None:
    # create-collection uploads it from the installed package
    import index.solr

    assert "solr-configset/*" in (ROOT / "setup.cfg").read_text(encoding="utf-8")
    assert {p.name for p in index.solr.CONFIGSET.iterdir()} == {"schema.xml", "solrconfig.xml"}
    assert f'name="{index.solr.SCHEMA_NAME}"' in (index.solr.CONFIGSET / "schema.xml").read_text(encoding="utf-8")


def test_both_backends_implement_the_engine_interface() -> None:
    import inspect

    from searcher import ClusterEngine, Engine, SearchEngine

    methods = [name for name, member in vars(Engine).items()
               if callable(member) and (not name.startswith("_") or name in ("__enter__", "__exit__"))]
    assert {"search", "run", "add", "index_paths", "delete", "document", "explain", "stats", "close"} <= set(methods)
    for backend in (SearchEngine, ClusterEngine):
        for name in methods:
            wanted = list(inspect.signature(getattr(Engine, name)).parameters)
            assert list(inspect.signature(getattr(backend, name)).parameters) == wanted, (backend.__name__, name)
        assert isinstance(inspect.getattr_static(backend, "path"), property)
