"""Initiatives named in a sentence: bodies and companies to be set up, proposals, invitations,
understandings ("договорились рассмотреть") and commitments ("планируют запустить").

Each is found by the lemma of its verb or noun, so every form counts: "будет создана",
"учреждена", "о создании", "планы по созданию". What an initiative is about is the rest of its
clause. The verb's form gives the status: "создана" without "будет" is done, "будет создана"
or "договорились создать" agreed, "предложил", "планы по созданию" proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tracker.domain.extraction.language import Word, words
from tracker.domain.extraction.lemmas import parse

_CREATE = ("создать", "создавать", "создание", "учредить", "учреждать", "учреждение",
           "сформировать", "формирование", "образовать", "establish", "set", "creat", "found",
           "launch")  # fmt: skip
_BODIES = ("группа", "компания", "совет", "центр", "фонд", "комиссия", "платформа", "комитет",
           "консорциум", "хаб", "кластер", "зона", "институт", "университет", "филиал", "офис",
           "представительство", "агентство", "банк", "корпорация", "союз", "альянс", "group",
           "compani", "council",
           "centr", "center", "fund", "commiss", "committe", "platform", "hub", "ventur", "zone",
           "consortium", "bank", "agenc", "union", "allianc")  # fmt: skip
_UNDERSTANDING = ("договориться", "условиться", "согласиться", "договариваться", "agre")
_COMMITMENT = ("намереваться", "намерен", "обязаться", "планировать", "пообещать", "intend",
               "pledg", "commit", "vow")  # fmt: skip
# Nouns that say the same with what follows them ("приверженность курсу на углубление",
# "достигнуты договорённости о расширении обменов").
_COMMITMENT_NOUNS = ("приверженность", "готовность", "заинтересованность", "commitment",
                     "readiness")  # fmt: skip
_UNDERSTANDING_NOUNS = ("договоренность", "договорённость", "understanding")
_PROPOSAL = ("предложить", "выдвинуть", "предлагать", "propos", "suggest")
_INVITATION = ("пригласить", "приглашение", "приглашать", "invit")
_DONE_WORDS = {"был", "была", "было", "были", "уже", "already", "was", "were", "has", "have"}
_FUTURE_WORDS = {"будет", "будут", "будем", "will", "to", "shall"}
_PLANNED_WORDS = ("план", "планир", "намер", "возможн", "рассмотр", "plan", "consider", "possib")
_CLAUSE_END = re.compile(
    r"[,;:.!?()]|\s[-–—]\s|\s(?:и|а|and)\s+(?=(?:учредить|учреждена|создать|создана|установить)\b)"
)


@dataclass(frozen=True)
class InitiativeMention:
    kind: str  # commitment, understanding, proposal, invitation, establishment
    phrase: str  # what it is about, as the text gives it
    start: int
    end: int
    status: str  # proposed, agreed, done
    cue: str  # the word it was found by, for the draft's reason


def find_initiatives(sentence: str) -> list[InitiativeMention]:
    found: list[InitiativeMention] = []
    sentence_words = words(sentence)
    for index, word in enumerate(sentence_words):
        if found and word.start < found[-1].end:
            continue
        base = parse(word.text).lemma
        mention = None
        if base.startswith(_CREATE):
            mention = _establishment(sentence, sentence_words, index)
        elif base.startswith(_INVITATION):
            mention = _clause_mention(sentence, sentence_words, index, "invitation", "proposed")
        elif base.startswith(_PROPOSAL):
            mention = _clause_mention(sentence, sentence_words, index, "proposal", "proposed")
        elif base in _UNDERSTANDING_NOUNS and _object_after(sentence_words, index):
            mention = _clause_mention(sentence, sentence_words, index, "understanding", "agreed")
        elif base in _COMMITMENT_NOUNS and len(sentence_words) > index + 2:
            mention = _clause_mention(sentence, sentence_words, index, "commitment", "agreed")
        elif base.startswith(_UNDERSTANDING) and _infinitive_after(sentence_words, index):
            mention = _clause_mention(sentence, sentence_words, index, "understanding", "agreed")
        elif base.startswith(_COMMITMENT) and _infinitive_after(sentence_words, index):
            mention = _clause_mention(sentence, sentence_words, index, "commitment", "agreed")
        if mention is not None and mention.kind != "establishment":
            mention = _as_establishment(sentence, sentence_words, mention) or mention
        if mention is not None and found and found[-1].kind == mention.kind == "establishment":
            between = sentence[found[-1].end : mention.start].strip().lower()
            if between in ("и", "and", ","):  # "будет создана группа и учреждена компания"
                mention = replace(mention, status=found[-1].status)
        if mention is not None:
            found.append(mention)
    return found


def _as_establishment(
    sentence: str, sentence_words: list[Word], mention: InitiativeMention
) -> InitiativeMention | None:
    """'договорились создать совместный фонд': an understanding whose object is a body is
    the body's establishment, agreed (or proposed, when only proposed)."""
    first = next((i for i, w in enumerate(sentence_words) if w.start >= mention.start), None)
    if first is None or first + 1 >= len(sentence_words):
        return None
    following = sentence_words[first + 1]
    if not parse(following.text).lemma.startswith(_CREATE):
        return None
    body = _establishment(sentence, sentence_words, first + 1)
    if body is None:
        return None
    status = "proposed" if mention.kind in ("proposal", "invitation") else "agreed"
    return replace(body, start=mention.start, status=status, cue=mention.cue)


def _establishment(
    sentence: str, sentence_words: list[Word], index: int
) -> InitiativeMention | None:
    """'будет создана рабочая группа', 'планы по созданию инвест-платформы'."""
    verb = sentence_words[index]
    body_at = None
    for offset, word in enumerate(sentence_words[index + 1 : index + 5], start=index + 1):
        parts = [parse(p).lemma for p in word.text.split("-")]
        if any(p.startswith(_BODIES) for p in parts):
            body_at = offset
            break
        if _clause_break(sentence, verb.end, word.start):
            return None
    if body_at is None:
        return None
    start = sentence_words[index + 1].start
    end = _phrase_end(sentence, sentence_words, body_at)
    phrase = sentence[start:end].strip()
    if any(ch.isdigit() for ch in phrase):
        return None  # "создано 6,5 тысячи предприятий" counts what exists: a figure
    before = {w.text.lower() for w in sentence_words[max(0, index - 3) : index]}
    parsed = parse(verb.text)
    lowered_before = " ".join(sorted(before))
    if before & _FUTURE_WORDS or any(
        w.startswith(("договор", "реши", "agreed", "decid")) for w in before
    ):
        status = "agreed"
    elif any(cue in lowered_before for cue in _PLANNED_WORDS) or parsed.pos in ("NOUN", "INFN"):
        status = "proposed"
    elif (parsed.pos in ("PRTS", "VERB") and parsed.tense == "past") or before & _DONE_WORDS:
        status = "done"
    else:
        status = "proposed"
    return InitiativeMention("establishment", phrase, verb.start, end, status, verb.text)


def _clause_mention(
    sentence: str, sentence_words: list[Word], index: int, kind: str, status: str
) -> InitiativeMention | None:
    verb = sentence_words[index]
    rest = [
        w for w in sentence_words[index + 1 :] if not _clause_break(sentence, verb.end, w.start)
    ]
    if not rest:
        return None
    end = rest[-1].end
    phrase = sentence[rest[0].start : end].strip()
    if len(phrase.split()) < 2:
        return None
    previous = sentence_words[index - 1].text.lower() if index else ""
    if kind == "invitation" and previous in ("по", "the"):
        status = "done"  # "по приглашению", "at the invitation of": the visit took place
    return InitiativeMention(kind, phrase, verb.start, end, status, verb.text)


def _object_after(sentence_words: list[Word], index: int) -> bool:
    """'договорённости о расширении обменов': about something, not the agreements reached."""
    following = sentence_words[index + 1 : index + 2]
    return bool(following) and following[0].text.lower() in ("о", "об", "по", "on", "to")


def _infinitive_after(sentence_words: list[Word], index: int) -> bool:
    """'договорились провести', 'agreed to consider': what follows is something to do."""
    following = sentence_words[index + 1 : index + 4]
    for word in following:
        parsed = parse(word.text)
        if parsed.pos == "INFN" or word.text.lower() == "to":
            return True
        if parsed.pos in ("NOUN", "PREP"):
            return False
    return False


def _phrase_end(sentence: str, sentence_words: list[Word], body_at: int) -> int:
    """The body's name: its noun and the genitives and names after it, to the clause's end."""
    body = sentence_words[body_at]
    end = body.end
    for word in sentence_words[body_at + 1 : body_at + 7]:
        if _clause_break(sentence, end, word.start):
            break
        parsed = parse(word.text)
        if parsed.pos in ("VERB", "INFN", "PRTS", "GRND") or word.text.lower() in ("и", "and"):
            break
        end = word.end
    return end


def _clause_break(sentence: str, start: int, end: int) -> bool:
    return _CLAUSE_END.search(sentence[start:end]) is not None
