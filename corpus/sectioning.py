"""Splitting knowledge documents into sections: what a knowledge-base search finds.

Two halves. `consolidate` is shared by every format: it drops empty sections, folds very short
ones into their neighbour and cuts very long ones at paragraph boundaries. `parse_plain_text`
turns plain text, typically extracted from a PDF, into sections: it drops page-break debris
(page numbers, running headers and footers, URL and contact lines, tables of contents),
recognises headings (CAPITALISED, numbered "2.1 Collectie", labelled "Bijlage 1", or a short
stand-alone line) and rejoins lines broken mid-sentence or mid-word into paragraphs.
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

PATH_SEPARATOR = " › "
MIN_WORDS = 40
MAX_WORDS = 1200


@dataclass
class Section:
    """A heading path (outermost first; empty before the first heading) and its paragraphs."""

    path: tuple[str, ...]
    paragraphs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # footnotes, appended after the text
    part: int = 0  # 2, 3, … when a long section was cut into parts

    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


# --- shared: slugs, casing -----------------------------------------------------------------

def slugify(text: str, max_len: int = 48) -> str:
    """ASCII, lower case, hyphens; cut at a hyphen and marked with a short hash when too long."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) <= max_len:
        return slug
    digest = hashlib.sha1(slug.encode()).hexdigest()[:6]
    head = slug[: max_len - 7].rsplit("-", 1)[0] if "-" in slug[: max_len - 7] else slug[: max_len - 7]
    return f"{head}-{digest}"


_WORD = re.compile(r"[^\W\d_][\w'’]*", re.UNICODE)


def word_forms(paragraphs: list[str]) -> dict[str, str]:
    """How the text itself writes each word in mid-sentence ("Wsob", "KB", "leenverkeer").

    Used to give CAPITALISED headings and file names their proper casing: sentence-initial
    words are skipped because their capital says nothing about the word.
    """
    counts: dict[str, Counter] = {}
    for para in paragraphs:
        for sentence in re.split(r"(?<=[.!?:;])\s+|^\W*", para):
            for i, m in enumerate(_WORD.finditer(sentence)):
                if i == 0:
                    continue
                w = m.group()
                counts.setdefault(w.lower(), Counter())[w] += 1
    forms = {}
    for key, c in counts.items():
        form, n = c.most_common(1)[0]
        forms[key] = form if n > 2 * c.get(key, 0) else key
    return forms


# short Dutch words that are never acronyms, for headings whose text does not use them mid-sentence
_FUNCTION_WORDS = frozenset((
    "de het een en of van in op te tot aan bij met om uit voor door over naar ter der den als die "
    "dat dit deze zijn is ik je jij u we wij ze zij hij mij me ons hun wat wie hoe waar wel niet "
    "geen ook nog al dan zo er nu heb hebt ben bent kan kun mag wil gaat doe doen mee per pas tip"
).split())


def sentence_case(text: str, forms: dict[str, str]) -> str:
    """'INTERBIBLIOTHECAIR LEENVERKEER' -> 'Interbibliothecair leenverkeer', keeping 'Wsob', 'KB'."""
    first = True

    def fix(m: re.Match) -> str:
        nonlocal first
        w, at_start, first = m.group(), first, False
        known = forms.get(w.lower()) or (w.lower() if w.lower() in _FUNCTION_WORDS else None)
        if known and not known.islower():
            return known
        if known is None and len(w) <= 3 and w.isupper() and not at_start:
            return w  # an unknown short capitalised word is an acronym (OB, ICT)
        return w.lower()

    out = _WORD.sub(fix, text)
    # a capital to start with, and after the end of a sentence: "Ik ben mijn pas kwijt. Wat nu?"
    return re.sub(r"(^|[.!?]\s+)([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), out)


def readable_name(stem: str, forms: dict[str, str]) -> str:
    """A file name made readable: 'informatieplan-dni-2025-2028' -> 'Informatieplan DNI 2025-2028'."""
    text = re.sub(r"(?<=\d)[-_](?=\d)", "\x00", stem)
    text = re.sub(r"[-_]+", " ", text).replace("\x00", "-")
    return sentence_case(" ".join(text.split()), forms) if text.strip() else stem


# --- shared: folding short sections, cutting long ones -------------------------------------

def consolidate(sections: list[Section], min_words: int = MIN_WORDS,
                max_words: int = MAX_WORDS) -> list[Section]:
    """Sections as records should be: footnotes at the end, no empty ones, those under
    `min_words` folded into the next section (into the previous one when the next belongs to
    another chapter, or when they come last), those over `max_words` cut into parts."""
    merged: list[Section] = []
    for s in sections:
        paras = s.paragraphs + s.notes
        if not any(p.split() for p in paras):
            continue
        if merged and s.path and s.path == merged[-1].path:
            merged[-1].paragraphs.extend(paras)  # the same heading twice in a row
        else:
            merged.append(Section(s.path, list(paras)))

    def size(s: Section) -> int:
        return s.words() + (len(s.path[-1].split()) if s.path else 0)

    def folded(s: Section, into: tuple[str, ...]) -> list[str]:
        # a folded section keeps its heading as text, unless the receiver lies under it
        keep = s.path and into[: len(s.path)] != s.path
        return ([s.path[-1]] if keep else []) + s.paragraphs

    out: list[Section] = []
    pending: list[Section] = []
    for i, s in enumerate(merged):
        last = i == len(merged) - 1
        if size(s) < min_words and not last:
            pending.append(s)
            continue
        if size(s) < min_words and out:  # a short last section closes the one before
            for p in pending + [s]:
                out[-1].paragraphs.extend(folded(p, out[-1].path))
            pending = []
            continue
        # those that share a parent with `s` (or are its ancestors) go with it; the rest go back
        k = len(pending)
        while k > 0 and s.path[: len(pending[k - 1].path) - 1] == pending[k - 1].path[:-1]:
            k -= 1
        if not out:
            k = 0
        for p in pending[:k]:
            out[-1].paragraphs.extend(folded(p, out[-1].path))
        out.append(Section(s.path, [x for p in pending[k:] for x in folded(p, s.path)] + s.paragraphs))
        pending = []
    return [part for s in out for part in _cut(s, max_words)]


def _cut(section: Section, max_words: int) -> list[Section]:
    total = section.words()
    if total <= max_words:
        return [section]
    pieces: list[str] = []
    for para in section.paragraphs:  # a paragraph longer than a part is cut at sentences
        n = len(para.split())
        if n <= max_words:
            pieces.append(para)
            continue
        chunk: list[str] = []
        for sentence in re.split(r"(?<=[.!?])\s+", para):
            if chunk and len(" ".join(chunk + [sentence]).split()) > max_words:
                pieces.append(" ".join(chunk))
                chunk = []
            chunk.append(sentence)
        if chunk:
            pieces.append(" ".join(chunk))
    n_parts = math.ceil(total / max_words)
    target = total / n_parts
    parts: list[list[str]] = [[]]
    count = 0
    for piece in pieces:
        n = len(piece.split())
        if parts[-1] and (count + n > max_words or count >= target):
            parts.append([])
            count = 0
        parts[-1].append(piece)
        count += n
    return [Section(section.path, p, part=(k + 1 if k else 0)) for k, p in enumerate(parts)]


# --- plain text ------------------------------------------------------------------------------

_BULLET = re.compile(r"^(?:[•·▪◦●○■□✓✔➢➤►›»\uf000-\uf8ff]|[-–—*>+](?=\s))\s*(?:>\s*)?")
_SUPERSCRIPT = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_URL = re.compile(r"(?i)\b(?:https?://|www\.|mailto:)\S+|<https?://[^>]*>")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOMAIN = re.compile(r"(?i)\b[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|net|eu|be|info|io)\b(?:/\S*)?")
_PHONE = re.compile(r"(?i)^(?:(?:tel(?:efoon)?|t|phone)\.?:?\s*)?\+?\d[\d\s()./–-]{7,}\d$")
_PAGE = re.compile(
    r"(?i)^(?:[-–—]?\s*\d{1,3}\s*[-–—]?|\d{1,3}\.|(?:pagina|page|blz\.?|p\.)\s*\d{1,4}"
    r"(?:\s*(?:van|of|/)\s*\d{1,4})?|\d{1,4}\s*(?:/|van)\s*\d{1,4})$")
_LEADERS = re.compile(r"(?:\.{3,}|…{2,}|(?:\s\.){3,})\s*\d{1,3}$")
_CAPTION = re.compile(r"(?i)^(?:figuur|figure|afbeelding|illustratie)\s*\d+\b")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
_LABEL = re.compile(
    r"^(Hoofdstuk|Bijlage|Bijlagen|Deel|Paragraaf|Chapter|Appendix|Annex)"
    r"(?:\s+([0-9]{1,2}[a-z]?|[IVXLC]{1,5}|[A-Z])\b)?\s*[.:–-]?\s*(.*)$")
_NOT_A_HEADING = re.compile(r"(?i)^(?:bron|zie|noot|tabel|table|foto|source|note)\b|^[\"“‘'(*]")
_STOPWORDS = frozenset((  # a line ending in one of these goes on on the next line
    "van de het een en of in op te voor met aan bij naar tot over uit door om ter der den & - –"
).split())
_TOC_HEADINGS = frozenset(("inhoud", "inhoudsopgave", "contents", "tableofcontents"))
_TABLE_CELL = frozenset("ja nee x ✓ - – … ... n.v.t. nvt ok".split())
_TERMINAL = tuple(".!?:;…”\"'’")
_CLAUSE_END = tuple(".,;:!")  # a heading never ends with these


@dataclass
class _Line:
    text: str          # cleaned text
    kind: str          # text | bullet | note
    blank_before: bool
    index: int         # position in the raw lines


@dataclass
class _Heading:
    prefix: str        # "2.1 ", "Bijlage 1. ", or ""
    caption: str
    caps: bool         # written in capitals: shown in sentence case
    rank: float        # 1 capitals or "Bijlage 1", 1.5 a capitalised subtitle, 2-4 numbered by
                       # depth ("1.", "1.1", "1.1.1"), 5 a plain line, 6 a plain line printed repeatedly
    consumed: int      # content lines it was printed on

    @property
    def key(self) -> str:
        return _key(" ".join(w for w in self.caption.split() if w.lower() not in _STOPWORDS))


@dataclass
class PlainText:
    title: str | None      # a title page's heading, when the text opens with one
    sections: list[Section]
    forms: dict[str, str]  # word casing seen in the text


def _clean(line: str) -> str:
    line = re.sub(r"</?(?:i|b|em|strong|u|sup|sub)>", "", line)
    line = line.replace("**", "").replace("\u00ad", "").replace("^", "")
    return " ".join(line.replace("\t", " ").split())


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text.lower()))


def _terminated(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


def _is_toc(raw: str) -> bool:
    """'1.2. Motto<TAB>4<TAB>9. Kwaliteit<TAB>25' or 'Inleiding ........ 3': a table of contents line."""
    if _LEADERS.search(raw.rstrip()):
        return True
    cells = [c.strip() for c in raw.split("\t") if c.strip()]
    numbers = sum(bool(re.fullmatch(r"\d{1,3}", c)) for c in cells)
    return len(cells) >= 2 and numbers >= 1 and numbers >= (len(cells) - 1) / 2 \
        and bool(re.fullmatch(r"\d{1,3}", cells[-1]) or numbers >= 2)


def _is_note(raw: str, text: str) -> bool:
    """Footnotes: '¹ Zie …', '12<TAB>Wsob, artikel 16', or small print with tabs between the words."""
    if text[0] in _SUPERSCRIPT or re.match(r"^\d{1,3}\t", raw):
        return True
    tabs = raw.strip().count("\t")
    return tabs >= 2 and tabs >= raw.strip().count(" ")


def _is_debris(text: str) -> bool:
    """Lines that are never content: page numbers, URL, e-mail and phone lines, captions."""
    if _PAGE.match(text) or _CAPTION.match(text):
        return True
    if _PHONE.match(text) and sum(c.isdigit() for c in text) >= 9:
        return True
    bare = _BULLET.sub("", text)
    bare = re.sub(r"^\d{1,3}\s+", "", bare)  # "1 https://…": a footnote that is only a link
    if not bare:
        return True
    stripped = _EMAIL.sub("", _URL.sub("", bare)).strip(" <>()[]:;,.-–|")
    if not stripped:
        return True
    links = _URL.findall(bare) + _EMAIL.findall(bare) + _DOMAIN.findall(bare)
    return bool(links) and len(bare.split()) <= 6 and len(stripped.split()) <= 4


def _dangling(text: str) -> bool:
    """Ends where the sentence cannot: 'van de', 'Noord-', 'leesbeperking |'."""
    return text.split()[-1].lower() in _STOPWORDS or text.endswith(("-", "|", "&", ",", "/", "("))


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 5 or sum(c.isupper() for c in letters) < 0.9 * len(letters):
        return False
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    # a row of acronyms ("KB SPN VOB") is no heading; "HOE WORD IK LID?" is
    return any(len(w) > 4 for w in words) or sum(w in _FUNCTION_WORDS for w in words) >= 2


def _tableish(text: str) -> bool:
    tokens = text.lower().split()
    cells = sum(t in _TABLE_CELL or bool(re.fullmatch(r"[\d.,%€]+", t)) for t in tokens)
    return len(tokens) >= 2 and cells > len(tokens) / 2


def _headingish(text: str, max_words: int = 12) -> bool:
    words = text.split()
    return (0 < len(words) <= max_words and len(text) <= 110
            and sum(c.isalpha() for c in text) >= 3
            and not text.endswith(_CLAUSE_END)
            and not _URL.search(text) and not _EMAIL.search(text)
            and not any("/" in d for d in _DOMAIN.findall(text))
            and not _NOT_A_HEADING.match(text) and not _tableish(text))


def _running_lines(raw: list[str]) -> set[str]:
    """Short lines repeated on several pages right at page breaks: running headers and footers.

    A page break shows in extracted text as a form feed, a page-number line, three or more
    blank lines, or a line that starts with a single space (a new text block).
    """
    content = [i for i, line in enumerate(raw) if line.strip() or "\f" in line]
    at_break: set[int] = set()
    for n, i in enumerate(content):
        line = raw[i]
        s = line.strip()
        if "\f" in line or _PAGE.match(s):
            if n > 0:
                at_break.add(content[n - 1])
            if n + 1 < len(content):
                at_break.add(content[n + 1])
        if re.match(r"^ \S", line):
            at_break.add(i)
        if n > 0 and i - content[n - 1] > 3:
            at_break.update((content[n - 1], i))
    seen: dict[str, list[int]] = {}
    for i in content:
        s = _clean(raw[i])
        if 3 <= len(s) <= 100 and not _PAGE.match(s):
            seen.setdefault(_page_key(s), []).append(i)
    return {key for key, where in seen.items()
            if len(where) >= 3 and sum(i in at_break for i in where) >= max(3, 0.7 * len(where))}


def _page_key(text: str) -> str:
    """A line with its page number blanked out: 'Jaarverslag 2023 | 7' and '… | 8' compare equal."""
    return re.sub(r"^\d{1,3}(?=\s*[|·•–-]?\s+\D)|(?<=\D)\d{1,3}$|(?i:pagina|page)\s*\d+", "#",
                  text.lower())


def _content_lines(text: str) -> list[_Line]:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f\n").split("\n")
    running = _running_lines(raw)
    out: list[_Line] = []
    blank = True
    skip_url_tail = False
    for i, line in enumerate(raw):
        s = _clean(line)
        if not s:
            blank = True
            continue
        if skip_url_tail and " " not in s and s[:1].islower():
            skip_url_tail = False
            continue  # the rest of a URL broken over two lines
        skip_url_tail = False
        if _is_toc(line) or _is_debris(s):
            skip_url_tail = bool(_URL.search(s) or _DOMAIN.search(s)) and s.endswith(("-", "/"))
            continue
        if _page_key(s) in running:
            continue
        if _is_note(line, s):
            kind = "note"
        elif _BULLET.match(s):
            kind, s = "bullet", _BULLET.sub("", s)
            if not s:
                continue
        else:
            kind = "text"
        out.append(_Line(s, kind, blank, i))
        blank = False
    return out


class _Parser:
    """Walks the content lines once, deciding for each whether it starts a heading."""

    def __init__(self, lines: list[_Line], repeated: frozenset[str] = frozenset()):
        self.lines = [ln for ln in lines if ln.kind != "note"]
        self.repeated = repeated  # plain headings printed more than once: generic subheadings
        lengths = sorted(len(ln.text) for ln in self.lines if len(ln.text) >= 20)
        width = lengths[int(len(lengths) * 0.8)] if lengths else 80
        self.width = min(max(width, 50), 160)
        self.short_limit = max(40, min(100, int(0.75 * self.width)))
        self.flat = " ".join(ln.text for ln in self.lines).lower()
        self.last_number = 0
        self.accepted: set[int] = set()
        self.section_starts: list[int] = [-1]  # raw line index where each section begins
        self.in_bullet = False  # the paragraph being built is a list item

    def short(self, j: int) -> bool:
        """Ends without punctuation and does not fill the line: a label, list item or heading."""
        if j >= len(self.lines):
            return False
        ln = self.lines[j]
        return ln.kind == "text" and not _terminated(ln.text) and len(ln.text) <= self.short_limit

    def starts_lower(self, j: int) -> bool:
        if j >= len(self.lines) or self.lines[j].kind != "text":
            return False
        first = self.lines[j].text.lstrip("‘'\"“(")
        return first[:1].islower()

    def _absorb(self, i: int, text: str) -> tuple[str, int]:
        """Take in the lines a heading was broken over: '4. De vijf speerpunten van de' +
        'Digitale' + 'Netwerkinfrastructuur', '2. Waarom digitalisering' + 'essentieel is voor'."""
        used = 1
        while used <= 3 and i + used < len(self.lines):
            nxt = self.lines[i + used]
            if nxt.kind != "text" or not text.split() or nxt.text.endswith("?") \
                    or nxt.index - self.lines[i + used - 1].index > 2:
                break  # a list item, a question of its own, or text after a gap
            last = text.split()[-1].lower()
            first = nxt.text.split()[0].lower()
            if ((last in _STOPWORDS or text.endswith(("-", "&"))) and len(nxt.text) <= 60) or (nxt.text[:1].islower() and len(nxt.text) <= 40 and not nxt.text.endswith(_CLAUSE_END)):
                pass
            elif len(nxt.text) <= 40 and len(nxt.text.split()) <= 3 \
                    and self.flat.count(f"{last} {first}") >= 2 and not _terminated(nxt.text):
                pass  # the text itself keeps these two words together elsewhere
            else:
                break
            if text.endswith("-") and nxt.text[:1].islower():
                text = text[:-1] + nxt.text
            else:
                text = text + " " + nxt.text
            used += 1
        return text, used

    def heading(self, i: int) -> _Heading | None:
        ln = self.lines[i]
        if ln.kind != "text":
            return None
        text = ln.text
        if _caps(text) and not text.endswith(".") and len(text.split()) <= 12:
            return self._capitals(i)
        m = _LABEL.match(text)
        if m and (m.group(2) or not m.group(3) or text.split()[0].endswith(":")):
            return self._label(i, m)
        m = _NUMBERED.match(text)
        if m:
            return self._numbered(i, m)
        return self._plain(i)

    def _capitals(self, i: int) -> _Heading | None:
        text, used = self.lines[i].text, 1
        while i + used < len(self.lines) and used < 5:
            nxt = self.lines[i + used]
            joined = text.endswith("-") or text.split()[-1].lower() in _STOPWORDS
            if nxt.kind != "text" or not _caps(nxt.text) or (nxt.blank_before and not joined):
                break
            text = text[:-1] + nxt.text if text.endswith("-") else text + " " + nxt.text
            used += 1
        text = re.sub(r"(?<=[^\W\d_])- (?=[^\W\d_])", "", text)  # "NETWERK- SAMENWERKING"
        if not _headingish(text, 14):
            return None
        return _Heading("", text, True, 1, used)

    def _label(self, i: int, m: re.Match) -> _Heading | None:
        label = " ".join(x for x in (m.group(1), m.group(2)) if x)
        caption, used = m.group(3).strip(), 1
        if caption:
            caption, used = self._absorb(i, caption)
        elif i + 1 < len(self.lines) and _headingish(self.lines[i + 1].text) \
                and (self.short(i + 1) or _caps(self.lines[i + 1].text)):
            caption, used = self._absorb(i + 1, self.lines[i + 1].text)
            used += 1
        if caption and not _headingish(caption):
            return None
        prefix = (f"{label}. " if m.group(2) else f"{label}: ") if caption else label
        caption = re.sub(r"(?<=[^\W\d_])- (?=[^\W\d_])", "", caption) if _caps(caption) else caption
        return _Heading(prefix, caption, _caps(caption), 1, used)

    def _numbered(self, i: int, m: re.Match) -> _Heading | None:
        if not m.group(2)[:1].isupper():
            return None
        number = [int(n) for n in m.group(1).split(".")]
        last = self.last_number
        if len(number) == 1:  # chapter numbers go up one at a time; footnote numbers do not fit
            fits = last < number[0] <= last + 2 or (last == 0 and number[0] <= 3)
        else:
            fits = last <= number[0] <= last + 2 or last == 0
        if not fits or number[0] > 30:
            return None
        caption, used = self._absorb(i, m.group(2))
        if not _headingish(caption) or self.starts_lower(i + used):
            return None
        self.last_number = number[0]
        prefix = m.string[: m.start(2)].rstrip() + " "
        return _Heading(prefix, caption, _caps(caption), 1 + len(number), used)

    def _plain(self, i: int) -> _Heading | None:
        text = self.lines[i].text
        limit = 90 if text.endswith("?") else self.short_limit  # a question is a heading's form
        if not text[:1].isupper() or not _headingish(text) or len(text) > limit \
                or re.search(r"[.!?] ", text) or i + 1 >= len(self.lines):
            return None
        prev = self.lines[i - 1] if i > 0 else None
        if not (prev is None or (i - 1) in self.accepted or _terminated(prev.text)
                or ((prev.kind == "bullet" or self.in_bullet) and not _dangling(prev.text))):
            return None  # the tail of a sentence, not a line of its own
        text, used = self._absorb(i, text)
        if text.split()[-1].lower() in _STOPWORDS or text.endswith(("-", "&")) or not _headingish(text):
            return None
        if self.starts_lower(i + used):
            return None
        after_colon = prev is not None and prev.text.endswith(":")
        question = text.endswith("?")  # "Wat is een ILS?" heads a list as often as a paragraph
        if not question and self.short(i + used) and (after_colon or self.short(i + used + 1)):
            return None  # a list of short items, a table or a block of names
        rank = 6 if _key(text) in self.repeated else 5
        return _Heading("", text, False, rank, used)

    def parse(self) -> tuple[list[Section], list[tuple[_Heading, ...]]]:
        """Sections (paths left empty) and, for each, the headings it sits under."""
        sections = [Section(())]
        stacks: list[tuple[_Heading, ...]] = [()]
        stack: list[_Heading] = []
        para: list[str] = []
        para_last: _Line | None = None

        def flush():
            nonlocal para, para_last
            if para:
                sections[-1].paragraphs.append(" ".join(para))
            para, para_last = [], None

        i = 0
        while i < len(self.lines):
            self.in_bullet = bool(para) and para[0].startswith("• ")
            h = self.heading(i)
            if h is not None:
                repeats_chapter = any(h.key == s.key for s in stack if s.rank <= 1.5)
                if h.key in _TOC_HEADINGS or (h.key and repeats_chapter):
                    i += h.consumed  # a table of contents, or a running header with the chapter title
                    continue
                flush()
                if h.rank == 1 and stack and stack[-1].rank == 1 and not sections[-1].paragraphs:
                    h.rank = 1.5  # a capitalised subtitle right under a capitalised title
                while stack and stack[-1].rank >= h.rank:
                    stack.pop()
                stack.append(h)
                self.accepted.update(range(i, i + h.consumed))
                self.section_starts.append(self.lines[i].index)
                sections.append(Section(()))
                stacks.append(tuple(stack))
                i += h.consumed
                continue
            ln = self.lines[i]
            if ln.kind == "bullet":
                flush()
                para, para_last = ["• " + ln.text], ln
            elif para_last is not None and self._continues(para_last, ln):
                prev = para[-1]
                first, _, rest = ln.text.partition(" ")
                if prev.endswith("-") and prev[-2:-1].islower() and first[:1].islower() \
                        and first not in ("en", "of", "tot"):  # but "Noord- en Zuid-Holland"
                    para[-1] = prev[:-1] + first  # "biblio-" + "theek"
                    if rest:
                        para.append(rest)
                else:
                    para.append(ln.text)
                para_last = ln
            else:
                flush()
                para, para_last = [ln.text], ln
            i += 1
        flush()
        return sections, stacks

    def _continues(self, prev: _Line, ln: _Line) -> bool:
        if ln.text[:1].islower() or ln.text[:1] in ")]%,;":
            return True
        if _dangling(prev.text):
            return True
        if not _terminated(prev.text):
            # a short unpunctuated line followed by a capital: items of a list, not one sentence
            return len(prev.text) >= 0.6 * self.width
        return not ln.blank_before and len(prev.text) >= 0.75 * self.width


def parse_plain_text(text: str, name: str = "") -> PlainText:
    """Sections of a plain text; `name` (the file name) helps recognise a title line at the top."""
    lines = _content_lines(text)
    _, first_pass = _Parser(lines).parse()  # to learn which plain headings recur
    plain = Counter(_key(st[-1].caption) for st in first_pass if st and st[-1].rank == 5)
    parser = _Parser(lines, frozenset(k for k, n in plain.items() if n > 1))
    sections, stacks = parser.parse()
    _place_notes([ln for ln in lines if ln.kind == "note"], parser.section_starts, sections)
    forms = word_forms([p for s in sections for p in s.paragraphs])
    title = None
    if len(sections) > 1 and stacks[1][0].rank == 1 and 0 in parser.accepted \
            and not sections[0].words() and sections[1].words() < MIN_WORDS \
            and not any(_terminated(p) for p in sections[1].paragraphs):
        # a title page: the opening capitalised heading with only a subtitle or logos under it
        cover = stacks[1][0]
        title = sentence_case(cover.caption, forms)
        sections[1].paragraphs = []
        stacks = [tuple(h for h in st if h is not cover) for st in stacks]
    elif len(sections) > 1 and 0 in parser.accepted and not sections[0].words() and (
            _names_alike(stacks[1][0].caption, name)
            or (stacks[1][0].rank >= 5 and all(st[-1].rank < 5 for st in stacks[2:]) and len(stacks) > 2)):
        # the first line repeats the file name, or stands above the capitalised headings that
        # follow rather than among them: it is the title, its text the introduction
        top = stacks[1][0]
        title = sentence_case(top.caption, forms) if top.caps else top.caption
        stacks = [tuple(h for h in st if h is not top) for st in stacks]
    for s, st in zip(sections, stacks):
        s.path = tuple(h.prefix + (sentence_case(h.caption, forms) if h.caps else h.caption) for h in st)
    return PlainText(title, sections, forms)


def _names_alike(heading: str, name: str) -> bool:
    """'e-books-lenen-stap-voor-stap' and 'E-books en luisterboeken lenen: stap voor stap'."""
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", name.lower()))
    said = set(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", heading.lower())))
    return len(words) >= 2 and sum(w in said for w in words) >= 0.75 * len(words)


def _place_notes(notes: list[_Line], starts: list[int], sections: list[Section]) -> None:
    """Footnotes go to the end of the section they were printed in, so they break no sentence."""
    current: list[str] = []
    owner = 0
    for ln in notes:
        si = max(n for n, start in enumerate(starts) if start < ln.index)
        new_note = ln.text[0] in _SUPERSCRIPT or bool(re.match(r"^\d{1,3}\s", ln.text))
        if current and (new_note or si != owner):
            sections[owner].notes.append(" ".join(current))
            current = []
        owner = si
        current.append(ln.text)
    if current:
        sections[owner].notes.append(" ".join(current))
