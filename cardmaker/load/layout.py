"""Layout files → a resolved ``Layout``: find by name or path, merge ``extends``, then check.

Layouts are data so gyms can brand and translate cards without Python. Resolution keeps,
for every key, the file and line that set it, so an error in an inherited key points at
the parent file, and a font or logo path is read relative to the file that wrote it.
"""

from __future__ import annotations

from pathlib import Path

from cardmaker.errors import LayoutError, did_you_mean, os_reason
from cardmaker.load.layout_check import Checker, Origins
from cardmaker.load.source import Document, parse_file
from cardmaker.model.layout import Layout
from cardmaker.units import to_points

DEFAULT_LAYOUT = "card-a4"


def builtin_dir() -> Path:
    """Built-in layouts: inside the installed package, or ``layouts/`` beside it in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "layouts"
    return installed if installed.is_dir() else package.parent / "layouts"


def builtin_names() -> list[str]:
    return sorted(p.stem for p in builtin_dir().glob("*.yaml"))


def example_names() -> list[str]:
    """Example layouts to copy from, usable as ``-l examples/NAME``."""
    return sorted(f"examples/{p.stem}" for p in (builtin_dir() / "examples").glob("*.yaml"))


def load_layout(ref: str | Path = DEFAULT_LAYOUT) -> Layout:
    """Resolve a layout by built-in name or file path into a checked ``Layout``."""
    path = _find(str(ref), None)
    merged, origins = _resolve(path, [])
    return Checker(path, merged, origins).layout(path.stem)


def layout_from_mapping(data: dict, name: str = "custom", folder: Path | None = None) -> Layout:
    """A layout given as a mapping (as its YAML file would read), its ``extends`` resolved
    against the built-ins (or, for a path, ``folder``, by default the working folder); errors
    name the key, without a file or line."""
    if not isinstance(data, dict):
        raise LayoutError(f"expected a mapping of layout keys, got {type(data).__name__}")
    path = (folder / f"<{name}>") if folder else Path(f"<{name}>")
    lines = {key: None for key in _key_paths(data)}  # every key is the mapping's own, on no line
    merged, origins = _resolve_document(Document(path, data, lines), [])
    return Checker(path, merged, origins).layout(name)


def _key_paths(value: object, at: tuple = ()) -> list[tuple]:
    """Every key path in a mapping: ("fit",), ("fit", "mode"), ..."""
    if not isinstance(value, dict):
        return []
    return [p for key, sub in value.items() for p in [at + (key,), *_key_paths(sub, at + (key,))]]


def resolved_yaml(ref: str | Path) -> str:
    """The layout with its ``extends`` chain merged in, as YAML a user can copy and edit.

    Relative font and logo paths are written out absolute, since the copy lives elsewhere.
    """
    import yaml

    path = _find(str(ref), None)
    merged, origins = _resolve(path, [])
    checker = Checker(path, merged, origins)
    layout = checker.layout(path.stem)  # only show layouts that would load
    merged = {k: v for k, v in merged.items() if k != "extends"}
    if not layout.front_max_size and "front_max_size" in merged.get("fit", {}):  # a parent's, on a one-sided layout
        merged["fit"] = {k: v for k, v in merged["fit"].items() if k != "front_max_size"}
    for section, key in checker.FILE_KEYS:
        if isinstance(merged.get(section), dict) and merged[section].get(key):
            merged[section] = {**merged[section], key: str(checker.relative((section, key)))}
    header = f"# {path.stem}, resolved: every inherited key written out\n"
    from cardmaker.model.omitted import limits

    if limits(layout):
        header += "# leaves out: " + "; ".join(limits(layout)) + "\n"
    if layout.max_pages > 1:
        header += (f"# goes on over up to {layout.max_pages} pages: a card too long for one at "
                   f"{layout.page_floor:g} pt\n")
    return header + yaml.safe_dump(merged, sort_keys=False, allow_unicode=True, width=100)


MAX_DEPTH = 100  # parents in an extends chain (far more than any gym needs; Python recursion bounds it)


def _find(ref: str, relative_to: Path | None) -> Path:
    candidates = []
    if relative_to is not None:
        candidates.append(relative_to.parent / ref)
    candidates += [Path(ref), builtin_dir() / f"{ref}.yaml"]
    try:
        found = _first_file(candidates)
    except OSError as exc:  # a name too long, a loop of links
        raise LayoutError(f"cannot read layout: {os_reason(exc)}", file=ref) from None
    if found is not None:
        return found
    if ref.lower().endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref:  # meant as a file
        where = candidates[0] if relative_to is not None else Path(ref)
        raise LayoutError(f"layout file not found: {where}",
                          hint="a path in 'extends' is relative to the layout file that names it"
                          if relative_to is not None else "check the path, or name a built-in layout: see `cardmaker layouts`")
    hint = did_you_mean(ref, builtin_names() + example_names()) or "see `cardmaker layouts` for the built-in names"
    raise LayoutError(f"no layout named '{ref}'", hint=hint)


def _first_file(candidates: list[Path]) -> Path | None:
    """The first candidate that is a file (resolved); an error for one that is there but is no
    file (a folder, a FIFO, a device); None when none is there."""
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    for candidate in candidates:
        if candidate.exists():
            what = "a folder" if candidate.is_dir() else "not a regular file"
            raise LayoutError(f"is {what}, expected a layout file (.yaml)", file=candidate,
                              hint="name the layout's YAML file, or a built-in layout: see `cardmaker layouts`")
    return None


def _resolve(path: Path, chain: list[Path]) -> tuple[dict, Origins]:
    """Deep-merge the ``extends`` chain, parent first; lists replace, mappings merge."""
    if path in chain:
        names = " → ".join(p.stem for p in chain + [path])
        raise LayoutError(f"'extends' goes round in a circle: {names}", file=chain[-1], field="extends")
    if len(chain) >= MAX_DEPTH:
        raise LayoutError(f"'extends' goes more than {MAX_DEPTH} layouts deep", file=chain[-1], field="extends",
                          hint="a layout needs a few parents at most; flatten the chain")
    return _resolve_document(parse_file(path, LayoutError), chain)


def _resolve_document(doc: Document, chain: list[Path]) -> tuple[dict, Origins]:
    """``_resolve`` for a layout already read (from a file, or given as a mapping)."""
    path = doc.file
    if not isinstance(doc.value, dict):
        raise LayoutError("expected a mapping of layout keys", file=path, line=1)
    own: Origins = {key: (path, line) for key, line in doc.lines.items()}
    own[()] = (path, 1)
    parent_ref = doc.value.get("extends")
    if parent_ref is None:
        return doc.value, own
    if not isinstance(parent_ref, str):
        raise LayoutError("expected a layout name or file path", file=path,
                          line=doc.line_of(("extends",)), field="extends")
    try:
        parent_path = _find(parent_ref, path)
    except LayoutError as exc:
        exc.field = exc.field or "extends"
        raise exc.located(path, doc.line_of(("extends",))) from None
    parent, parent_origins = _resolve(parent_path, chain + [path])
    # a key the child replaces (a value or a list) takes its parent's sub-keys with it
    replaced = [p for p in doc.lines if p and "<key>" not in p and not isinstance(_at(doc.value, p), dict)]
    kept = {p: o for p, o in parent_origins.items()
            if not any(len(p) > len(r) and p[:len(r)] == r for r in replaced)}
    return _follow_front_growth(parent, doc.value, _merge(parent, doc.value)), {**kept, **own}


def _follow_front_growth(parent: dict, own: dict, merged: dict) -> dict:
    """``merged``, where a child sets its own ``fit.max_size`` but not ``fit.front_max_size``,
    with the parent's front size kept in proportion to ``max_size`` (at most 72 pt):
    index-card-4x6's 18 pt front over 10 pt becomes 21.6 pt over a gym's 12 pt, rather than a
    front that no longer grows at all. Values that are not lengths are left to the checks."""
    parent_fit, own_fit = parent.get("fit"), own.get("fit")
    if not (isinstance(parent_fit, dict) and isinstance(own_fit, dict)) or "front_max_size" in own_fit \
            or "max_size" not in own_fit or "front_max_size" not in parent_fit or "max_size" not in parent_fit:
        return merged
    try:
        front, old_max, new_max = (to_points(v) for v in (parent_fit["front_max_size"], parent_fit["max_size"],
                                                          own_fit["max_size"]))
    except ValueError:
        return merged
    if not 0 < old_max <= front or new_max <= 0:
        return merged
    fit = {**merged["fit"], "front_max_size": round(min(front * new_max / old_max, 72.0), 2)}
    return {**merged, "fit": fit}


def _at(value: object, path: tuple) -> object:
    for part in path:
        value = value[part]  # type: ignore[index]
    return value


def _merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out
