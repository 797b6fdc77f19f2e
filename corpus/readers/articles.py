"""Knowledge documents (`.md`, `.html`/`.htm`, `.txt`) as article records, one per section.

`read(path)` takes one file or a folder (read recursively, in name order). Each document is split
into sections (see `corpus.sectioning`) and every section becomes a canonical `"type": "article"`
record, so that a search finds the passage, not a 40-page document. Dutch acts as published in
Markdown (a `README.md` per act under its BWB id, `### Artikel 5` headings) are read per article
with their chapter path. A document that cannot be read becomes a Rejection; only a missing path
raises SourceError.
"""
from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from corpus.model import ArticleRecord, Rejection
from corpus.readers import SourceError, checked
from corpus.sectioning import (
    MAX_WORDS,
    MIN_WORDS,
    PATH_SEPARATOR,
    Section,
    consolidate,
    parse_plain_text,
    readable_name,
    sentence_case,
    slugify,
    word_forms,
)

EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
              ".txt": "text"}
# documents we recognise but cannot read: reported, not silently skipped
UNREADABLE = {".pdf", ".doc", ".docx", ".odt", ".rtf", ".pages", ".epub"}
WETTEN_URL = "https://wetten.overheid.nl/"
_BWB = re.compile(r"^BWB[RV]\d{7}$")


@dataclass
class Document:
    """What a format parser hands to the record builder."""

    title: str | None
    sections: list[Section]
    meta: dict = field(default_factory=dict)   # themes, audience, published, url, source, title
    forms: dict = field(default_factory=dict)  # word casing, for a readable file name
    act: bool = False                           # a Dutch act: one record per article


class Unreadable(Exception):
    """A document that yields no records; the message is the rejection reason."""


def list_files(path: str) -> tuple[str, list[str]]:
    """The root that ids are relative to, and the files to read, in a stable order."""
    if not os.path.exists(path):
        raise SourceError(f"{path}: no such file or folder")
    if os.path.isdir(path):
        files = []
        for folder, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            files.extend(os.path.join(folder, n) for n in sorted(names) if not n.startswith("."))
        return path, files
    ext = os.path.splitext(path)[1].lower()
    if ext not in EXTENSIONS:
        raise SourceError(f"{path}: not a knowledge document (expected .md, .html or .txt)")
    return os.path.dirname(path), [path]


def read(path: str) -> Iterator[ArticleRecord | Rejection]:
    root, files = list_files(path)
    yield from read_files(root, files)


def read_files(root: str, files: list[str]) -> Iterator[ArticleRecord | Rejection]:
    """Some of a folder's files (ids stay relative to `root`): a parallel build's share."""
    for file in files:
        ext = os.path.splitext(file)[1].lower()
        rel = os.path.relpath(file, root).replace(os.sep, "/")
        if ext in UNREADABLE:
            yield Rejection(rel, "file", f"{ext} files cannot be read; convert to .txt, .md or .html")
            continue
        if ext not in EXTENSIONS:
            continue
        try:
            doc = parse_document(_decode(file), EXTENSIONS[ext], _full(file))
        except Unreadable as exc:
            yield Rejection(rel, "file", str(exc))
            continue
        except OSError as exc:
            yield Rejection(rel, "file", f"cannot be opened: {exc.strerror or exc}")
            continue
        yield from records(doc, rel, file)


def _full(file: str) -> str:
    return os.path.abspath(file).replace(os.sep, "/")


def _decode(file: str) -> str:
    with open(file, "rb") as fh:
        data = fh.read()
    if not data.strip():
        raise Unreadable("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _checked_text(data.decode("utf-16", errors="replace"))
    for encoding in ("utf-8", "cp1252", "latin-1"):  # latin-1 always decodes: text is checked below
        try:
            return _checked_text(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise Unreadable("cannot be decoded")  # pragma: no cover (latin-1 accepts any byte)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _checked_text(text: str) -> str:
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise Unreadable("not a text document (binary content or unknown encoding)")
    return text


def parse_document(text: str, kind: str, where: str = "") -> Document:
    """Parse one decoded document; `where` (its path) tells an act by its BWB-id folder."""
    meta, text = front_matter(text)
    if kind == "markdown":
        doc = parse_act(text) if _is_act(text, where, meta) else parse_markdown(text)
    elif kind == "html":
        doc = parse_html(text)
    else:
        plain = parse_plain_text(text, os.path.splitext(os.path.basename(where))[0])
        doc = Document(plain.title, plain.sections, forms=plain.forms)
    doc.meta = {**doc.meta, **meta}
    if not any(s.words() for s in doc.sections):
        raise Unreadable("no text")
    return doc


# --- front matter --------------------------------------------------------------------------

def front_matter(text: str) -> tuple[dict, str]:
    """A leading `---` block of `key: value` lines (values may be `[a, b]` or `- a` lists)."""
    text = text.lstrip("\ufeff")
    m = re.match(r"^\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", text, re.S)
    if not m:
        return {}, text
    meta: dict = {}
    key = None
    for line in m.group(1).splitlines():
        item = re.match(r"^\s+-\s+(.*)$", line)
        if item and key:
            meta.setdefault(key, [])
            if isinstance(meta[key], list):
                meta[key].append(_unquote(item.group(1)))
            continue
        kv = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if not kv:
            continue
        key, value = kv.group(1).lower(), kv.group(2).strip()
        if value.startswith("[") and value.endswith("]"):
            meta[key] = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
        elif value:
            meta[key] = _unquote(value)
    return meta, text[m.end():]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.strip()


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",") if "," in value else [value]
    return [v.strip() for v in value if isinstance(v, str) and v.strip()]


_MONTHS = {m: i for i, m in enumerate((
    "januari februari maart april mei juni juli augustus september oktober november december"
).split(), 1)}


def iso_date(value) -> str | None:
    """'2024-03-01', '2024-03-01T10:00', '1-3-2024' or '1 maart 2024' as YYYY-MM-DD."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if m := re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", value):
        y, mo, d = m.groups()
    elif m := re.match(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$", value):
        d, mo, y = m.groups()
    elif m := re.match(r"^(\d{1,2})\s+([a-z]+)\s+(\d{4})$", value.lower()):
        d, month, y = m.groups()
        if month not in _MONTHS:
            return None
        mo = _MONTHS[month]
    else:
        return None
    y, mo, d = int(y), int(mo), int(d)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


# --- Markdown ------------------------------------------------------------------------------

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_MARKUP = re.compile(r"[\[<*_`&]")


def _inline(text: str) -> str:
    """Markdown and HTML inline markup to plain text."""
    if not _MARKUP.search(text):
        return " ".join(text.split())
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return " ".join(html.unescape(text).split())


def _table_row(line: str) -> str | None:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells):
        return None  # the |---|---| rule under a header row
    return " · ".join(_inline(c) for c in cells if c)


def _blocks(lines: list[str]) -> list[str]:
    """Paragraphs of Markdown body lines: blank lines, list items and hard breaks end one."""
    paras: list[str] = []
    current: list[str] = []

    def flush():
        if current:
            text = _inline(" ".join(current))
            if text:
                paras.append(text)
            current.clear()

    for line in lines:
        if not line.strip():
            flush()
            continue
        if line.lstrip().startswith("|"):
            flush()
            row = _table_row(line)
            if row:
                paras.append(row)
            continue
        stripped = re.sub(r"^\s*>\s?", "", line)
        if _LIST_ITEM.match(stripped):
            flush()
            stripped = "• " + _LIST_ITEM.sub("", stripped)
        current.append(stripped.strip())
        if line.endswith("  "):  # a Markdown hard line break
            flush()
    flush()
    return paras


def parse_markdown(text: str) -> Document:
    heads: list[tuple[int, int, str]] = []  # (line number, level, text)
    lines = text.splitlines()
    fence = False
    for n, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence:
            continue
        if m := _ATX.match(line):
            heads.append((n, len(m.group(1)), _inline(m.group(2))))
        elif n > 0 and lines[n - 1].strip() and re.fullmatch(r"\s{0,3}(=+|-+)\s*", line) \
                and (n < 2 or not lines[n - 2].strip()) and not _LIST_ITEM.match(lines[n - 1]):
            heads.append((n - 1, 1 if "=" in line else 2, _inline(lines[n - 1])))
            lines[n] = ""
    title = None
    if heads and [h[1] for h in heads].count(1) == 1 and heads[0][1] == 1 \
            and not any(lines[k].strip() for k in range(heads[0][0]) if not lines[k].startswith("<")):
        title = heads[0][2]  # a single leading `# Title` names the document
    sections = [Section(())]
    stack: list[tuple[int, str]] = []
    start = 0
    body_lines: list[list[str]] = []
    for n, level, heading in heads:
        body_lines.append(lines[start:n])
        start = n + 1  # a setext underline was blanked above
        if title is not None and (n, level, heading) == heads[0]:
            sections.append(Section(()))
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, heading))
        sections.append(Section(tuple(h for _, h in stack)))
    body_lines.append(lines[start:])
    for section, chunk in zip(sections, body_lines):
        section.paragraphs = _blocks([ln for ln in chunk if not re.match(r"^\s*<(meta|!--)", ln)])
    forms = word_forms([p for s in sections for p in s.paragraphs])
    for s in sections:  # CAPITALISED headings are shown in sentence case
        s.path = tuple(sentence_case(h, forms) if _shouting(h) else h for h in s.path)
    return Document(title, sections, forms=forms)


def _shouting(heading: str) -> bool:
    letters = [c for c in heading if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters) and len(heading.split()) >= 2


# --- HTML ----------------------------------------------------------------------------------

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
_BLOCKS = {"p", "li", "pre", "blockquote", "dd", "dt", "td", "th", "figcaption", "address",
           "caption", "h5", "h6"}
_CONTAINERS = {"div", "section", "article", "main", "ul", "ol", "dl", "table", "tbody", "thead",
               "tr", "body", "figure", "details", "summary", "aside", "header", "footer"}
_DROP = ("script", "style", "nav", "noscript", "form", "iframe", "svg", "template", "button",
         "select", "object", "embed", "canvas")


def parse_html(text: str) -> Document:
    import lxml.html
    from lxml import etree

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  remove_blank_text=True)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise Unreadable(f"not readable as HTML: {exc}") from None
    meta = _html_meta(tree)
    for el in tree.xpath("//" + " | //".join(_DROP)):
        el.drop_tree()
    body = tree.find("body")
    if body is None:
        raise Unreadable("no text")
    for el in body.xpath("./header | ./footer | .//*[@role='navigation'] | .//*[@aria-hidden='true']"):
        el.drop_tree()
    mains, articles = body.xpath(".//main"), body.xpath(".//article")
    scope = mains[0] if mains else articles[0] if len(articles) == 1 else body
    events: list[tuple[str, int, str]] = []
    _walk(scope, events)
    h1s = [e for e in events if e[0] == "h" and e[1] == 1]
    title = meta.pop("title", None)
    first_is_h1 = bool(events) and events[0][0] == "h" and events[0][1] == 1
    if len(h1s) == 1 and first_is_h1:
        title = title or h1s[0][2]
        events = events[1:]
    if not title:
        t = tree.find(".//title")
        title = (" ".join(t.text_content().split()) or None) if t is not None else None
    sections = [Section(())]
    stack: list[tuple[int, str]] = []
    for kind, level, value in events:
        if kind == "h":
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, value))
            sections.append(Section(tuple(h for _, h in stack)))
        elif value:
            sections[-1].paragraphs.append(value)
    forms = word_forms([p for s in sections for p in s.paragraphs])
    for s in sections:
        s.path = tuple(sentence_case(h, forms) if _shouting(h) else h for h in s.path)
    return Document(title, sections, meta=meta, forms=forms)


def _text(el) -> str:
    return " ".join(el.text_content().split())


def _walk(el, events: list, pending: list | None = None) -> None:
    """Headings and paragraphs in reading order; loose inline text becomes a paragraph too."""
    top = pending is None
    pending = [] if pending is None else pending

    def flush():
        text = " ".join(" ".join(pending).split())
        if text:
            events.append(("p", 0, text))
        pending.clear()

    if el.text and el.text.strip():
        pending.append(el.text)
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _HEADINGS:
            flush()
            heading = _text(child)
            if heading:
                events.append(("h", _HEADINGS[tag], heading))
        elif tag in _BLOCKS and not any(
                d.tag in _BLOCKS or d.tag in _HEADINGS or d.tag in _CONTAINERS
                for d in child.iterdescendants() if isinstance(d.tag, str)):
            flush()
            text = _text(child)
            if text:
                events.append(("p", 0, ("• " + text) if tag == "li" else text))
        elif tag in _BLOCKS or tag in _CONTAINERS:
            flush()
            _walk(child, events, pending)
            flush()
        elif tag == "br":
            pending.append(" ")
        else:
            pending.append(child.text_content())
        if child.tail and child.tail.strip():
            pending.append(child.tail)
    if top:
        flush()


# for each field, the meta names that may carry it, best first
_META_NAMES = {"themes": ("themes", "subject", "keywords"), "audience": ("audience",),
               "published": ("published", "published_time", "date", "issued", "created"),
               "url": ("url",), "source": ("source",), "title": ("title",)}


def _html_meta(tree) -> dict:
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if name and content:  # og:title, dcterms.date, article:published_time -> title, date, …
            found.setdefault(name.split(":")[-1].split(".")[-1], content)
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    if canonical:
        found.setdefault("url", canonical[0].strip())
    meta = {}
    for key, names in _META_NAMES.items():
        value = next((found[n] for n in names if n in found), None)
        if value:
            meta[key] = value
    return meta


# --- Dutch acts (wetten.overheid.nl as Markdown) ------------------------------------------

_ORDINALS = ("eerste tweede derde vierde vijfde zesde zevende achtste negende tiende elfde "
             "twaalfde dertiende veertiende vijftiende zestiende zeventiende achttiende "
             "negentiende twintigste").split()
_STRUCTURE = {"bijlage": 0.5, "bijlagen": 0.5, "boek": 1, "deel": 2, "titel": 3, "hoofdstuk": 4,
              "afdeling": 5, "onderafdeling": 6, "paragraaf": 7, "§": 7, "subparagraaf": 8,
              "sub-paragraaf": 8}
_ARTICLE_RANK = 10
# status notes of the consolidated text, not the law itself
_STATUS = re.compile(r"^(?:Treedt in werking\b|Materieel uitgewerkt\b|Vervallen per\b|Vervalt per\b"
                     r"|Bevat wijzigingen in andere regelgeving\b|\[?Vervallen\b|\[?Gereserveerd\b)",
                     re.I)
_CITATION = re.compile(r"^(?:Deze|Dit)\s+(?:rijks)?(?:wet|besluit|regeling|wetboek)\b.*?"
                       r"\baangehaald\s+als:?\s*[\"“‘']?(.+?)[\"”’']?\s*\.?\s*$", re.I)


def _is_act(text: str, where: str, meta: dict) -> bool:
    if meta.get("source") == "wetten" or any(_BWB.match(part) for part in where.split("/")):
        return True
    head = text[:2000]
    return bool(re.search(r"(?m)^##\s*(?:Wet|Rijkswet|Besluit|Regeling|Wetboek)\b", head)) \
        and bool(re.search(r"(?m)^###\s*Artikel\b", text))


def _act_label(raw: str) -> tuple[str, float]:
    """'ARTIKEL  1' -> ('Artikel 1', article); 'Tweede  Afdeling' -> ('Tweede Afdeling', 5)."""
    label = " ".join(raw.replace("*", "").split())
    words = label.split()
    if not words:
        return "", _ARTICLE_RANK
    if words[0].isupper() and len(words[0]) > 2:
        label = words[0].capitalize() + label[len(words[0]):]
        words = label.split()
    head = words[0].lower()
    if head in _ORDINALS and len(words) > 1:
        head = words[1].lower()
    return label, _STRUCTURE.get(head, _ARTICLE_RANK)


def parse_act(text: str) -> Document:
    lines = text.splitlines()
    formal = None
    sections = [Section(())]
    stack: list[tuple[float, str]] = []
    body: list[str] = []
    caption_for: int | None = None  # index of the section whose caption (####) may follow
    citation = None
    signatures: list[int] = []

    def close():
        sections[-1].paragraphs.extend(_blocks(body))
        body.clear()

    for line in lines:
        stripped = line.strip()
        if stripped.startswith("<") and stripped.endswith(">") and not body:
            continue
        if line.startswith("###") and not line.startswith("####"):
            close()
            label, rank = _act_label(line.lstrip("#"))
            while stack and stack[-1][0] >= rank:
                stack.pop()
            stack.append((rank, label))
            sections.append(Section(tuple(h for _, h in stack)))
            caption_for = len(sections) - 1
            continue
        if line.startswith("####"):
            caption = _inline(line.lstrip("#"))
            if caption_for == len(sections) - 1 and not any(b.strip() for b in body) and caption:
                if _shouting(caption):
                    caption = sentence_case(caption, {})
                rank, label = stack[-1]
                joiner = ": " if len(label.split()) == 1 else ". "  # "Bijlage: …", "Artikel 5. …"
                stack[-1] = (rank, f"{label}{joiner}{caption}" if label else caption)
                sections[-1].path = tuple(h for _, h in stack)
                caption_for = None
            elif caption:
                body.append(caption)
                body.append("")
            continue
        if line.startswith("##") and formal is None:
            formal = _inline(line.lstrip("#"))
            continue
        if len(stripped) <= 80 and _STATUS.match(stripped):
            continue
        if stripped.startswith("Lasten en bevelen"):
            close()  # the closing formula and signatures are not law: read past them
            stack = []
            sections.append(Section(("Ondertekening",)))
            signatures.append(len(sections) - 1)
            caption_for = None
        if stripped:
            caption_for = None
            if "aangehaald" in stripped and (m := _CITATION.match(_inline(stripped))):
                citation = m.group(1).strip()
        body.append(line)
    close()
    for k in signatures:
        sections[k].paragraphs = []
    title = _act_name(formal, citation)
    meta = {}
    if formal and (m := re.search(r"\bvan (\d{1,2} [a-z]+ \d{4})", formal)) and (date := iso_date(m.group(1))):
        meta["published"] = date
    return Document(title, sections, meta=meta, act=True)


def _act_name(formal: str | None, citation: str | None) -> str | None:
    if citation and 3 <= len(citation) <= 150:
        return citation
    if not formal:
        return None
    if m := re.search(r"\(([^()]{3,120})\)\s*$", formal):
        # "(Wet stelsel openbare bibliotheekvoorzieningen)", but not "(PbEU L 133/66)"
        short = m.group(1).strip()
        if re.match(r"^[A-Z][a-z]", short) and re.search(r"(?i)wet|besluit|regel|code", short):
            return short
    if len(formal) <= 150:
        return formal
    return formal[:150].rsplit(" ", 1)[0] + " …"


# --- records -------------------------------------------------------------------------------

def _source(meta: dict, file: str, act: bool) -> str:
    if isinstance(meta.get("source"), str) and meta["source"].strip():
        return meta["source"].strip()
    parts = [p.lower() for p in os.path.abspath(file).replace(os.sep, "/").split("/")]
    if "bnetwerk" in parts:
        return "bnetwerk"
    if act:
        return "wetten"
    return "kennisbank"


def _jci(bwb: str, heading: str) -> str | None:
    """wetten.overheid.nl resolves Juriconnect links straight to an article."""
    m = re.match(r"^Artikel\s+([0-9A-Za-z:.]+?)\.?(?:\s|$)", heading)
    if not m:
        return None
    return f"{WETTEN_URL}jci1.3:c:{bwb}&artikel={m.group(1)}"


def records(doc: Document, rel: str, file: str) -> Iterator[ArticleRecord | Rejection]:
    meta = doc.meta
    stem = os.path.splitext(rel)[0]
    bwb = next((p for p in reversed(_full(file).split("/")) if _BWB.match(p)), None) if doc.act else None
    title = meta.get("title") if isinstance(meta.get("title"), str) and meta["title"].strip() else None
    if not title:
        name = os.path.basename(stem)
        if name.lower() in ("readme", "index") and "/" in stem:
            name = stem.rsplit("/", 2)[-2]
        from_name = readable_name(name, doc.forms)
        title = doc.title or from_name
        if doc.title and set(doc.title.lower().split()) < set(from_name.lower().split()):
            title = from_name  # "Netwerkagenda" on the cover, "Netwerkagenda 2021-2023" as file name
    doc_url = meta.get("url") if isinstance(meta.get("url"), str) else None
    if not doc_url and bwb:
        doc_url = WETTEN_URL + bwb
    doc_slug = bwb.lower() if bwb else slugify(re.sub(r"/(readme|index)$", "", stem, flags=re.I), 60)
    source = _source(meta, file, doc.act)
    published = iso_date(meta.get("published")) if meta.get("published") else None
    themes, audience = _as_list(meta.get("themes")), _as_list(meta.get("audience"))
    # an article is the unit of law people cite and look up: short ones are not folded together
    sections = consolidate(doc.sections, 0 if doc.act else MIN_WORDS, MAX_WORDS)
    used: set[str] = set()
    for n, s in enumerate(sections, start=1):
        heading = s.path[-1] if s.path else title
        label = heading.split(". ")[0] if doc.act else heading
        slug = slugify(label, 48) or "tekst"
        if s.part:
            slug += f"-deel-{s.part}"
        base, k = slug, 1
        while slug in used:  # the same heading twice in one document
            k += 1
            slug = f"{base}--{k}"
        used.add(slug)
        url = doc_url
        if doc_url and s.path:
            url = (_jci(bwb, heading) if bwb else None) or f"{doc_url}#{slug}"
        raw = {
            "type": "article",
            "id": f"art:{doc_slug}--{slug}",
            "title": heading + (f" (deel {s.part})" if s.part else ""),
            "section": PATH_SEPARATOR.join(s.path) if s.path else title,
            "document": title,
            "body": "\n\n".join(s.paragraphs),
            "source": source,
        }
        for key, value in (("themes", themes), ("audience", audience), ("published", published),
                           ("url", url)):
            if value:
                raw[key] = value
        yield checked(raw, rel, f"section {n}")
