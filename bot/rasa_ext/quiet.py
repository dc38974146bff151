"""Rasa's known-harmless warnings, kept out of the output so that what is printed is worth reading.

Installed before Rasa is imported by ``python -m bot.rasa_ext.rasa_command`` (every Rasa
command Reflect runs: the servers, training, data validation, story tests). Each kind, and why
it is harmless:

- **"The utterance 'utter_x' is not used in any story or rule."** (``rasa data validate``)
  Rasa only sees responses named in stories and rules; most of Reflect's are sent by custom
  actions (``dispatcher.utter_message(response=...)``) or by the channels, and two by Rasa's
  own default actions. Only responses whose name (or, for ``f"utter_ack_{kind}"``, whose
  prefix) is written in Reflect's Python code, and Rasa's two, are silenced: a response that
  nothing sends still warns.
- **DeprecationWarning and its subclasses raised inside installed packages** (``pkg_resources``,
  pyparsing via matplotlib, click via typer, jax via TensorFlow, distutils via Sanic-CORS): the
  versions are pinned by Rasa 3.6 (requirements.lock) and nothing in Reflect can act on them.
  A deprecation raised by Reflect's own code is still shown.

Python warnings are routed into logging (``logging.captureWarnings``), where this filter sits on
the ``py.warnings`` logger: Rasa re-installs its own warning filters when a command starts
(``warnings.filterwarnings("once", category=UserWarning)``), which would override any filter in
the ``warnings`` module set before it.
"""

from __future__ import annotations

import ast
import logging
import re
from functools import lru_cache
from typing import FrozenSet

from bot.settings import PROJECT_DIR

SENDERS = ("actions", "bot")  # where Reflect's code sends responses by name
# Uttered by Rasa's action_default_fallback and action_default_ask_rephrase.
SENT_BY_RASA = frozenset({"utter_default", "utter_ask_rephrase"})
_UNUSED = re.compile(r"The utterance '(\w+)' is not used in any story or rule")
# Raised inside an installed package, or by the import system while it loads one.
_PACKAGE_DEPRECATION = re.compile(
    r"(?:/site-packages/\S+|<frozen importlib\._bootstrap>):\d+: \w*DeprecationWarning"
)


@lru_cache(maxsize=1)
def responses_sent_by_code() -> FrozenSet[str]:
    """Every ``utter_*`` string in Reflect's Python code (actions and channels), and the fixed
    start of every f-string that builds one (``utter_ack_``), plus Rasa's own two."""
    names = set(SENT_BY_RASA)
    for folder in SENDERS:
        for path in (PROJECT_DIR / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.JoinedStr) and node.values:
                    node = node.values[0]  # its fixed start is what names the response
                if isinstance(node, ast.Constant) and re.fullmatch(r"utter_\w+", str(node.value)):
                    names.add(node.value)
    return frozenset(names)


def sent_by_code(response: str) -> bool:
    names = responses_sent_by_code()
    return response in names or any(n.endswith("_") and response.startswith(n) for n in names)


class HarmlessWarnings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        unused = _UNUSED.search(message)
        if unused:
            return not sent_by_code(unused.group(1))
        return not _PACKAGE_DEPRECATION.search(message)


def install() -> None:
    logging.captureWarnings(True)
    warnings_logger = logging.getLogger("py.warnings")
    if not any(isinstance(f, HarmlessWarnings) for f in warnings_logger.filters):
        warnings_logger.addFilter(HarmlessWarnings())
