"""Remove identifying details from a practitioner's message before anything stores it.

Presidio (the engine Rasa Pro's own anonymisation uses) runs our spaCy pipeline for names, and
library recognizers for e-mail (with tldextract's bundled suffix list: nothing is fetched), UK
phone numbers (phonenumbers) and NHS numbers (checksum-validated). Patterns add what no library
covers for the UK: full dates, postcodes, street addresses, and names signalled by a title or by
"called ...". Places, services and roles listed in redaction.yml are never treated as names.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Sequence, Tuple

import yaml

CONFIG_PATH = Path(__file__).with_name("redaction.yml")
SPACY_MODEL = "reflect_en_core_web_sm"

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_STOP = r"(?!(?:in|the|at|to|of|for|with|and|on|a|an|my|our|her|his|their|from)\b)"
_RELATION = (
    r"(?:mum|mother|mam|dad|father|son|daughter|brother|sister|step-?dad|step-?mum|"
    r"nan|gran|grandma|grandad|grandson|granddaughter|nephew|niece|cousin|aunt|auntie|"
    r"uncle|partner|boyfriend|girlfriend|carer|child|boy|girl|baby|pupil|student|"
    r"sibling|teacher|nurse|worker|colleague|friend)"
)
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_NAME = rf"(?:[{_UPPER}][{_LOWER}]*(?:['’\-][{_UPPER}]?[{_LOWER}]+)+|[{_UPPER}][{_LOWER}]+)"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|PC|DC|DS|DI|Sgt|Cllr)\.?"

# (entity, regex, group holding the detail, case-sensitive?)
PATTERNS: Sequence[Tuple[str, str, int, bool]] = (
    ("FULL_DATE", rf"\b{_DAY}[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:{_YEAR}|\d{{2}})\b", 0, False),
    ("FULL_DATE", rf"\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b", 0, False),
    ("FULL_DATE", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", 0, False),
    ("FULL_DATE", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", 0, False),
    ("UK_POSTCODE", r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", 0, False),
    (
        "UK_ADDRESS",
        rf"\b(?:(?:flat|apartment|apt|unit)\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+"
        rf"(?:{_STOP}[a-z][a-z'\-]+\s+){{1,3}}"
        r"(?:street|st|road|rd|avenue|ave|lane|ln|close|court|ct|way|drive|dr|place|pl|gardens|"
        r"gdns|row|terrace|crescent|cres|grove|square|sq|walk|mews|hill|park|rise|estate|house|"
        r"green|parade|yard|view|gate|wharf)\b",
        0,
        False,
    ),
    ("PERSON", rf"\b{_TITLE}\s+{_NAME}(?:\s+{_NAME}){{0,2}}", 0, True),
    (
        "PERSON",
        rf"\b(?:called|named|name is|name's|known as)\s+([A-Za-z][a-z'\-]+(?:\s+{_NAME})?)",
        1,
        False,
    ),
    ("PERSON", rf"\b(?i:{_RELATION})\s*,?\s+({_NAME}(?:[\s\-]{_NAME})?)", 1, True),
    ("PERSON", rf"\b({_NAME})\s+\((?:her|his|their|the)\s+(?i:{_RELATION})", 1, True),
)
# Entity labels the small English model gives to names it does not recognise as people.
_NAME_LIKE_LABELS = {"PERSON", "ORG", "GPE", "NORP", "WORK_OF_ART", "FAC", "LOC", "PRODUCT"}


@dataclass(frozen=True)
class Redaction:
    text: str
    kinds: Tuple[str, ...]  # placeholders used, e.g. ("[NAME]", "[PHONE]"), in order of first use

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


def _offline_tldextract() -> None:
    """Presidio's e-mail check calls tldextract, which would download the public suffix list."""
    import tldextract
    import tldextract.tldextract as module

    module.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class Redactor:
    """Thread-safe after construction; build one per process (see ``redactor()``)."""

    def __init__(self, config_path: Path = CONFIG_PATH) -> None:
        from presidio_analyzer import (
            AnalyzerEngine,
            EntityRecognizer,
            RecognizerRegistry,
            RecognizerResult,
        )
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import (
            EmailRecognizer,
            NhsRecognizer,
            PhoneRecognizer,
        )

        _offline_tldextract()
        # Presidio's debug log quotes the words around each finding: the raw message. Rasa's
        # --debug must never bring that into a log.
        logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
        config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        self.placeholders = config["placeholders"]
        self.keep_words = {w.lower() for phrase in config["keep"] for w in phrase.split()}
        self.keep_phrases = {phrase.lower() for phrase in config["keep"]}
        self.not_names = {w.lower() for w in config["not_names"]}

        redactor = self

        class SpacyNames(EntityRecognizer):
            """Names from spaCy's tags: the small model finds them but often mislabels them."""

            def load(self) -> None:
                pass

            def analyze(self, text, entities, nlp_artifacts=None):  # noqa: ANN001 (Presidio API)
                return [
                    RecognizerResult("PERSON", start, end, 0.85)
                    for start, end in redactor._names(nlp_artifacts.tokens)
                ]

        class PatternDetails(EntityRecognizer):
            """Regexes whose capture group is the detail (``Mrs (Okafor)``, ``called (Sam)``)."""

            def load(self) -> None:
                pass

            def analyze(self, text, entities, nlp_artifacts=None):  # noqa: ANN001 (Presidio API)
                results = []
                for entity, pattern, group, case_sensitive in PATTERNS:
                    flags = 0 if case_sensitive else re.IGNORECASE
                    for match in re.finditer(pattern, text, flags):
                        results.append(
                            RecognizerResult(entity, match.start(group), match.end(group), 0.9)
                        )
                return results

        engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": SPACY_MODEL}])
        engine.load()
        # Names come from the tagger and the entity recogniser; the dependency parser (over a
        # third of the pipeline's time) is read by nothing here or in Presidio.
        engine.nlp["en"].disable_pipe("parser")
        registry = RecognizerRegistry()
        for recognizer in (
            EmailRecognizer(),
            PhoneRecognizer(supported_regions=["GB"], leniency=0),  # 0: drama-range numbers too
            NhsRecognizer(),
            SpacyNames(supported_entities=["PERSON"]),
            PatternDetails(supported_entities=list(self.placeholders)),
        ):
            registry.add_recognizer(recognizer)
        self.analyzer = AnalyzerEngine(
            nlp_engine=engine, registry=registry, supported_languages=["en"]
        )
        self._lock = threading.Lock()

    def _name_token(self, token) -> bool:  # noqa: ANN001 (a spaCy Token)
        return (
            token.pos_ == "PROPN"
            and token.is_alpha
            and len(token.text) > 1
            and token.lower_ not in self.keep_words
            and token.lower_ not in self.not_names
        )

    def _names(self, doc) -> List[Tuple[int, int]]:  # noqa: ANN001 (a spaCy Doc)
        """Character spans of likely names: PERSON entities, and other entities or runs of two or
        more proper nouns made only of name-like words (not places, services or roles)."""
        spans = []
        for ent in doc.ents:
            if ent.label_ not in _NAME_LIKE_LABELS:
                continue
            tokens = [t for t in ent if t.lower_ not in self.keep_words and not t.is_punct]
            if not tokens or any(t.lower_ in self.not_names or t.like_num for t in tokens):
                continue
            if ent.label_ == "PERSON" or (
                len(tokens) >= 2 and all(self._name_token(t) for t in tokens)
            ):
                start, end = tokens[0].i, tokens[-1].i + 1
                # A name the model cut short ("raj [kumar]"): take the proper nouns beside it.
                while start > 0 and self._name_token(doc[start - 1]):
                    start -= 1
                while end < len(doc) and self._name_token(doc[end]):
                    end += 1
                spans.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
        run = []
        for token in [*doc, None]:
            if token is not None and self._name_token(token) and token.text[0].isupper():
                run.append(token)
                continue
            if len(run) >= 2:
                spans.append((run[0].idx, run[-1].idx + len(run[-1])))
            run = []
        return spans

    def _keep(self, span: str) -> bool:
        words = re.findall(r"[\w&]+", span.lower().replace("'s", ""))
        return (
            span.lower() in self.keep_phrases
            or bool(words)
            and all(w in self.keep_words for w in words)
        )

    def _trim(self, text: str, start: int, end: int) -> Tuple[int, int] | None:
        """Drop kept words at either edge of a name ("Mum Jane" -> "Jane"); None if all kept."""
        while start < end:
            match = re.match(r"[\w'&-]+[\s,]*", text[start:end])
            if not match or not self._keep(match.group(0).strip(" ,")):
                break
            start += match.end()
        while end > start:
            match = re.search(r"[\s,]*[\w'&-]+$", text[start:end])
            if not match or not self._keep(match.group(0).strip(" ,")):
                break
            end = start + match.start()
        return (start, end) if end > start else None

    def spans(self, text: str) -> List[Tuple[int, int, str]]:
        """Non-overlapping (start, end, entity) of every detail found, in text order."""
        with self._lock:  # spaCy pipelines are not guaranteed safe across threads
            results = self.analyzer.analyze(
                text, language="en", entities=list(self.placeholders), score_threshold=0.3
            )
        found = []
        for result in results:
            start, end = result.start, result.end
            # Phone matching is lenient (drama-range numbers are "invalid"): want a whole number.
            if (
                result.entity_type == "PHONE_NUMBER"
                and sum(c.isdigit() for c in text[start:end]) < 10
            ):
                continue
            if result.entity_type == "PERSON":
                trimmed = self._trim(text, start, end)
                if trimmed is None or "[" in text[trimmed[0] : trimmed[1]]:
                    continue
                name = text[trimmed[0] : trimmed[1]]
                if sum(c.isalpha() for c in name) < 2:  # "Appendix B"
                    continue
                if any(w in self.not_names for w in re.findall(r"\w+", name.lower())):
                    continue  # "Child Protection Procedures", "Foxglove Terrace"
                start, end = trimmed
            found.append((start, end, result.entity_type))
        # Longest first wins an overlap; then back into text order.
        chosen: List[Tuple[int, int, str]] = []
        for span in sorted(found, key=lambda s: (-(s[1] - s[0]), s[0])):
            if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
                chosen.append(span)
        return sorted(chosen)

    def redact(self, text: str) -> Redaction:
        kinds: List[str] = []
        pieces, cursor = [], 0
        for start, end, entity in self.spans(text):
            placeholder = self.placeholders[entity]
            pieces += [text[cursor:start], placeholder]
            cursor = end
            if placeholder not in kinds:
                kinds.append(placeholder)
        pieces.append(text[cursor:])
        return Redaction("".join(pieces), tuple(kinds))


@lru_cache(maxsize=1)
def redactor() -> Redactor:
    return Redactor()
