"""The lifecycle status a sentence's verbs give a document, read by lemma in every form.

"подписали", "были подписаны", "подписан", "заключили", "скрепили подписями", "inked" all
say signed; "подпишут", "будет подписан", "to sign" say it is still to be signed
(under_negotiation). Each document takes the verb nearest to it: a participle that describes
it ("программы, которая была подписана 15 марта") before an active verb of the clause
("обсудили выполнение программы").
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.extraction.language import Word, words
from tracker.domain.extraction.lemmas import parse

# (lemma or stem prefix, status). Russian prefixes are of lemmas, English of stems.
_RU = (
    ("подписа", "signed"), ("подпис", "signed"), ("заключить", "signed"),
    ("заключать", "signed"), ("скрепить", "signed"), ("ратифицир", "ratified"),
    ("ратификац", "ratified"), ("утвердить", "adopted"), ("утверждать", "adopted"),
    ("одобрить", "adopted"), ("принять", "adopted"), ("принимать", "adopted"),
    ("предложить", "proposed"), ("предлагать", "proposed"), ("обсуждать", "under_negotiation"),
    ("обсудить", "under_negotiation"), ("разрабатывать", "under_negotiation"),
    ("прорабатывать", "under_negotiation"), ("согласовывать", "under_negotiation"),
)  # fmt: skip
_EN = (
    ("sign", "signed"), ("ink", "signed"), ("conclud", "signed"), ("ratifi", "ratified"),
    ("adopt", "adopted"), ("approv", "adopted"), ("propos", "proposed"),
    ("suggest", "proposed"), ("negoti", "under_negotiation"), ("draft", "under_negotiation"),
)  # fmt: skip
_PLANNED = {
    "будет", "будут", "планироваться", "планировать", "намереваться", "намерен",
    "готовый", "готовиться", "предстоять", "ожидаться", "will", "plan", "expect", "to", "shall",
    "подготовить", "собираться",
}  # fmt: skip
_PARTICIPLES = {"PRTS", "PRTF"}
_PAST_ENGLISH = ("ed", "en")  # "signed", "inked", "approved", "adopted", "undertaken"


@dataclass(frozen=True)
class StatusMention:
    start: int
    end: int
    status: str
    participle: bool  # describes its noun ("подписанный", "был подписан", "signed by")


def status_mentions(text: str) -> list[StatusMention]:
    found: list[StatusMention] = []
    sentence_words = words(text)
    for index, word in enumerate(sentence_words):
        parsed = parse(word.text)
        lowered = word.text.lower()
        status = None
        if parsed.pos is not None:  # Russian
            if parsed.pos not in ("VERB", "INFN", "PRTS", "PRTF", "NOUN", "GRND"):
                continue
            status = next((s for p, s in _RU if parsed.lemma.startswith(p)), None)
            if status == "adopted" and parsed.lemma.startswith("при"):
                after = sentence_words[index + 1 : index + 2]
                if after and parse(after[0].text).lemma in ("участие", "меры", "решение"):
                    continue  # "приняли участие" is taking part, not adopting
            if parsed.lemma in ("вступить", "вступление"):
                following = " ".join(w.text.lower() for w in sentence_words[index + 1 : index + 3])
                status = "in_force" if following.startswith("в сил") else None
        elif lowered in ("enter", "entered", "enters", "came", "come") and " ".join(
            w.text.lower() for w in sentence_words[index + 1 : index + 3]
        ).startswith("into force"):
            status = "in_force"
        else:
            status = next((s for p, s in _EN if parsed.lemma.startswith(p)), None)
            if status and lowered in ("sign", "signs", "signing") and index == 0:
                status = None  # a headline's imperative-looking present
        if status is None:
            continue
        before = sentence_words[max(0, index - 3) : index]
        planned = parsed.tense == "futr" or any(
            w.text.lower() in _PLANNED or parse(w.text).lemma in _PLANNED - {"быть"} for w in before
        )
        if status == "signed" and planned:
            status = "under_negotiation"
        participle = parsed.pos in _PARTICIPLES or (
            parsed.pos is None and lowered.endswith(_PAST_ENGLISH) and _passive(before)
        )
        found.append(StatusMention(word.start, word.end, status, participle))
    return found


def _passive(before: list[Word]) -> bool:
    return any(w.text.lower() in ("was", "were", "been", "be", "is") for w in before)


def status_for(mentions: list[StatusMention], start: int, end: int) -> StatusMention | None:
    """The status mention that applies to the phrase at start:end."""
    if not mentions:
        return None
    describing = [m for m in mentions if m.participle]
    pool = describing or mentions
    before = [m for m in pool if m.end <= start]
    after = [m for m in pool if m.start >= end]
    if describing:
        return min(pool, key=lambda m: min(abs(m.start - end), abs(start - m.end)))
    if before:
        return before[-1]
    return after[0] if after else None


_RANK = ("under_negotiation", "proposed", "adopted", "signed", "ratified", "in_force")


def furthest_status(text: str) -> str:
    """The furthest lifecycle status the text's verbs support, or unknown."""
    found = [m.status for m in status_mentions(text)]
    return max(found, key=_RANK.index) if found else "unknown"
