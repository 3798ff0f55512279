"""Join the front's PDF and the parts' PDFs into one tagged PDF, in a fresh Python process.

Each part is a complete tagged PDF of its own; the book needs one structure tree, one parent
tree, one outline and one set of destinations, and links between parts. The join keeps every
page object as qpdf copies it and rebuilds the shared structures around them:

* one ``Document`` element whose children are each source's, in reading order; the parent tree
  renumbered into one sequence; structure ids prefixed per source (Typst numbers table cells in
  each compile from 1, and table headers refer to them by id); role maps merged;
* the outline items of every source chained under one root; named destinations merged;
* links written as ``cbref:<label>`` (to a label of another part) turned into destinations at
  the position the target's part reported, as Typst writes its own links;
* the page numbers: the front laid out one empty page per part page, with the footer only, and
  each is stamped on its part page as a form XObject under a fixed name (pikepdf's
  ``add_overlay`` picks a random name, which would change the bytes from run to run).

``python -m coursebook.editions.typst.join`` reads a :class:`JoinSpec` as JSON on stdin: pikepdf
holds every object of every part while it works, and that memory leaves with the process.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass
from typing import Any

from .child import peak_mb, run_in_child

LINK_SCHEME = "cbref:"
FOOTER = "/CbFooter"


@dataclass(frozen=True)
class JoinSpec:
    """The PDFs to join and where each cross-part target landed."""

    front: str
    part_pages: int
    """The parts' pages in all: the front's last pages are as many footers."""
    parts: list[str]
    positions: dict[str, tuple[int, int, float, float]]
    """Label -> (source number, page in that source from 1, x, y in points from the top)."""
    headings: list[str]
    """Labels of headings: a link to one is announced as a section, as Typst does."""
    output: str


@dataclass
class JoinResult:
    unresolved: list[str]
    errors: list[str]
    peak_mb: float


def join(spec: JoinSpec) -> list[str]:
    """Write the joined PDF; return the ``cbref:`` targets no part located."""
    import pikepdf  # deferred: only the join needs it
    from pikepdf import Array, Dictionary, Name

    result = pikepdf.new()
    front = pikepdf.open(spec.front)
    sources = [front] + [pikepdf.open(path) for path in spec.parts]
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
        if key in front.Root:
            result.Root[key] = _copy(result, front, front.Root[key])
    result.trailer.Info = _copy(result, front, front.trailer.Info)

    document = result.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
    tree_root = result.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([document])))
    document.P = tree_root
    merged = _Merged()
    page_starts: list[int] = []  # the joined page number (from 0) of each source's first page
    front_pages = len(front.pages) - spec.part_pages
    footers = list(front.pages[front_pages:])

    for number, source in enumerate(sources):
        page_starts.append(len(result.pages))
        keep = front_pages if number == 0 else len(source.pages)
        _merge_source(result, source, f"p{number}-", keep, document, merged)

    document.K = Array(merged.kids)
    tree_root.ParentTree = Dictionary(Nums=Array(merged.parent_nums))
    tree_root.ParentTreeNextKey = merged.next_key
    if merged.ids:
        tree_root.IDTree = Dictionary(Names=_flat_names(merged.ids))
    if merged.role_map:
        tree_root.RoleMap = merged.role_map
    result.Root.StructTreeRoot = tree_root
    if merged.dests:
        result.Root.Names = Dictionary(Dests=Dictionary(Names=_flat_names(merged.dests)))
    _link_outline(result, merged.outline)
    _stamp_footers(result, front, footers, front_pages)
    unresolved = _resolve_links(result, spec, page_starts, merged.dests)
    result.save(spec.output, deterministic_id=True, min_version="1.7")
    return unresolved


class _Merged:
    """What the sources add to the shared structures, in reading order."""

    def __init__(self) -> None:
        # Python lists and dicts: appending to a pikepdf Array one item at a time is quadratic.
        self.parent_nums: list[Any] = []
        self.next_key = 0
        self.kids: list[Any] = []
        self.ids: dict[str, Any] = {}
        self.role_map: Any = None
        self.dests: dict[str, Any] = {}
        self.outline: list[Any] = []


def _merge_source(
    result: Any, source: Any, prefix: str, keep: int, document: Any, merged: _Merged
) -> None:
    from pikepdf import Dictionary

    tree = source.Root.StructTreeRoot
    _rename_ids(tree, prefix)
    # Cut the part's tree from its root first: copying an element copies all it refers to, and
    # /P leads up to the part's StructTreeRoot (its parent tree, its ids, everything).
    (part_document,) = list(tree.K)
    del part_document["/P"]
    old_parents = _number_tree(tree.ParentTree)
    start = len(result.pages)
    for page in list(source.pages)[:keep]:
        result.pages.append(page)
    for page in list(result.pages)[start:]:
        if "/StructParents" in page.obj:
            old_key = int(page.obj.StructParents)
            page.obj.StructParents = merged.next_key
            merged.parent_nums += [merged.next_key, _copy(result, source, old_parents[old_key])]
            merged.next_key += 1
        for annot in page.obj.get("/Annots", []):
            if "/StructParent" in annot:
                old_key = int(annot.StructParent)
                annot.StructParent = merged.next_key
                merged.parent_nums += [merged.next_key, _copy(result, source, old_parents[old_key])]
                merged.next_key += 1
    copied = _copy(result, source, part_document)
    for kid in copied.K:
        if isinstance(kid, Dictionary) and "/P" in kid:
            kid.P = document
        merged.kids.append(kid)
    if "/IDTree" in tree:
        for name, element in _name_tree(tree.IDTree).items():
            merged.ids[name] = _copy(result, source, element)
    if "/RoleMap" in tree:
        if merged.role_map is None:
            merged.role_map = Dictionary()
        for role, standard in tree.RoleMap.items():
            merged.role_map[role] = standard
    if "/Names" in source.Root and "/Dests" in source.Root.Names:
        for name, dest in _name_tree(source.Root.Names.Dests).items():
            merged.dests[name] = _copy(result, source, dest)
    if "/Outlines" in source.Root and "/First" in source.Root.Outlines:
        item = source.Root.Outlines.First
        while True:
            merged.outline.append(_copy(result, source, item))
            if "/Next" not in item:
                break
            item = item.Next


def _stamp_footers(result: Any, front: Any, footers: list[Any], front_pages: int) -> None:
    from pikepdf import Name

    for number, page in enumerate(list(result.pages)[front_pages:]):
        form = _copy(result, front, footers[number].as_form_xobject())
        page.add_resource(form, Name.XObject, name=Name(FOOTER))
        # The part's content in its own graphics state, so the footer is drawn from the origin.
        page.contents_add(result.make_stream(b"q\n"), prepend=True)
        page.contents_add(result.make_stream(f"\nQ\nq {FOOTER} Do Q\n".encode()))


def _resolve_links(
    result: Any, spec: JoinSpec, page_starts: list[int], dests: dict[str, Any]
) -> list[str]:
    """Turn ``cbref:`` links into destinations; put the book's page numbers in alt texts."""
    from pikepdf import Array, Name, String

    headings = set(spec.headings)
    page_index = {page.obj.objgen: i for i, page in enumerate(result.pages)}
    unresolved: set[str] = set()
    for page in result.pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            if action is not None and str(action.get("/URI", "")).startswith(LINK_SCHEME):
                target = str(action.URI)[len(LINK_SCHEME) :]
                if target not in spec.positions:
                    unresolved.add(target)
                    continue
                source, local_page, x, y = spec.positions[target]
                target_page = result.pages[page_starts[source] + local_page - 1]
                height = float(target_page.mediabox[3])
                del annot["/A"]
                # As Typst's own links: 10pt above the target, so that it is not at the edge.
                annot.Dest = Array([target_page.obj, Name.XYZ, x, height - max(0.0, y - 10), 0])
                annot.Contents = String("Section, page 0" if target in headings else "page 0")
            dest = annot.get("/Dest")
            if isinstance(dest, String):  # a named destination (Typst's links to headings)
                dest = dests.get(str(dest))
            if isinstance(dest, Array):
                # Typst's alt text names the page in the part; the book's page replaces it.
                number = page_index[dest[0].objgen] + 1
                text = str(annot.get("/Contents", "page 0"))
                annot.Contents = String(re.sub(r"page \d+$", f"page {number}", text))
    return sorted(unresolved)


def _copy(result: Any, source: Any, obj: Any) -> Any:
    """``obj`` of ``source`` in ``result``: a direct object is made indirect first (qpdf copies
    only indirect ones); what was copied already (pages, elements) is reused, not duplicated."""
    if isinstance(obj, (int, float, str, bool)) or not hasattr(obj, "is_indirect"):
        return obj
    if not obj.is_indirect:
        obj = source.make_indirect(obj)
    return result.copy_foreign(obj)


def _rename_ids(tree: Any, prefix: str) -> None:
    """Prefix every structure element id, and the table headers that refer to them."""
    from pikepdf import Array, Dictionary, String

    seen: set[tuple[int, int]] = set()
    stack = list(tree.K)
    while stack:
        element = stack.pop()
        if not isinstance(element, Dictionary) or (element.is_indirect and element.objgen in seen):
            continue
        if element.is_indirect:
            seen.add(element.objgen)
        if "/ID" in element:
            element.ID = String(prefix + str(element.ID))
        attributes = element.get("/A")
        for attribute in attributes if isinstance(attributes, Array) else [attributes]:
            if isinstance(attribute, Dictionary) and "/Headers" in attribute:
                attribute.Headers = Array([String(prefix + str(h)) for h in attribute.Headers])
        kids = element.get("/K")
        if isinstance(kids, Array):
            stack.extend(kids)
        elif isinstance(kids, Dictionary):
            stack.append(kids)
    if "/IDTree" in tree:
        renamed = {prefix + name: value for name, value in _name_tree(tree.IDTree).items()}
        tree.IDTree = Dictionary(Names=_flat_names(renamed))


def _number_tree(node: Any) -> dict[int, Any]:
    found: dict[int, Any] = {}
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums), 2):
            found[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        found.update(_number_tree(kid))
    return found


def _name_tree(node: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    names = node.get("/Names")
    if names is not None:
        for i in range(0, len(names), 2):
            found[str(names[i])] = names[i + 1]
    for kid in node.get("/Kids", []):
        found.update(_name_tree(kid))
    return found


def _flat_names(entries: dict[str, Any]) -> Any:
    """A name tree's one leaf: keys sorted by their bytes, as the PDF standard requires."""
    from pikepdf import Array, String

    flat: list[Any] = []
    for name in sorted(entries, key=lambda n: n.encode("utf-8")):
        flat += [String(name), entries[name]]
    return Array(flat)


def _link_outline(result: Any, items: list[Any]) -> None:
    """The sources' top-level outline items, chained in order under one root."""
    from pikepdf import Dictionary, Name

    if not items:
        return
    root = result.make_indirect(Dictionary(Type=Name.Outlines))
    visible = 0
    for i, item in enumerate(items):
        item.Parent = root
        if i > 0:
            item.Prev = items[i - 1]
        elif "/Prev" in item:
            del item["/Prev"]
        if i < len(items) - 1:
            item.Next = items[i + 1]
        elif "/Next" in item:
            del item["/Next"]
        visible += 1 + max(0, int(item.get("/Count", 0)))
    root.First, root.Last, root.Count = items[0], items[-1], visible
    result.Root.Outlines = root


def join_in_child(spec: JoinSpec) -> JoinResult:
    """Run :func:`join` in a new interpreter and return what it reported."""
    report, failure = run_in_child(__name__, spec)
    if report is None:
        return JoinResult([], [f"joining the parts' PDFs failed: {failure}"], 0.0)
    return JoinResult(**report)


def main() -> int:
    spec = JoinSpec(**json.loads(sys.stdin.read()))
    unresolved = join(spec)
    print(json.dumps(asdict(JoinResult(unresolved, [], peak_mb()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
