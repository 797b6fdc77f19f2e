"""Records and result lists in the formats other software reads.

* RIS and BibTeX for reference managers (Zotero, EndNote, JabRef), one record at a time;
* schema.org JSON-LD (`jsonld_for`) for search engines, the API and the record pages;
* RSS 2.0 and Atom 1.0 feeds of a search, with the OpenSearch response elements;
* the OpenSearch description that lets browsers and library websites add the search.

Everything here is a pure function of a record (or a SearchResponse) and the site's base URL.
XML is built with lxml, never by pasting strings, so nothing a patron types can break a feed.
"""
from __future__ import annotations

import json
import re
import time

from lxml import etree
from markupsafe import escape
from unidecode import unidecode

from corpus import materials, roles
from corpus import series as series_statement
from search_api.notices import CHANGED_QUESTION, in_lang
from search_api.request import MAX_RESULT_WINDOW, PAGE_SCOPE, SearchRequest
from search_api.response import SearchResponse
from search_api.urls import OPENSEARCH, SEARCH_PAGE, SUGGEST_API, absolute, record_path, search_api_path, search_path

SITE_NAME = "Vindplaats"
SITE_DESCRIPTION = ("Zoek in de collectie van de Nederlandse openbare bibliotheken en in de kennisbank "
                    "van het bibliotheeknetwerk.")
SOURCE_NAMES = {"bnetwerk": "Bibliotheeknetwerk", "rijksoverheid": "Rijksoverheid", "wetten": "Overheid.nl"}

NAME_PARTICLES = frozenset({"van", "de", "der", "den", "het", "ter", "ten", "te", "'t", "op", "in", "von", "zu",
                            "du", "le", "la", "di", "da", "del", "dos", "d'", "vande", "vanden"})


# --- shared ---------------------------------------------------------------------------------

def role_class(role: str | None) -> str:
    """How citations credit a person with this role: one of corpus.roles.CREDITS."""
    return roles.credit(role)


def people(rec: dict) -> dict[str, list[str]]:
    """The names of a record's people by their credit (author, editor, translator, contributor, none)."""
    out: dict[str, list[str]] = {c: [] for c in roles.CREDITS}
    for a in rec.get("authors") or []:
        if a.get("name"):
            out[role_class(a.get("role"))].append(a["name"].strip())
    return out


def inverted(name: str) -> str:
    """'Anton de Bruin' → 'Bruin, Anton de' (the Dutch catalogue form); 'Mulisch, Harry' stays."""
    if "," in name:
        return name
    words = name.split()
    if len(words) < 2 or any(w[:1].islower() and w.lower() not in NAME_PARTICLES for w in words):
        return name  # one word, or not a person's name ("Simon and Garfunkel")
    first = words[:-1]
    particles: list[str] = []
    while first and first[-1].lower() in NAME_PARTICLES and len(first) > 1:
        particles.insert(0, first.pop())
    return f"{words[-1]}, {' '.join(first + particles)}"


def surname(name: str) -> str:
    return name.split(",", 1)[0].strip() if "," in name else (name.split() or [""])[-1]


def full_title(rec: dict, sep: str = ": ") -> str:
    sub = rec.get("subtitle")
    return f"{rec['title']}{sep}{sub}" if sub else rec["title"]


def year_of(rec: dict) -> str | None:
    if rec.get("year"):
        return str(rec["year"])
    published = rec.get("published") or ""
    return published[:4] if re.match(r"\d{4}", published) else None


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


_XML_ILLEGAL = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value) -> str:
    """Text that XML 1.0 can carry (control characters from old records or a URL dropped)."""
    return _XML_ILLEGAL.sub("", str(value))


def filename(rec: dict, extension: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", unidecode(str(rec["id"]))).strip("-.") or "record"
    return f"{stem[:80]}.{extension}"


# --- RIS ---------------------------------------------------------------------------------------

def ris(rec: dict, base_url: str = "") -> str:
    """One RIS record (tags per the RIS specification, CRLF line ends, UTF-8)."""
    lines: list[tuple[str, str]] = []

    def add(tag: str, value) -> None:
        if value not in (None, "", []):
            lines.append((tag, _one_line(value)))

    page = absolute(base_url, record_path(rec))
    if rec.get("type") == "article":
        add("TY", "ELEC")
        add("TI", rec["title"])
        add("T2", rec.get("document"))
        add("PB", SOURCE_NAMES.get(rec.get("source") or "", rec.get("source")))
        add("PY", year_of(rec))
        add("DA", (rec.get("published") or "").replace("-", "/"))
        add("LA", "nl")
        for theme in rec.get("themes") or []:
            add("KW", theme)
        add("AB", (rec.get("body") or "")[:1000])
        add("UR", rec.get("url"))
    else:
        add("TY", materials.material(rec.get("material")).ris)
        who = people(rec)
        for name in who["author"] + who["contributor"]:
            add("AU", inverted(name))
        for name in who["editor"]:
            add("A2", inverted(name))
        for name in who["translator"]:
            add("A4", inverted(name))
        add("TI", full_title(rec))
        series = series_statement.split(rec.get("series"))
        if series:  # the name alone, so that a reference manager files every volume under one series
            add("T3", series.name)
            add("M1", series.numbering)  # RIS "Number"; Zotero reads a book's M1 as its number in the series
        add("PY", rec.get("year"))
        add("PB", rec.get("publisher"))
        add("ET", rec.get("edition"))
        add("SN", "; ".join(rec.get("isbn") or []))
        add("LA", "; ".join(rec.get("language") or []))
        for subject in (rec.get("subjects") or []) + (rec.get("genre") or []):
            add("KW", subject)
        add("AB", rec.get("description"))
        add("M3", rec.get("material"))
        add("UR", rec.get("online_url"))
    add("UR", page)
    add("ID", rec["id"])
    add("DB", SITE_NAME)
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


# --- BibTeX ------------------------------------------------------------------------------------

BIBTEX_LANGUAGES = {"nl": "dutch", "en": "english", "de": "german", "fr": "french", "es": "spanish",
                    "it": "italian", "pt": "portuguese", "fy": "frisian", "tr": "turkish", "ar": "arabic",
                    "pl": "polish", "da": "danish", "sv": "swedish", "no": "norwegian", "ru": "russian"}
_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def bibtex_escape(text) -> str:
    """LaTeX special characters escaped; letters stay UTF-8 (biber and bibtex8 read them)."""
    return "".join(_BIBTEX_SPECIALS.get(ch, ch) for ch in _one_line(text))


def bibtex_key(rec: dict) -> str:
    who = people(rec)
    names = who["author"] or who["editor"] or who["contributor"]
    base = surname(names[0]) if names else (rec.get("title") or "").split(" ")[0]
    if not names:  # the first word of the title that is not an article ("De", "The")
        words = [w for w in (rec.get("title") or "").split() if w.lower() not in {"de", "het", "een", "the", "a", "an"}]
        base = words[0] if words else "record"
    key = re.sub(r"[^a-z0-9]", "", unidecode(base).lower()) or "record"
    return key + (year_of(rec) or "")


def _bib_names(names: list[str]) -> str:
    # A name that holds " and " is braced so that BibTeX does not read two people.
    return " and ".join("{" + bibtex_escape(n) + "}" if re.search(r"\sand\s", n, re.I) else bibtex_escape(n)
                        for n in names)


def bibtex(rec: dict, base_url: str = "") -> str:
    """One BibTeX entry (UTF-8); the title in double braces keeps its capitals."""
    fields: list[tuple[str, str]] = []

    def add(name: str, value, raw: bool = False) -> None:
        if value not in (None, "", []):
            fields.append((name, value if raw else bibtex_escape(value)))

    page = absolute(base_url, record_path(rec))
    if rec.get("type") == "article":
        kind = "misc"
        add("title", "{" + bibtex_escape(rec["title"]) + "}", raw=True)
        add("organization", SOURCE_NAMES.get(rec.get("source") or "", rec.get("source")))
        add("year", year_of(rec))
        add("date", rec.get("published"))
        add("howpublished", rec.get("document"))
        add("keywords", ", ".join(rec.get("themes") or []))
        add("language", "dutch")
        add("url", rec.get("url") or page)
    else:
        kind = materials.material(rec.get("material")).bibtex
        who = people(rec)
        add("author", _bib_names(who["author"] + who["contributor"]), raw=True)
        add("editor", _bib_names(who["editor"]), raw=True)
        add("translator", _bib_names(who["translator"]), raw=True)
        add("title", "{" + bibtex_escape(full_title(rec)) + "}", raw=True)
        series = series_statement.split(rec.get("series"))
        if series:  # BibTeX's number is the volume's number within its series
            add("series", series.name)
            add("number", series.numbering)
        add("edition", rec.get("edition"))
        add("publisher", rec.get("publisher"))
        add("year", rec.get("year"))
        add("isbn", ", ".join(rec.get("isbn") or []))
        add("language", ", ".join(BIBTEX_LANGUAGES.get(c, c) for c in rec.get("language") or []))
        add("keywords", ", ".join((rec.get("subjects") or []) + (rec.get("genre") or [])))
        add("abstract", rec.get("description"))
        if kind != "book":
            add("howpublished", (rec.get("material") or "").capitalize())
        elif rec.get("material") == "e-book":
            add("note", "E-book")
        add("url", rec.get("online_url") or page)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{bibtex_key(rec)},\n{body}\n}}\n"


# --- schema.org JSON-LD ----------------------------------------------------------------------

SCHEMA = "https://schema.org/"

def _person(name: str) -> dict:
    return {"@type": "Person", "name": name}


def jsonld_for(rec: dict, editions: list[dict] | None = None, base_url: str = "") -> dict:
    """schema.org JSON-LD for a catalogue record (Book, Movie, ...) or a knowledge article.

    `editions` (from SearchService.editions) become workExample, the record itself left out;
    each holding becomes an Offer by its library, InStock when a copy is on the shelf. Print
    books carry no bookFormat: the catalogue does not record hardcover or paperback.
    """
    page = absolute(base_url, record_path(rec))
    if rec.get("type") == "article":
        return _article_jsonld(rec, page, base_url)
    mat = materials.material(rec.get("material"))
    doc: dict = {"@context": "https://schema.org", "@type": mat.schema_type, "@id": page, "url": page,
                 "name": rec["title"]}
    doc.update(_present(alternativeHeadline=rec.get("subtitle")))
    doc.update(_jsonld_people(rec, mat))
    doc.update(_present(bookFormat=SCHEMA + mat.book_format if mat.book_format else None))
    doc.update(_jsonld_identifiers(rec, mat.schema_type == "Book"))
    doc.update(_jsonld_description(rec, mat.schema_type == "Book"))
    doc.update(_present(
        workExample=[_edition_jsonld(e, base_url) for e in editions or [] if e.get("id") != rec["id"]],
        offers=[_offer(h) for h in rec.get("holdings") or [] if h.get("library")]))
    return doc


def _present(**values) -> dict:
    """The properties that have a value (JSON-LD leaves the others out)."""
    return {k: v for k, v in values.items() if v not in (None, "", [])}


def _one_or_list(values: list):
    return values[0] if len(values) == 1 else values


def _jsonld_people(rec: dict, mat: materials.Material) -> dict:
    """The makers by the material's property (author, director, byArtist, composer), editors and
    translators; a Book has a property for illustrators; other contributors, and the people a
    citation leaves out (who wrote the introduction, designed the cover), are its contributors."""
    who = people(rec)
    book = mat.schema_type == "Book"
    illustrators = [a["name"] for a in rec.get("authors") or []
                    if a.get("role") in roles.BY_LABEL and roles.BY_LABEL[a["role"]].schema == "illustrator"]
    others = [n for n in who["contributor"] + who["none"] if n not in illustrators or not book]
    return _present(**{mat.schema_maker: [_person(n) for n in who["author"]],
                       "editor": [_person(n) for n in who["editor"]],
                       "translator": [_person(n) for n in who["translator"]],
                       "illustrator": [_person(n) for n in illustrators] if book else None,
                       "contributor": [_person(n) for n in others]})


def _jsonld_identifiers(rec: dict, book: bool) -> dict:
    isbns = rec.get("isbn") or []
    identifiers = [{"@type": "PropertyValue", "propertyID": "ISBN", "value": i} for i in isbns]
    if rec.get("ppn"):
        identifiers.append({"@type": "PropertyValue", "propertyID": "PPN", "value": rec["ppn"]})
    return _present(isbn=_one_or_list(isbns) if book else None, identifier=identifiers)


def _jsonld_description(rec: dict, book: bool) -> dict:
    """Language, date, publisher, edition, subjects, genre, summary, series, audience, the online copy."""
    return _present(
        inLanguage=_one_or_list(rec.get("language") or []),
        datePublished=str(rec["year"]) if rec.get("year") else None,
        publisher={"@type": "Organization", "name": rec["publisher"]} if rec.get("publisher") else None,
        bookEdition=rec.get("edition") if book else None,
        about=[{"@type": "Thing", "name": s} for s in rec.get("subjects") or []],
        genre=rec.get("genre"),
        description=rec.get("description"),
        isPartOf={"@type": "CreativeWorkSeries", "name": rec["series"]} if rec.get("series") else None,
        audience={"@type": "PeopleAudience", "audienceType": rec["audience"]} if rec.get("audience") else None,
        sameAs=rec.get("online_url"))


def _edition_jsonld(e: dict, base_url: str) -> dict:
    mat = materials.material(e.get("material"))
    kind, book_format = mat.schema_type, mat.book_format
    page = absolute(base_url, record_path(e))
    out: dict = {"@type": kind, "@id": page, "url": page, "name": e.get("title")}
    if e.get("year"):
        out["datePublished"] = str(e["year"])
    if book_format:
        out["bookFormat"] = SCHEMA + book_format
    if e.get("isbn") and kind == "Book":
        out["isbn"] = e["isbn"][0]
    if e.get("edition") and kind == "Book":
        out["bookEdition"] = e["edition"]
    if e.get("language"):
        out["inLanguage"] = e["language"][0]
    return out


def _offer(h: dict) -> dict:
    offer: dict = {
        "@type": "Offer",
        "businessFunction": "http://purl.org/goodrelations/v1#LeaseOut",
        "availability": SCHEMA + ("InStock" if h.get("available") else "OutOfStock"),
        "offeredBy": {"@type": "Library", "name": h.get("library_name") or h["library"],
                      "identifier": h["library"]},
    }
    if h.get("branch"):
        offer["availableAtOrFrom"] = {"@type": "Library", "name": h["branch"]}
    return offer


def _article_jsonld(rec: dict, page: str, base_url: str) -> dict:
    doc: dict = {"@context": "https://schema.org", "@type": "Article", "@id": page, "url": page,
                 "headline": rec["title"][:110], "name": rec["title"], "inLanguage": "nl"}
    if rec.get("published"):
        doc["datePublished"] = rec["published"]
    if rec.get("themes"):
        doc["about"] = [{"@type": "Thing", "name": t} for t in rec["themes"]]
        doc["keywords"] = ", ".join(rec["themes"])
    if rec.get("audience"):
        doc["audience"] = [{"@type": "Audience", "audienceType": a} for a in rec["audience"]]
    if rec.get("body"):
        doc["description"] = _one_line(rec["body"])[:300]
    publisher = SOURCE_NAMES.get(rec.get("source") or "", rec.get("source"))
    if publisher:
        doc["publisher"] = {"@type": "Organization", "name": publisher}
    if rec.get("url"):
        doc["sameAs"] = rec["url"]
    if rec.get("document"):
        part_of: dict = {"@type": "CreativeWork", "name": rec["document"]}
        if rec.get("url"):
            part_of["url"] = rec["url"].split("#", 1)[0]
        doc["isPartOf"] = part_of
    return doc


def jsonld_text(doc: dict) -> str:
    """JSON-LD ready to embed in a <script type="application/ld+json"> (no "</script>" can end it)."""
    return json.dumps(doc, ensure_ascii=False, indent=2).replace("</", "<\\/")


# --- feeds -----------------------------------------------------------------------------------

ATOM_NS = "http://www.w3.org/2005/Atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
DC_NS = "http://purl.org/dc/elements/1.1/"


def _sub(parent, tag: str, text=None, **attrs):
    el = etree.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def _feed_title(req: SearchRequest) -> str:
    return f"{SITE_NAME}: {req.q}" if req.q else f"{SITE_NAME}: zoekresultaten"


def _feed_description(res: SearchResponse, req: SearchRequest, default: str) -> str:
    """What was searched: the words asked for, and, when the zero-result chain changed the
    question (a spelling correction, words that look alike, fewer words or filters), the notice
    that says what the items were found with instead, in the request's language."""
    if not req.q:
        return default
    said = [in_lang(n, req.lang) for n in res.notices if getattr(n, "key", None) in CHANGED_QUESTION]
    return " ".join([f"Zoekresultaten voor '{req.q}' in Vindplaats.", *said])


def _hit_summary(hit) -> str:
    """HTML for a feed item: who, when, what, then the snippet (already escaped, with <mark>)."""
    rec = hit.record
    if hit.type == "article":
        facts = [rec.get("document"), rec.get("published")]
    else:
        facts = [", ".join(a["name"] for a in rec.get("authors") or [] if a.get("name")),
                 rec.get("year"), rec.get("material")]
    line = " · ".join(str(escape(f)) for f in facts if f)
    return (f"<p>{line}</p>" if line else "") + (f"<p>{hit.snippet}</p>" if hit.snippet else "")


def _opensearch_elements(parent, res: SearchResponse, req: SearchRequest) -> None:
    _sub(parent, f"{{{OPENSEARCH_NS}}}totalResults", res.total)
    _sub(parent, f"{{{OPENSEARCH_NS}}}startIndex", req.offset + 1)
    _sub(parent, f"{{{OPENSEARCH_NS}}}itemsPerPage", req.size)
    _sub(parent, f"{{{OPENSEARCH_NS}}}Query", role="request", searchTerms=req.q, startPage=req.page)


def _last_page(res: SearchResponse, req: SearchRequest) -> int:
    return max(1, -(-min(res.total, MAX_RESULT_WINDOW) // req.size))


def _feed_urls(res: SearchResponse, req: SearchRequest, base_url: str, fmt: str) -> dict[str, str]:
    def api(**over) -> str:
        return absolute(base_url, search_api_path(req.params(**over) + [("format", fmt)]))

    last = _last_page(res, req)
    # The page's own default scope is the catalogue: its link names the scope the feed searched.
    return {"self": api(), "html": absolute(base_url, search_path(req.params(default_scope=PAGE_SCOPE))),
            "search": absolute(base_url, OPENSEARCH), "first": api(page=1),
            "next": api(page=req.page + 1), "previous": api(page=max(1, req.page - 1)), "last": api(page=last)}


def rss(res: SearchResponse, req: SearchRequest, base_url: str) -> bytes:
    """RSS 2.0 with OpenSearch response elements; items link to the record pages."""
    urls = _feed_urls(res, req, base_url, "rss")
    root = etree.Element("rss", {"version": "2.0"},
                         nsmap={"atom": ATOM_NS, "opensearch": OPENSEARCH_NS, "dc": DC_NS})
    channel = _sub(root, "channel")
    _sub(channel, "title", _feed_title(req))
    _sub(channel, "link", urls["html"])
    _sub(channel, "description", _feed_description(res, req, SITE_DESCRIPTION))
    _sub(channel, "language", "nl")
    _sub(channel, "generator", SITE_NAME)
    _sub(channel, f"{{{ATOM_NS}}}link", rel="self", type="application/rss+xml", href=urls["self"])
    _sub(channel, f"{{{ATOM_NS}}}link", rel="search", type="application/opensearchdescription+xml",
         href=urls["search"], title=SITE_NAME)
    if req.page < _last_page(res, req):
        _sub(channel, f"{{{ATOM_NS}}}link", rel="next", type="application/rss+xml", href=urls["next"])
    _opensearch_elements(channel, res, req)
    for hit in res.hits:
        rec = hit.record
        link = absolute(base_url, record_path(rec))
        item = _sub(channel, "item")
        _sub(item, "title", full_title(rec, " : ") if hit.type == "catalogue" else rec["title"])
        _sub(item, "link", link)
        _sub(item, "guid", link, isPermaLink="true")
        _sub(item, "description", _hit_summary(hit))
        who = people(rec)
        for name in who["author"]:
            _sub(item, f"{{{DC_NS}}}creator", name)
        for name in who["editor"] + who["translator"] + who["contributor"] + who["none"]:
            _sub(item, f"{{{DC_NS}}}contributor", name)
        if year_of(rec):
            _sub(item, f"{{{DC_NS}}}date", rec.get("published") or year_of(rec))
        if rec.get("published"):
            _sub(item, "pubDate", _rfc822(rec["published"]))
        if rec.get("material"):
            _sub(item, "category", rec["material"])
        for theme in rec.get("themes") or []:
            _sub(item, "category", theme)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def atom(res: SearchResponse, req: SearchRequest, base_url: str, updated: str | None = None) -> bytes:
    """Atom 1.0 with OpenSearch response elements and first/previous/next links."""
    urls = _feed_urls(res, req, base_url, "atom")
    feed_updated = updated or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    root = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS, "opensearch": OPENSEARCH_NS})
    a = f"{{{ATOM_NS}}}"
    _sub(root, a + "title", _feed_title(req))
    _sub(root, a + "subtitle", _feed_description(res, req, SITE_DESCRIPTION))
    _sub(root, a + "id", urls["self"])
    _sub(root, a + "updated", feed_updated)
    author = _sub(root, a + "author")
    _sub(author, a + "name", SITE_NAME)
    _sub(root, a + "generator", SITE_NAME)
    _sub(root, a + "link", rel="self", type="application/atom+xml", href=urls["self"])
    _sub(root, a + "link", rel="alternate", type="text/html", href=urls["html"])
    _sub(root, a + "link", rel="search", type="application/opensearchdescription+xml", href=urls["search"],
         title=SITE_NAME)
    _sub(root, a + "link", rel="first", type="application/atom+xml", href=urls["first"])
    if req.page > 1:
        _sub(root, a + "link", rel="previous", type="application/atom+xml", href=urls["previous"])
    if req.page < _last_page(res, req):
        _sub(root, a + "link", rel="next", type="application/atom+xml", href=urls["next"])
    _sub(root, a + "link", rel="last", type="application/atom+xml", href=urls["last"])
    _opensearch_elements(root, res, req)
    for hit in res.hits:
        rec = hit.record
        link = absolute(base_url, record_path(rec))
        entry = _sub(root, a + "entry")
        _sub(entry, a + "title", full_title(rec, " : ") if hit.type == "catalogue" else rec["title"])
        _sub(entry, a + "id", link)
        _sub(entry, a + "updated", _atom_date(rec) or feed_updated)
        if rec.get("published"):
            _sub(entry, a + "published", _atom_date(rec))
        _sub(entry, a + "link", rel="alternate", type="text/html", href=link)
        who = people(rec)
        for name in who["author"]:
            _sub(_sub(entry, a + "author"), a + "name", name)
        for name in who["editor"] + who["translator"] + who["contributor"] + who["none"]:
            _sub(_sub(entry, a + "contributor"), a + "name", name)
        _sub(entry, a + "summary", _hit_summary(hit), type="html")
        if rec.get("material"):
            _sub(entry, a + "category", term=rec["material"])
        for theme in rec.get("themes") or []:
            _sub(entry, a + "category", term=theme)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _atom_date(rec: dict) -> str | None:
    published = rec.get("published") or ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        return f"{published}T00:00:00Z"
    if rec.get("year"):
        return f"{int(rec['year']):04d}-01-01T00:00:00Z"
    return None


def _rfc822(day: str) -> str:
    try:
        t = time.strptime(day[:10], "%Y-%m-%d")
    except ValueError:
        return day
    return time.strftime("%a, %d %b %Y 00:00:00 +0000", t)


# --- OpenSearch description ----------------------------------------------------------------------

def opensearch_description(base_url: str) -> bytes:
    """The OpenSearch 1.1 description: where to search, in HTML, JSON, RSS and Atom, and suggest."""
    root = etree.Element(f"{{{OPENSEARCH_NS}}}OpenSearchDescription", nsmap={None: OPENSEARCH_NS})
    o = f"{{{OPENSEARCH_NS}}}"
    _sub(root, o + "ShortName", SITE_NAME)
    _sub(root, o + "Description", SITE_DESCRIPTION)
    _sub(root, o + "Tags", "bibliotheek catalogus boeken collectie kennisbank")
    templates = [
        ("text/html", f"{SEARCH_PAGE}?q={{searchTerms}}&page={{startPage?}}"),
        ("application/json", search_api_path("q={searchTerms}&page={startPage?}&size={count?}")),
        ("application/rss+xml", search_api_path("q={searchTerms}&page={startPage?}&size={count?}&format=rss")),
        ("application/atom+xml", search_api_path("q={searchTerms}&page={startPage?}&size={count?}&format=atom")),
        ("application/x-suggestions+json", f"{SUGGEST_API}/opensearch?q={{searchTerms}}"),
    ]
    for mime, path in templates:
        _sub(root, o + "Url", type=mime, method="get", template=absolute(base_url, path))
    _sub(root, o + "Url", type="application/opensearchdescription+xml", rel="self",
         template=absolute(base_url, OPENSEARCH))
    _sub(root, o + "Query", role="example", searchTerms="ontdekking van de hemel")
    _sub(root, o + "Developer", SITE_NAME)
    _sub(root, o + "SyndicationRight", "open")
    _sub(root, o + "AdultContent", "false")
    _sub(root, o + "Language", "nl")
    _sub(root, o + "InputEncoding", "UTF-8")
    _sub(root, o + "OutputEncoding", "UTF-8")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


__all__ = [
    "atom",
    "bibtex",
    "bibtex_key",
    "filename",
    "inverted",
    "jsonld_for",
    "jsonld_text",
    "opensearch_description",
    "people",
    "record_path",
    "ris",
    "role_class",
    "rss",
    "xml_text",
]
