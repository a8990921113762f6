"""The package layering: cardmaker's sources (read with ``ast``, not imported) → the dependency
graph between its parts, checked for cycles and for the layers of the pipeline.

A part is the first name after ``cardmaker.`` (``flow``, ``render``, ``batch``...); the package's
own ``__init__`` is ``cardmaker``. Every import counts, at module level or inside a function: the
project imports heavy modules late for a fast ``--help``, and a cycle through a late import is
still a cycle between packages.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SOURCES = Path(__file__).resolve().parent.parent / "cardmaker"  # the files, whatever is installed
ROOT = "cardmaker"


def _module_name(file: Path) -> tuple[str, bool]:
    """``cardmaker/flow/tree.py`` → (``cardmaker.flow.tree``, False); a package's __init__ → its name, True."""
    parts = (ROOT, *file.relative_to(SOURCES).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _imported(node: ast.AST, module: str, is_package: bool) -> list[str]:
    """The absolute module names one import statement names (``from cardmaker import x`` → cardmaker.x)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:  # relative: resolve against the importing module's package
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)]
        name = ".".join(base + ([node.module] if node.module else []))
    else:
        name = node.module or ""
    if name == ROOT:
        return [f"{ROOT}.{alias.name}" for alias in node.names]
    return [name]


def _part(name: str) -> str | None:
    """The part of cardmaker a module name belongs to: ``cardmaker`` for the package's __init__ and
    the names it defines (``cardmaker.__version__``); ``__main__`` is a part of its own."""
    parts = name.split(".")
    if parts[0] != ROOT:
        return None
    if len(parts) == 1:
        return ROOT
    candidate = SOURCES / parts[1]
    return parts[1] if candidate.is_dir() or candidate.with_suffix(".py").exists() else ROOT


def import_graph() -> tuple[dict[str, set[str]], dict[tuple[str, str], list[str]], dict[str, set[str]]]:
    """(part → parts it imports, (part, part) → the imports behind that edge, part → outside top-level
    modules it imports)."""
    graph: dict[str, set[str]] = defaultdict(set)
    why: dict[tuple[str, str], list[str]] = defaultdict(list)
    external: dict[str, set[str]] = defaultdict(set)
    for file in sorted(SOURCES.rglob("*.py")):
        module, is_package = _module_name(file)
        source = _part(module)
        graph[source]  # every part is a node, even one that imports nothing
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
            for name in _imported(node, module, is_package):
                target = _part(name)
                if target is None:
                    external[source].add(name.split(".")[0])
                elif target != source:
                    graph[source].add(target)
                    why[source, target].append(f"{module} (line {node.lineno}) imports {name}")
    return graph, why, external


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path that starts and ends at the same part, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


GRAPH, WHY, EXTERNAL = import_graph()


def _explain(cycle: list[str]) -> str:
    steps = [f"  {a} → {b}: " + "; ".join(WHY[a, b][:3]) for a, b in zip(cycle, cycle[1:])]
    return "import cycle " + " → ".join(cycle) + "\n" + "\n".join(steps)


def test_the_graph_is_read_from_the_sources():
    assert {"load", "model", "flow", "typeset", "render", "press", "style"} <= set(GRAPH)
    assert "model" in GRAPH["load"]  # a plain module-level import is seen
    assert "load" in GRAPH["cli"]  # and one inside a function


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each group of parts that import each other (a strongly connected component)."""
    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reaches = {node: reach(node) for node in graph}
    groups = {frozenset(m for m in reaches[n] if n in reaches.get(m, ())) for n in graph if n in reaches[n]}
    return [find_cycle({n: graph[n] & group for n in group}) for group in sorted(groups, key=sorted)]


def test_no_import_cycle_between_parts():
    found = cycles(GRAPH)
    assert not found, "\n".join(map(_explain, found))


def test_cycle_finder_finds_a_late_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c", "a"}}) == [["a", "b", "a"], ["c", "d", "c"]]


# part → parts it must never import, with the reason
FORBIDDEN = {
    "model": ({"load", "style", "flow", "typeset", "render", "press", "batch", "cli"}, "model is frozen data"),
    "load": ({"flow", "typeset", "render", "batch", "cli"}, "loading comes before laying out"),
    "style": ({"load", "flow", "typeset", "render", "press", "batch", "cli"}, "styles sit below flow and render"),
    "flow": ({"typeset", "render", "press", "batch", "cli"}, "flow builds the block tree the later stages take"),
    "typeset": ({"render", "press", "batch", "cli", "load"}, "the engine gives display lists; render replays them"),
    "render": ({"press", "batch", "cli", "load"}, "render takes model, tree and display lists"),
    "press": ({"flow", "typeset", "render", "batch", "cli"}, "press places finished pages"),
    "batch": ({"jobs", "api", "cli"}, "batch runs many inputs for the jobs above it"),
    "jobs": ({"api", "cli", "progress"}, "jobs are the library's: the CLI and the API call them"),
}
MODEL_MAY_IMPORT = {"errors", "units"}
STDLIB_ONLY = {"model", "errors", "units", "scripts", "colors", "template", "slug", "filenames"}


def test_layers_import_only_downwards():
    broken = [f"{part} imports {other} ({reason}): " + "; ".join(WHY[part, other])
              for part, (banned, reason) in FORBIDDEN.items() for other in sorted(GRAPH[part] & banned)]
    assert not broken, "\n".join(broken)


def test_only_the_command_line_prints_or_exits():
    """click (and the progress bar printed with it) belongs to the command line; the library
    gives outcomes and warnings as data."""
    printing = {part for part, modules in EXTERNAL.items() if "click" in modules}
    assert printing <= {"cli", "progress"}, printing
    for file in SOURCES.rglob("*.py"):
        if file.relative_to(SOURCES).parts[0] in ("cli", "progress.py", "__main__.py"):
            continue
        called = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                called.add(node.func.id)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                called.add(f"{node.func.value.id}.{node.func.attr}")
        assert not called & {"print", "sys.exit", "exit"}, f"{file} prints or exits"


def test_model_imports_nothing_but_errors_and_units():
    assert GRAPH["model"] <= MODEL_MAY_IMPORT, "; ".join(w for t in GRAPH["model"] for w in WHY["model", t])


def test_base_modules_need_no_third_party_package_at_import():
    """colors imports reportlab inside to_reportlab only; the others are standard library throughout."""
    import sys

    for part in STDLIB_ONLY:
        outside = {m for m in EXTERNAL[part] if m not in sys.stdlib_module_names} - {"reportlab", "__future__"}
        assert not outside, f"{part} imports {outside}"
    assert "reportlab" not in EXTERNAL["model"]


def test_block_tree_and_plain_styles_do_not_import_reportlab():
    for file in (SOURCES / "flow").glob("*.py"):
        names = {n.split(".")[0] for node in ast.walk(ast.parse(file.read_text(encoding="utf-8")))
                 for n in _imported(node, "cardmaker.flow." + file.stem, False)}
        assert "reportlab" not in names, f"{file.name} imports reportlab"
    plain = SOURCES / "style" / "plain_styles.py"
    names = {n.split(".")[0] for node in ast.walk(ast.parse(plain.read_text(encoding="utf-8")))
             for n in _imported(node, "cardmaker.style.plain_styles", False)}
    assert "reportlab" not in names
