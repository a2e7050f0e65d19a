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

from tracker.domain.extraction.english import compound_start, title_start
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
    ("", "концепц"): "other", ("", "concept"): "other",
}  # fmt: skip
EVENT_NOUNS = {
    ("неформальн", "встреч"): "informal_meeting", ("неофициальн", "встреч"): "informal_meeting",
    ("inform", "meet"): "informal_meeting", ("consult", "meet"): "summit",
    ("консультативн", "встреч"): "summit",
    ("", "встреч"): "meeting", ("", "meet"): "meeting", ("", "переговор"): "meeting",
    ("", "talk"): "meeting", ("", "саммит"): "summit", ("", "самм"): "summit",
    ("", "summit"): "summit", ("государствен", "визит"): "state_visit",
    ("государствен", "виз"): "state_visit", ("state", "visit"): "state_visit",
    ("официальн", "визит"): "official_visit", ("официальн", "виз"): "official_visit",
    ("offici", "visit"): "official_visit", ("", "визит"): "other", ("", "виз"): "other",
    ("", "visit"): "other", ("", "заседан"): "council_meeting",
    ("", "session"): "council_meeting", ("", "открыт"): "opening", ("", "open"): "opening",
    ("", "церемон"): "ceremony", ("", "наград"): "ceremony", ("", "награжден"): "ceremony",
    ("", "ceremoni"): "ceremony", ("", "форум"): "forum",
    ("", "forum"): "forum", ("", "фестивал"): "cultural", ("", "festiv"): "cultural",
    ("", "выставк"): "cultural", ("", "exhibit"): "cultural", ("телефон", "разговор"): "meeting",
    ("phone", "call"): "meeting", ("telephon", "convers"): "meeting",
    ("telephon", "call"): "meeting",
}  # fmt: skip
# Words that belong to a document's or event's name when they stand before its noun.
_MODIFIERS = {
    "рамочн", "совместн", "межгосударствен", "межправительствен", "двусторон", "комплексн",
    "дорожн", "стратегическ", "перв", "втор", "трет", "четверт", "пят", "шест", "седьм",
    "восьм", "очередн", "неформальн", "неофициальн", "региональн", "межрегиональн",
    "государствен", "официальн", "консультативн", "joint", "framework", "intergovernment",
    "bilater", "comprehens", "first", "second", "third", "state", "offici", "inform",
    "телефон", "phone", "telephon", "consult", "fourth", "fifth", "sixth", "seventh",
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
ENUMERATION = re.compile(r"\b(?:в\s+сфер\w*|в\s+област\w*|in\s+the\s+fields?\s+of|in)\s+", re.I)


@dataclass(frozen=True)
class Mention:
    kind: str
    phrase: str  # the words that name it, as the text gives them
    start: int
    end: int
    complement: str = ""  # what distinguishes it from others of its kind


def find_documents(sentence: str, named_only: bool = True) -> list[Mention]:
    """Documents the sentence names; with `named_only=False` the bare ones too ("программы"),
    which name no record but own the dates said next to them."""
    return [
        m
        for m in _mentions(sentence, DOCUMENT_NOUNS, _document_complement_end)
        if not named_only or ((m.complement or has_modifier(m)) and not _not_a_name(m))
    ]


# "соглашений на сотни миллионов долларов" says what they are worth, "планы по созданию
# платформы" what is intended: neither names a document.
_WORTH = re.compile(r"^(?:на\s+(?:сумму|сотни|десятки|миллиард|\$|\d)|worth\b|valued\b)", re.I)
_INTENT = re.compile(
    r"^(?:по|о|of|for)\s+(?:созданию|создании|строительству|creating|setting)", re.I
)


def _not_a_name(mention: Mention) -> bool:
    if _WORTH.match(mention.complement):
        return True
    noun = mention.phrase[: len(mention.phrase) - len(mention.complement)].split()
    return (
        bool(noun)
        and noun[-1].lower() in ("планы", "планов", "plans")
        and bool(_INTENT.match(mention.complement))
    )


def find_events(sentence: str) -> list[Mention]:
    found = _mentions(sentence, EVENT_NOUNS, _event_complement_end)
    # "Дни культуры Казахстана", "Days of Kazakh cinema": a cultural event by its name.
    for match in _DAYS_OF.finditer(sentence):
        if not any(m.start <= match.start() < m.end for m in found):
            phrase = match.group().strip()
            complement = phrase.split(maxsplit=1)[1] if " " in phrase else ""
            found.append(Mention("cultural", phrase, match.start(), match.end(), complement))
    return sorted(found, key=lambda m: m.start)


_DAYS_OF = re.compile(
    r"\b(?:Дн(?:и|ей|ям|ях|ями)\s+[а-яё]+(?:\s+[А-ЯЁ][а-яё]+)?|Days\s+of\s+[A-Za-z]+(?:\s+[A-Z][a-z]+)?)"
)


def status_of(text: str) -> str:
    """The furthest lifecycle status the text's verbs support, or unknown."""
    from tracker.domain.extraction.statuses import furthest_status

    return furthest_status(text)


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


def has_modifier(mention: Mention, compounds: bool = True) -> bool:
    first_words = mention.phrase.split()[:2]
    if any(stem(w) in _MODIFIERS for w in first_words):
        return True
    if not compounds:
        return False
    # An English compound ("cooperation roadmap") or a title ("Strategic Partnership Agreement").
    return len(mention.phrase.split()) > 1 and not re.search("[а-яё]", mention.phrase.lower())


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
        if not _noun(word.text):
            continue  # "договорились" shares its stem with "договор", "встречались" with "встреча"
        following = (
            sentence_words[index + 1].text.lower() if index + 1 < len(sentence_words) else ""
        )
        if following == "to" and word.text.lower() in ("plan", "plans", "programme"):
            continue  # "plans to pay a visit": a verb
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
        english = not re.search("[а-яё]", word.text.lower())
        if english and word.text[:1].isupper():
            start = title_start(sentence, sentence_words, index, start)
        elif english and start == word.start:
            start = compound_start(sentence_words, index, start)
        ordinal = re.search(r"\b\d{1,2}(?:st|nd|rd|th)\s+(?:[A-Za-z]+\s+)?$", sentence[:start])
        if english and ordinal:
            start = ordinal.start()  # "the 11th meeting"
        end = complement_end(sentence, word, sentence_words[index + 1 :])
        if kind == "meeting" and re.search(r"\b(?:Council|Совет)", sentence[start:end]):
            kind = "council_meeting"  # "the first meeting of the Regional Council"
        found.append(
            Mention(
                kind, sentence[start:end].strip(), start, end, sentence[word.end : end].strip(),
            )
        )  # fmt: skip
    return found


def _noun(word: str) -> bool:
    from tracker.domain.extraction.lemmas import parse

    parsed = parse(word)
    return parsed.pos is None or parsed.pos == "NOUN"


def _document_complement_end(sentence: str, noun: Word, after: list[Word]) -> int:
    """Where the words that say which document it is end."""
    last = _complement_run_end(sentence, noun.end, after)
    if last == noun.end:
        return last
    if ENUMERATION.search(sentence, noun.end, last):
        items = _ENUMERATION_TAIL.match(sentence, last)
        last = items.end() if items else last
    elif (items := _NOUN_LIST_TAIL.match(sentence, last)) is not None:
        last = items.end()  # "о дружбе, добрососедстве и сотрудничестве": one name
    if _is_plural(noun.text):
        # "соглашения в таможенной сфере, в области ..., о создании ...": one clause each.
        while (more := _LIST_CONTINUES.match(sentence, last)) is not None:
            rest = [w for w in after if w.start >= more.end()]
            further = _complement_run_end(sentence, more.end(), rest, first_free=True)
            if further <= more.end():
                break
            last = further
    return last


_DOCUMENT_STEMS = {noun for _, noun in DOCUMENT_NOUNS}
# Single nouns listed to a final "и": the name goes on ("о дружбе, добрососедстве и
# сотрудничестве"); a list of clauses does not (that is several documents).
_NOUN_LIST_TAIL = re.compile(
    r"(?:,\s*[а-яё]+)+,?\s+и\s+[а-яё]+(?:\s+(?!в\b|во\b|на\b|для\b|с\b)[а-яё]{3,})?(?=[\s,.;»]|$)"
)
_LIST_CONTINUES = re.compile(
    r",\s*(?:а\s+также\s+|as\s+well\s+as\s+|and\s+)?(?=(?:в|во|о|об|обо|по|на|между|in|on|for)\s"
    r"|[а-яё]+(?:ния|ии|ия|ства|ций|ции)\b)"
)


def _is_plural(word: str) -> bool:
    from tracker.domain.extraction.lemmas import can_be_plural

    return can_be_plural(word)


def _complement_run_end(
    sentence: str, start: int, after: list[Word], first_free: bool = False
) -> int:
    """The end of the run of words from `start` that can belong to a document's name: up to
    the clause's end, a verb, or the next document ("Договор о ... и Договор о демаркации")."""
    quoted = re.match(r"\s*([«\"„“])[^«»\"„“”]{2,80}[»\"“”]", sentence[start:])
    if quoted and not first_free:
        return start + quoted.end()  # 'программу "Зеленая повестка"': the name is the quote
    end = _clause_end(sentence, start)
    words_in_clause = [w for w in after if start <= w.start and w.end <= end]
    if not words_in_clause:
        return start
    first = words_in_clause[0].text.lower()
    if (
        not first_free and first not in _PREPOSITIONS and not _GENITIVE_HEAD.search(first)
        and not _genitive(first)
    ):  # fmt: skip
        return start
    last = start
    for position, word in enumerate(words_in_clause):
        lowered = word.text.lower()
        if lowered in _ENGLISH_STOP or (
            position > 0 and word.text.islower() and _RUSSIAN_VERB.search(lowered)
            and lowered not in _PREPOSITIONS and not _GENITIVE_HEAD.search(lowered)
            and _verb(lowered)
        ):  # fmt: skip
            break
        if position > 0 and (
            (lowered.endswith("ed") and not re.search("[а-яё]", lowered) and word.text.islower())
            or lowered in ("last", "this", "next", "during", "at", "which", "who")
        ):
            break
        if _circumstance(words_in_clause[position : position + 3]):
            break
        if position > 0 and word.stem in _DOCUMENT_STEMS:
            before = [w.text.lower() for w in words_in_clause[max(0, position - 2) : position]]
            if before[-1:] in (["и"], ["and"]) or before == ["and", "the"]:
                break  # a second document: "и Договор о демаркации", "and the Agreement"
        if lowered in ("и", "and") and position + 1 < len(words_in_clause):
            ahead = words_in_clause[position + 1 : position + 3]
            if ahead[0].stem in _DOCUMENT_STEMS or (
                ahead[0].text.lower() == "the" and len(ahead) > 1
                and ahead[1].stem in _DOCUMENT_STEMS
            ):  # fmt: skip
                break
        last = word.end
    while words_in_clause and last > start:
        tail_word = next((w for w in reversed(words_in_clause) if w.end == last), None)
        if tail_word is None or tail_word.text.lower() not in _DANGLING:
            break
        last = max((w.end for w in words_in_clause if w.end < tail_word.start), default=start)
    # Keep a closing quotation mark or a number that ends the name ("Север - Юг", "2026–2027 годы").
    tail = re.match(r"[^\w,;.!?(]*(?:[\d\s–—-]+[^\W\d_]*)?", sentence[last:end])
    if tail and any(ch.isdigit() or ch in _QUOTES for ch in tail.group()):
        last += len(tail.group().rstrip())
    return last


# Words a name does not end with: "Programme for the" lost its "next 10 years" to the date.
_DANGLING = {"и", "and", "а", "or", "или", "for", "the", "of", "on", "in", "to", "в", "во", "на",
             "о", "об", "по", "с", "со", "для", "до"}  # fmt: skip


def _circumstance(ahead: list[Word]) -> bool:
    """'в ходе визита', 'в рамках', 'on the sidelines': where it was signed, not its name."""
    texts = [w.text.lower() for w in ahead]
    if len(texts) < 2 or texts[0] not in ("в", "во", "на", "in", "on"):
        return False
    if texts[1] in ("ходе", "рамках", "время", "полях", "присутствии"):
        return True
    return texts[1] == "the" and texts[2:3] in (["presence"], ["course"], ["sidelines"])


def _event_complement_end(sentence: str, noun: Word, after: list[Word]) -> int:
    """An event's name: a quoted name ("саммит «Центральная Азия - Россия»") or a run of
    genitives ("заседание Высшего межгосударственного совета"), up to four words."""
    quoted = re.match(r"\s*([«\"“„])", sentence[noun.end :])
    if quoted:
        closing = {"«": "»", "“": "”", "„": "“"}.get(quoted.group(1), '"')
        close_at = sentence.find(closing, noun.end + quoted.end())
        if close_at != -1:
            return close_at + 1
    english = re.match(r"\s+of\s+(?:the\s+)?((?:[A-Z0-9][\w'’-]*\s*){1,6})", sentence[noun.end :])
    if english and not re.search("[а-яё]", noun.text.lower()):
        return noun.end + english.end(1) - (len(english.group(1)) - len(english.group(1).rstrip()))
    last = noun.end
    for word in after[:4]:
        between = sentence[last : word.start]
        if between.strip() or not _EVENT_GENITIVE.search(word.text.lower()):
            break
        if not _genitive(word.text):
            break
        if word.text.lower() in _PREPOSITIONS:
            break
        last = word.end
    return last


def _verb(word: str) -> bool:
    """'подписали' is a verb; 'торговли', with the same ending, a noun (by pymorphy's reading)."""
    from tracker.domain.extraction.lemmas import parse

    return parse(word).pos in ("VERB", "INFN", "PRTS", "GRND", None)


def _genitive(word: str) -> bool:
    from tracker.domain.extraction.lemmas import _morph

    if not re.search("[а-яё]", word.lower()):
        return False
    best = _morph().parse(word.lower())[0]  # "были" may be a genitive of "быль"; it is a verb
    return bool(best.tag.case == "gent" and best.tag.POS in ("NOUN", "ADJF"))


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
