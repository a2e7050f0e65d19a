"""Documents (agreements) and events named in a sentence, with the status its verbs support
and the places it names.

A mention is a noun of a known type ("соглашение", "treaty", "саммит") with the words that
say which one: modifiers before it ("рамочное", "совместный") and its complement after it
("о демаркации границы"), up to the end of the clause. A bare plural ("подписанные
соглашения") names no particular document and is not a mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tracker.domain.extraction.language import Word, stem, words

# (modifier stems, noun stem) -> agreement kind; a modifier listed here makes the kind.
DOCUMENT_NOUNS = {
    ("рамочн", "соглашен"): "framework_agreement",
    ("framework", "agreement"): "framework_agreement",
    ("совместн", "заявлен"): "joint_statement", ("joint", "statement"): "joint_statement",
    ("", "соглашен"): "agreement", ("", "agreement"): "agreement", ("", "договор"): "treaty",
    ("", "treati"): "treaty", ("", "меморандум"): "memorandum", ("", "memorandum"): "memorandum",
    ("", "программ"): "programme", ("", "programm"): "programme", ("", "program"): "programme",
    ("", "план"): "plan", ("", "plan"): "plan", ("дорожн", "карт"): "plan",
    ("", "roadmap"): "plan", ("", "декларац"): "declaration", ("", "declar"): "declaration",
    ("", "протокол"): "protocol", ("", "protocol"): "protocol", ("", "контракт"): "contract",
    ("", "contract"): "contract", ("", "решен"): "decision", ("", "decis"): "decision",
}  # fmt: skip
EVENT_NOUNS = {
    ("неформальн", "встреч"): "informal_meeting", ("неофициальн", "встреч"): "informal_meeting",
    ("informal", "meet"): "informal_meeting", ("консультативн", "встреч"): "summit",
    ("", "встреч"): "meeting", ("", "meet"): "meeting", ("", "переговор"): "meeting",
    ("", "talk"): "meeting", ("", "саммит"): "summit", ("", "самм"): "summit",
    ("", "summit"): "summit", ("государствен", "визит"): "state_visit",
    ("государствен", "виз"): "state_visit", ("state", "visit"): "state_visit",
    ("официальн", "визит"): "official_visit", ("официальн", "виз"): "official_visit",
    ("offici", "visit"): "official_visit", ("", "визит"): "other", ("", "виз"): "other",
    ("", "visit"): "other", ("", "заседан"): "council_meeting",
    ("", "session"): "council_meeting", ("", "открыт"): "opening", ("", "open"): "opening",
    ("", "церемон"): "ceremony", ("", "ceremoni"): "ceremony", ("", "форум"): "forum",
    ("", "forum"): "forum", ("", "фестивал"): "cultural", ("", "festiv"): "cultural",
    ("", "выставк"): "cultural", ("", "exhibit"): "cultural",
}  # fmt: skip
# Words that belong to a document's or event's name when they stand before its noun.
_MODIFIERS = {
    "рамочн", "совместн", "межгосударствен", "межправительствен", "двусторон", "комплексн",
    "дорожн", "стратегическ", "перв", "втор", "трет", "очередн", "неформальн", "неофициальн",
    "государствен", "официальн", "консультативн", "joint", "framework", "intergovernment",
    "bilater", "comprehens", "first", "second", "third", "state", "offici", "informal",
}  # fmt: skip
_PREPOSITIONS = {
    "о", "об", "обо", "между", "по", "на", "в", "во", "с", "со", "для", "до", "of", "on",
    "between", "for", "to", "in", "with", "about",
}  # fmt: skip
# Abstract nouns in the genitive: "программа увеличения", "план действий".
_GENITIVE_HEAD = re.compile(r"(?:ния|тия|ства|ции|ций|ий|ия|ии|сти)$")
_RUSSIAN_VERB = re.compile(r"(?:ло|ла|ли|ал|ил|ял|ет|ит|ют|ят|ся|сь)$")
_ENGLISH_STOP = {"is", "was", "were", "has", "have", "had", "will", "would", "which", "that"}
_CLAUSE_END = re.compile(r"[,;:.!?()]|\s[-–—]\s")
_QUOTES = '«»"“”„'
_NOT_ITEM = r"(?!(?:и|and|is|was|were|has|have|had|will|would|which|that)\b)"
_ITEM = rf"{_NOT_ITEM}[^\W\d_]+(?:\s+{_NOT_ITEM}[^\W\d_]+)?"
_ENUMERATION_TAIL = re.compile(rf"(?:,\s*{_ITEM})+(?:,?\s+(?:и|and)\s+{_ITEM})?")
_EVENT_GENITIVE = re.compile(r"(?:ого|его|ой|ей|ых|их|а|я|ы|и|ов|ев)$")
_ENUMERATION = re.compile(r"\b(?:в\s+сфер\w*|в\s+област\w*|in\s+the\s+fields?\s+of|in)\s+", re.I)

STATUS_STEMS = (
    ("in_force", ("вступ", "в", "сил")), ("in_force", ("enter", "into", "forc")),
    ("ratified", ("ратифицирова",)), ("ratified", ("ratifi",)), ("signed", ("подпис",)),
    ("signed", ("sign",)), ("adopted", ("утвержд",)), ("adopted", ("принят",)),
    ("adopted", ("adopt",)),
    ("adopted", ("approv",)), ("proposed", ("предлож",)), ("proposed", ("предлага",)),
    ("proposed", ("propos",)), ("under_negotiation", ("обсужда",)),
    ("under_negotiation", ("разрабатыва",)), ("under_negotiation", ("negoti",)),
)  # fmt: skip


@dataclass(frozen=True)
class Mention:
    kind: str
    phrase: str  # the words that name it, as the text gives them
    start: int
    end: int
    complement: str = ""  # what distinguishes it from others of its kind


def find_documents(sentence: str) -> list[Mention]:
    return [
        m
        for m in _mentions(sentence, DOCUMENT_NOUNS, _document_complement_end)
        if m.complement or has_modifier(m)
    ]


def find_events(sentence: str) -> list[Mention]:
    return _mentions(sentence, EVENT_NOUNS, _event_complement_end)


def status_of(text: str) -> str:
    """The furthest lifecycle status the text's verbs support, or unknown."""
    text_stems = [w.stem for w in words(text)]
    for status, pattern in STATUS_STEMS:
        for i in range(len(text_stems) - len(pattern) + 1):
            if all(text_stems[i + j].startswith(p) for j, p in enumerate(pattern)):
                return status
    return "unknown"


def places_in(sentence: str) -> list[str]:
    """Capitalised names after "в"/"in": "В Ташкенте", "in Tashkent", "в резиденции «Кўксарой»"."""
    found = []
    for match in re.finditer(
        r"(?:(?<=\s)|^)(?:[вВ]о?|in|at)\s+(?:(?:городе|резиденции|the city of)\s+)?"
        r"([«\"]?[A-ZА-ЯЁЎҚҒҲ][\w\-’']+[»\"]?)",
        sentence,
    ):
        name = match.group(1).strip(_QUOTES)
        if not re.match(
            r"(?:Январ|Феврал|Март|Апрел|Ма[йяе]|Июн|Июл|Август|Сентябр|Октябр|"
            r"Ноябр|Декабр|January|February|March|April|May|June|July|August|"
            r"September|October|November|December|Рамках|Ходе|Целом)",
            name,
        ):
            found.append(name)
    return found


def split_enumeration(mention: Mention) -> list[str]:
    """'планы сотрудничества в сфере туризма, юстиции и здравоохранения' names three plans."""
    match = _ENUMERATION.search(mention.phrase)
    if match is None:
        return [mention.phrase]
    head, tail = mention.phrase[: match.end()], mention.phrase[match.end() :]
    items = [i.strip() for i in re.split(r",\s*|\s+и\s+|\s+and\s+", tail) if i.strip()]
    if len(items) < 2 or any(len(i.split()) > 3 for i in items):
        return [mention.phrase]
    return [head + item for item in items]


def split_also(mention: Mention) -> list[str]:
    """'решения о создании группы, а также совета' names two decisions."""
    parts = re.split(r",\s+а\s+также\s+|,\s+as\s+well\s+as\s+", mention.phrase)
    if len(parts) < 2:
        return [mention.phrase]
    head = re.match(r"\S+\s+(?:о|об|on|to)\s+\S+\s+", parts[0])
    prefix = head.group() if head else ""
    return [parts[0], *(prefix + p for p in parts[1:])]


def has_modifier(mention: Mention) -> bool:
    return any(stem(w) in _MODIFIERS for w in mention.phrase.split()[:2])


def _mentions(
    sentence: str,
    nouns: dict[tuple[str, str], str],
    complement_end: Callable[[str, Word, list[Word]], int],
) -> list[Mention]:
    found: list[Mention] = []
    sentence_words = words(sentence)
    by_noun: dict[str, list[tuple[str, str]]] = {}
    for modifier, noun in nouns:
        by_noun.setdefault(noun, []).append((modifier, noun))
    for index, word in enumerate(sentence_words):
        if word.stem not in by_noun or (found and word.start < found[-1].end):
            continue
        before = sentence_words[max(0, index - 2) : index]
        kind = nouns.get(("", word.stem))
        for modifier, noun in by_noun[word.stem]:
            if modifier and before and before[-1].stem == modifier:
                kind = nouns[(modifier, noun)]
        if kind is None:
            continue
        start = word.start
        for previous in reversed(before):
            if previous.stem not in _MODIFIERS:
                break
            start = previous.start
        end = complement_end(sentence, word, sentence_words[index + 1 :])
        found.append(
            Mention(
                kind, sentence[start:end].strip(), start, end, sentence[word.end : end].strip(),
            )
        )  # fmt: skip
    return found


def _document_complement_end(sentence: str, noun: Word, after: list[Word]) -> int:
    """Where the words that say which document it is end."""
    end = _clause_end(sentence, noun.end)
    words_in_clause = [w for w in after if w.end <= end]
    if not words_in_clause:
        return noun.end
    first = words_in_clause[0].text.lower()
    if first not in _PREPOSITIONS and not _GENITIVE_HEAD.search(first):
        return noun.end
    last = noun.end
    for position, word in enumerate(words_in_clause):
        lowered = word.text.lower()
        if lowered in _ENGLISH_STOP or (
            position > 0 and word.text.islower() and _RUSSIAN_VERB.search(lowered)
            and lowered not in _PREPOSITIONS and not _GENITIVE_HEAD.search(lowered)
        ):  # fmt: skip
            break
        last = word.end
    # Keep a closing quotation mark or a number that ends the name ("Север - Юг", "2026–2027 годы").
    tail = re.match(r"[^\w,;.!?(]*(?:[\d\s–—-]+[^\W\d_]*)?", sentence[last:end])
    if tail and any(ch.isdigit() or ch in _QUOTES for ch in tail.group()):
        last += len(tail.group().rstrip())
    if _ENUMERATION.search(sentence, noun.end, last):
        items = _ENUMERATION_TAIL.match(sentence, last)
        last = items.end() if items else last
    return last


def _event_complement_end(sentence: str, noun: Word, after: list[Word]) -> int:
    """An event's name: a quoted name ("саммит «Центральная Азия - Россия»") or a run of
    genitives ("заседание Высшего межгосударственного совета"), up to four words."""
    quoted = re.match(r"\s*([«\"“„])", sentence[noun.end :])
    if quoted:
        closing = {"«": "»", "“": "”", "„": "“"}.get(quoted.group(1), '"')
        close_at = sentence.find(closing, noun.end + quoted.end())
        if close_at != -1:
            return close_at + 1
    last = noun.end
    for word in after[:4]:
        between = sentence[last : word.start]
        if between.strip() or not _EVENT_GENITIVE.search(word.text.lower()):
            break
        if word.text.lower() in _PREPOSITIONS:
            break
        last = word.end
    return last


def _clause_end(sentence: str, position: int) -> int:
    """The next clause break after `position`, not counting one inside quotation marks;
    ', а также' continues the clause (it adds to the list)."""
    depth = 0
    index = position
    while index < len(sentence):
        char = sentence[index]
        if char in "«“„":
            depth += 1
        elif char in "»”":
            depth = max(0, depth - 1)
        elif char == '"':
            depth = 0 if depth else 1
        elif depth == 0:
            match = _CLAUSE_END.match(sentence, index)
            if match:
                if re.match(r",\s+(?:а\s+также|as\s+well\s+as)\s", sentence[index:]):
                    index += 1
                    continue
                return index
        index += 1
    return len(sentence)
