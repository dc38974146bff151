"""Rasa NLU component: words from spaCy's English tokenizer, without its statistical pipeline.

Rasa's SpacyNLP runs the small English pipeline's tagger, lemmatizer and entity recogniser on
every message, for tags and lemmas nothing in our pipeline reads: the entity CRF uses word
shapes, the intent classifier its own n-grams and the sentence embedding. This gives the same
words (the same tokenizer rules, loaded from the same package) in a fraction of the time.
Words are lower-cased, as SpacyNLP with ``case_sensitive: false`` gave them.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message


@cache
def _spacy_tokenizer(model: str) -> Any:
    import spacy

    return spacy.load(model, exclude=spacy.info(model)["components"]).tokenizer


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class EnglishTokenizer(Tokenizer):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "model": "reflect_en_core_web_sm",
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__({**self.get_default_config(), **config})
        self._tokenizer = _spacy_tokenizer(self._config["model"])

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        tokens = [
            Token(word.text.lower(), word.idx)
            for word in self._tokenizer(message.get(attribute))
            if word.text.strip()
        ]
        return self._apply_token_pattern(tokens)
