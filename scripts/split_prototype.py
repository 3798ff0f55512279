"""Feasibility prototype (issue 13): the PDF laid out in parts, a Typst compile each, then joined.

Reads the Typst sources that ``coursebook build pdf`` left in the work folder (``book.typ``,
``index.typ``, the documents, ``.coursebook-typst.json``) and:

1. splits the root document at its ``#include`` lines into parts of whole top-level documents
   (``--parts N`` groups them into N runs of about equal source size; default one per document);
2. compiles each part in a process of its own (``--workers``), with no footer, links to labels of
   other parts written as ``link("cbref:<label>")``, and a query of where its labels landed;
3. compiles the front part: cover, title page, a contents built from the parts' headings and page
   counts, the root page, then one empty page per part page that carries only the page number;
4. joins everything with pikepdf: pages, one structure tree, parent tree renumbered, ID tree
   (ids prefixed per part), role map, outline, named destinations, ``cbref:`` links turned into
   destinations, the footers stamped as form XObjects.

Prints one JSON line of measurements. Not production code: see the report in the branch's notes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPLIT = "_split"
INCLUDE = re.compile(r'^#include "(/[^"]+)\.typ"$')
PART_CAPTION = re.compile(r"^#cb-part\(\[(.*)\]\)$")


@dataclass
class Part:
    """Some top-level documents laid out together."""

    index: int
    lines: list[str] = field(default_factory=list)
    docnames: list[str] = field(default_factory=list)
    captions: dict[str, str] = field(default_factory=dict)  # docname -> caption above it
    size: int = 0


def book_options(work: Path) -> str:
    """The arguments of ``book.with(...)`` in ``book.typ``."""
    text = (work / "book.typ").read_text("utf-8")
    match = re.search(r"#show: book\.with\(\n(.*?)\n\)\n", text, re.S)
    assert match, "book.typ has no book.with(...)"
    return match.group(1).rstrip().rstrip(",")


def split_root(work: Path, groups: int | None) -> tuple[list[str], list[Part]]:
    """The root page's lines, and the parts (each a run of included documents)."""
    lines = (work / "index.typ").read_text("utf-8").split("\n")
    first = next(
        i for i, line in enumerate(lines) if INCLUDE.match(line) or PART_CAPTION.match(line)
    )
    root_lines, rest = lines[:first], lines[first:]
    units: list[Part] = []
    pending: list[str] = []
    caption = ""
    for line in rest:
        pending.append(line)
        if m := PART_CAPTION.match(line):
            caption = m.group(1)
        if m := INCLUDE.match(line):
            docname = m.group(1)[1:]
            unit = Part(index=0, lines=pending, docnames=[docname])
            if caption:
                unit.captions[docname] = caption
            unit.size = sum(p.stat().st_size for p in source_files(work, docname))
            units.append(unit)
            pending, caption = [], ""
    if groups is None or groups >= len(units):
        for i, unit in enumerate(units):
            unit.index = i + 1
        return root_lines, units
    total = sum(u.size for u in units)
    parts: list[Part] = []
    current = Part(index=1)
    done = 0
    for unit in units:
        current.lines += unit.lines
        current.docnames += unit.docnames
        current.captions.update(unit.captions)
        current.size += unit.size
        done += unit.size
        if done >= total * (len(parts) + 1) / groups and len(parts) < groups - 1:
            parts.append(current)
            current = Part(index=len(parts) + 1)
    if current.docnames:
        parts.append(current)
    return root_lines, parts


def source_files(work: Path, docname: str) -> list[Path]:
    """A document's Typst file and those it includes (an exercise library includes its pages)."""
    path = work / (docname + ".typ")
    found = [path]
    for include in re.findall(r'^#include "/([^"]+)\.typ"$', path.read_text("utf-8"), re.M):
        found += source_files(work, include)
    return found


def all_docnames(work: Path, part: Part) -> list[str]:
    return [
        p.relative_to(work).with_suffix("").as_posix()
        for d in part.docnames
        for p in source_files(work, d)
    ]


# -- writing the parts' main files -------------------------------------------------------------


def typst_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def info_block(targets: list[str]) -> str:
    """Typst that records where the wanted labels and the contents' headings landed."""
    wanted = "(" + "".join(typst_string(t) + ", " for t in targets) + ")"
    return (
        "#context [#metadata((\n"
        f"  targets: {wanted}.map(t => {{\n"
        "    let found = query(label(t))\n"
        "    if found.len() == 0 { none } else {\n"
        "      let p = found.first().location().position()\n"
        "      (t, (p.page, p.x.pt(), p.y.pt()))\n"
        "    }\n"
        "  }).filter(x => x != none),\n"
        "  headings: query(heading.where(outlined: true)).filter(h => h.level <= 2).map(h => {\n"
        "    let p = h.location().position()\n"
        '    (h.level, if h.has("label") { str(h.label) } else { none },'
        " p.page, p.x.pt(), p.y.pt(), h.body)\n"
        "  }),\n"
        "  pages: counter(page).final().first(),\n"
        "))<cb-part-info>]\n"
    )


def write_part(work: Path, part: Part, options: str, targets: list[str]) -> Path:
    """A main file for one part: the book's settings, its documents, and a query of positions."""
    folder = work / SPLIT
    folder.mkdir(exist_ok=True)
    text = (
        '#import "/coursebook.typ": *\n'
        f'#show: book.with(\n  {options},\n  mode: "part",\n)\n'
        + "\n".join(part.lines)
        + "\n"
        + info_block(targets)
    )
    path = folder / f"part-{part.index:03d}.typ"
    path.write_text(text, "utf-8")
    return path


def plain_text(content: Any) -> str:
    """A heading's body, from Typst's JSON of content, as plain words."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(plain_text(c) for c in content)
    if isinstance(content, dict):
        func = content.get("func")
        if func == "text":
            return str(content.get("text", ""))
        if func == "space":
            return " "
        if func == "sequence":
            return "".join(plain_text(c) for c in content.get("children", []))
        for key in ("body", "text", "child"):
            if key in content:
                return plain_text(content[key])
        return ""
    return ""


def write_front(
    work: Path,
    root_lines: list[str],
    options: str,
    entries: list[dict[str, Any]],
    pages: int,
    targets: list[str],
) -> Path:
    def entry(e: dict[str, Any]) -> str:
        part = "none" if e["part"] is None else "[" + e["part"] + "]"
        title = "[" + re.sub(r"([\\\[\]#*_`$<>@=~/-])", r"\\\1", e["title"]) + "]"
        return (
            f"(level: {e['level']}, title: {title}, target: {typst_string(e['target'])},"
            f" part: {part}, offset: {e['offset']})"
        )

    contents = "(\n" + "".join("    " + entry(e) + ",\n" for e in entries) + "  )"
    text = (
        '#import "/coursebook.typ": *\n'
        f'#show: book.with(\n  {options},\n  mode: "front",\n  contents: {contents},\n'
        f"  footer-pages: {pages},\n)\n" + "\n".join(root_lines) + "\n" + info_block(targets)
    )
    path = work / SPLIT / "front.typ"
    path.write_text(text, "utf-8")
    return path


# -- compiling (each in a process of its own) ------------------------------------------------


def compile_one(work: Path, main: Path, foreign: list[str], query: bool) -> dict[str, Any]:
    """In this process: compile ``main`` to a PDF beside it, and query its part information."""
    import typst

    started, cpu = time.perf_counter(), time.process_time()
    compiler = typst.Compiler(
        input=str(main),
        root=str(work),
        font_paths=[str(work / "_fonts")],
        ignore_system_fonts=True,
        sys_inputs={"dead-links": "", "foreign-links": "\n".join(foreign)},
    )
    epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    _, warnings = compiler.compile_with_warnings(
        output=str(main.with_suffix(".pdf")), pdf_standards=["ua-1"], timestamp=int(epoch)
    )
    compiled = time.perf_counter() - started
    info = None
    if query:
        info = json.loads(compiler.query("<cb-part-info>", field="value", one=True))
    return {
        "warnings": [str(w) for w in warnings],
        "info": info,
        "compile_s": compiled,
        "wall_s": time.perf_counter() - started,
        "cpu_s": time.process_time() - cpu,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_compile(work: Path, main: Path, foreign: list[str], query: bool) -> dict[str, Any]:
    """Compile in a child process; its measurements and query come back as JSON on stdout."""
    args = json.dumps({"work": str(work), "main": str(main), "foreign": foreign, "query": query})
    done = subprocess.run(
        [sys.executable, __file__, "--child", args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{main.name}: {done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- joining ---------------------------------------------------------------------------------------


def join(
    front_pdf: Path,
    front_pages: int,
    part_pdfs: list[Path],
    positions: dict[str, tuple[int, int, float, float]],
    headings: set[str],
    out: Path,
) -> dict[str, Any]:
    """One PDF from the front part and the parts, with one structure tree."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    started = time.perf_counter()
    result = pikepdf.new()
    front = pikepdf.open(front_pdf)
    sources = [front] + [pikepdf.open(p) for p in part_pdfs]
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
        if key in front.Root:
            result.Root[key] = copy(result, front, front.Root[key])
    result.trailer.Info = copy(result, front, front.trailer.Info)

    document = result.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
    tree_root = result.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([document])))
    document.P = tree_root
    parent_nums: list[Any] = []  # a Python list: extending a pikepdf Array is quadratic
    kids: list[Any] = []
    next_key = 0
    ids: dict[str, Any] = {}
    role_map = Dictionary()
    dests: dict[str, Any] = {}
    outline_items: list[Any] = []
    page_starts: list[int] = []  # global index of each source's first page
    footer_pages = list(front.pages[front_pages:])

    for n, source in enumerate(sources):
        tree = source.Root.StructTreeRoot
        prefix = f"p{n}-"
        rename_ids(tree, prefix)
        # Cut the part's tree from its root first: copying an element copies what it refers to,
        # and /P leads up to the part's StructTreeRoot (its parent tree, ids, everything).
        (part_document,) = list(tree.K)
        del part_document["/P"]
        keep = front_pages if n == 0 else len(source.pages)
        page_starts.append(len(result.pages))
        old_parents = number_tree(tree.ParentTree)
        for page in list(source.pages)[:keep]:
            result.pages.append(page)
        # The parent tree: renumber pages' and annotations' keys into one sequence.
        for page in list(result.pages)[page_starts[-1] :]:
            if "/StructParents" in page.obj:
                old_key = int(page.obj.StructParents)
                page.obj.StructParents = next_key
                parent_nums.extend([next_key, copy(result, source, old_parents[old_key])])
                next_key += 1
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    old_key = int(annot.StructParent)
                    annot.StructParent = next_key
                    parent_nums.extend([next_key, copy(result, source, old_parents[old_key])])
                    next_key += 1
        # The structure: this part's Document's children under the one Document.
        copied = copy(result, source, part_document)
        for kid in copied.K:
            if isinstance(kid, Dictionary) and "/P" in kid:
                kid.P = document
            kids.append(kid)
        if "/IDTree" in tree:
            for name, element in name_tree(tree.IDTree).items():
                ids[name] = copy(result, source, element)
        for role, standard in tree.get("/RoleMap", Dictionary()).items():
            role_map[role] = standard
        if "/Names" in source.Root and "/Dests" in source.Root.Names:
            for name, dest in name_tree(source.Root.Names.Dests).items():
                dests[name] = copy(result, source, dest)
        if "/Outlines" in source.Root and "/First" in source.Root.Outlines:
            item = source.Root.Outlines.First
            while True:
                outline_items.append(copy(result, source, item))
                if "/Next" not in item:
                    break
                item = item.Next

    document.K = Array(kids)
    tree_root.ParentTree = Dictionary(Nums=Array(parent_nums))
    tree_root.ParentTreeNextKey = next_key
    if ids:
        tree_root.IDTree = Dictionary(Names=flat_names(ids))
    if role_map:
        tree_root.RoleMap = role_map
    result.Root.StructTreeRoot = tree_root
    if dests:
        result.Root.Names = Dictionary(Dests=Dictionary(Names=flat_names(dests)))
    link_outline(result, outline_items)

    # Page numbers: each part page gets its footer page as an (artifact) form XObject.
    # (pikepdf's add_overlay names the XObject at random: the bytes would change run to run.)
    for number, page in enumerate(list(result.pages)[front_pages:]):
        form = copy(result, front, footer_pages[number].as_form_xobject())
        page.add_resource(form, Name.XObject, name=Name("/CbFooter"))
        page.contents_add(result.make_stream(b"q\n"), prepend=True)
        page.contents_add(result.make_stream(b"\nQ\nq /CbFooter Do Q\n"))

    # Links: page numbers in the alt texts, and cbref: links to destinations.
    page_index = {page.obj.objgen: i for i, page in enumerate(result.pages)}
    unresolved = []
    for page in result.pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            if action is not None and str(action.get("/URI", "")).startswith("cbref:"):
                target = str(action.URI)[len("cbref:") :]
                if target not in positions:
                    unresolved.append(target)
                    continue
                source_n, local_page, x, y = positions[target]
                target_page = result.pages[page_starts[source_n] + local_page - 1]
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
    result.save(out, deterministic_id=True, min_version="1.7")
    return {"join_s": time.perf_counter() - started, "unresolved": sorted(set(unresolved))}


def copy(result: Any, source: Any, obj: Any) -> Any:
    """``obj`` of ``source`` in ``result``: direct objects are made indirect first (qpdf copies
    only indirect ones), reusing what was already copied (pages, structure elements)."""
    if isinstance(obj, (int, float, str, bool)) or not hasattr(obj, "is_indirect"):
        return obj
    if not obj.is_indirect:
        obj = source.make_indirect(obj)
    return result.copy_foreign(obj)


def rename_ids(tree: Any, prefix: str) -> None:
    """Prefix every structure element id (Typst numbers table cells per compile)."""
    from pikepdf import Array, Dictionary, String

    seen: set[tuple[int, int]] = set()
    stack = list(tree.K)
    while stack:
        element = stack.pop()
        if not isinstance(element, Dictionary) or (element.objgen in seen and element.is_indirect):
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
        renamed = {prefix + k: v for k, v in name_tree(tree.IDTree).items()}
        tree.IDTree = Dictionary(Names=flat_names(renamed))


def number_tree(node: Any) -> dict[int, Any]:
    found: dict[int, Any] = {}
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums), 2):
            found[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        found.update(number_tree(kid))
    return found


def name_tree(node: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    names = node.get("/Names")
    if names is not None:
        for i in range(0, len(names), 2):
            found[str(names[i])] = names[i + 1]
    for kid in node.get("/Kids", []):
        found.update(name_tree(kid))
    return found


def flat_names(entries: dict[str, Any]) -> Any:
    from pikepdf import Array, String

    flat: list[Any] = []
    for name in sorted(entries, key=lambda n: n.encode("utf-8")):
        flat.extend([String(name), entries[name]])
    return Array(flat)


def link_outline(result: Any, items: list[Any]) -> None:
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


# -- the whole run ---------------------------------------------------------------------------------


def labels_by_doc(work: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    records = json.loads((work / ".coursebook-typst.json").read_text("utf-8"))
    labels = {d: list(r["labels"]) for d, r in records.items()}
    links = {d: [t for t, _where in r["links"]] for d, r in records.items()}
    return labels, links


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("work", type=Path, nargs="?")
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--parts", type=int, default=None)
    parser.add_argument("--child")
    parser.add_argument("--recompile", help="docname edited: recompile its part, the front, join")
    parser.add_argument("--single", action="store_true", help="measure the one-compile build")
    parser.add_argument(
        "--join-only", action="store_true", help="join the parts compiled last time"
    )
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        result = compile_one(Path(spec["work"]), Path(spec["main"]), spec["foreign"], spec["query"])
        print(json.dumps(result))
        return
    work: Path = args.work.resolve()
    if args.single:  # the reference: the whole book in one compile, in a child process
        print(json.dumps(run_compile(work, work / "book.typ", [], False)))
        return
    started = time.perf_counter()
    options = book_options(work)
    root_lines, parts = split_root(work, args.parts)
    labels, links = labels_by_doc(work)
    root_doc = "index"
    owner: dict[str, int] = {label: 0 for label in labels.get(root_doc, [])}
    for part in parts:
        for docname in all_docnames(work, part):
            for label in labels.get(docname, []):
                owner[label] = part.index
    state = work / SPLIT / "state.json"
    if args.join_only:
        saved = json.loads(state.read_text("utf-8"))
        results, front_result = saved["results"], saved["front"]
    else:
        # Which labels each part must locate for others, and which of its links leave it.
        wanted: dict[int, set[str]] = {p.index: set() for p in parts}
        foreign: dict[int, set[str]] = {p.index: set() for p in parts}
        foreign[0] = set()
        for each in [None, *parts]:
            n = 0 if each is None else each.index
            docs = [root_doc] if each is None else all_docnames(work, each)
            for docname in docs:
                for target in links.get(docname, []):
                    where = owner.get(target)
                    if where is not None and where != n:
                        foreign[n].add(target)
                        if where != 0:
                            wanted[where].add(target)
        todo = parts
        results = {}
        if args.recompile:  # an edit: lay out again only the part holding that document
            results = json.loads(state.read_text("utf-8"))["results"]
            todo = [p for p in parts if args.recompile in all_docnames(work, p)]
        mains = {p.index: write_part(work, p, options, sorted(wanted[p.index])) for p in todo}
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            futures = {
                p.index: pool.submit(
                    run_compile, work, mains[p.index], sorted(foreign[p.index]), True
                )
                for p in todo
            }
            results.update({str(n): f.result() for n, f in futures.items()})
        parts_done = time.perf_counter()
        # The contents: each part's headings, counted from the first page after the front.
        entries = []
        offset = 0
        for part in parts:
            info = results[str(part.index)]["info"]
            for level, label, page, _x, _y, body in info["headings"]:
                if label is None:
                    continue
                entries.append(
                    {
                        "level": level,
                        "title": plain_text(body),
                        "target": label,
                        "part": part.captions.get(label),  # a document's label is its title's
                        "offset": offset + page,
                    }
                )
            offset += info["pages"]
        front_targets = sorted(t for t, n in owner.items() if n == 0)
        front_main = write_front(work, root_lines, options, entries, offset, front_targets)
        front_result = run_compile(
            work, front_main, sorted({e["target"] for e in entries} | foreign[0]), True
        )
        front_result["parts_s"] = parts_done - started
        state.write_text(json.dumps({"results": results, "front": front_result}), "utf-8")
    import pikepdf

    front_pdf = work / SPLIT / "front.pdf"
    total_part_pages = sum(results[str(p.index)]["info"]["pages"] for p in parts)
    with pikepdf.open(front_pdf) as pdf:
        front_pages = len(pdf.pages) - total_part_pages
    positions: dict[str, tuple[int, int, float, float]] = {}
    headings: set[str] = set()
    for n, info in [(0, front_result["info"])] + [
        (p.index, results[str(p.index)]["info"]) for p in parts
    ]:
        for target, (page, x, y) in info["targets"]:
            positions[target] = (n, page, x, y)
        for _level, label, page, x, y, _body in info["headings"]:
            if label is not None:
                positions.setdefault(label, (n, page, x, y))
                headings.add(label)
    joined = join(
        front_pdf,
        front_pages,
        [work / SPLIT / f"part-{p.index:03d}.pdf" for p in parts],
        positions,
        headings,
        args.out,
    )
    every = [*results.values(), front_result]
    print(
        json.dumps(
            {
                "parts": len(parts),
                "workers": args.workers,
                "front_pages": front_pages,
                "pages": front_pages + total_part_pages,
                "max_child_rss_mb": round(max(r["rss_mb"] for r in every), 1),
                "max_part_compile_s": round(max(r["compile_s"] for r in every), 2),
                "children_cpu_s": round(sum(r["cpu_s"] for r in every), 2),
                "parts_wall_s": round(front_result.get("parts_s", 0), 2),
                "front_wall_s": round(front_result["wall_s"], 2),
                "join_s": round(joined["join_s"], 2),
                "wall_s": round(time.perf_counter() - started, 2),
                "unresolved": joined["unresolved"][:10],
                "warnings": [w for r in every for w in r["warnings"]][:5],
                "parent_rss_mb": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                ),
            }
        )
    )


if __name__ == "__main__":
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    main()
