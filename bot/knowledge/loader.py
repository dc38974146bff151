"""Read content YAML, validate it against the schema, and report problems as ``file:line``.

A partnership edits these files by hand; an error must say which file and line to fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence, Tuple, Type, TypeVar, Union

import yaml
from pydantic import ValidationError

from bot.knowledge.schema import ContentFile

Model = TypeVar("Model", bound=ContentFile)


class ContentError(ValueError):
    """A content file is unreadable or does not fit the schema."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        self.path, self.line, self.problem = path, line, problem
        # line 0: a problem with a folder or a setting, not with one line of a file
        super().__init__(f"{path}:{line}: {problem}" if line else f"{path}: {problem}")


def _compose(path: Path) -> Tuple[Any, yaml.Node]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise ContentError(path, line, "not valid UTF-8 text") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ContentError(path, 1, "the file is empty")
        return loader.construct_document(node), node
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise ContentError(path, line, f"invalid YAML: {error.problem or error.context}") from None
    finally:
        loader.dispose()


def line_of(node: yaml.Node, location: Sequence[Union[str, int]]) -> int:
    """The 1-based line of the deepest node on ``location`` that exists in the file."""
    for step in location:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == step), None)
            if child is None:  # an unexpected key: point at the key itself
                child = next((k for k, _ in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            child = node.value[step] if step < len(node.value) else None
        if child is None:
            break
        node = child
    return node.start_mark.line + 1


def load_file(path: Path, model: Type[Model]) -> Tuple[Model, yaml.Node]:
    """Parse and validate one content file; raise ``ContentError`` naming its file and line."""
    data, node = _compose(path)
    if not isinstance(data, dict):
        raise ContentError(path, 1, "expected a mapping at the top of the file")
    try:
        return model.parse_obj(data), node
    except ValidationError as error:
        problems = error.errors()
        # A misspelt key shows up as an unknown field and a missing one: name the misspelling.
        first = next((p for p in problems if p["type"] == "value_error.extra"), None)
        if first is None:
            # A field that takes text or a mapping (``if_not``) reports a problem for each; when
            # a mapping was given, the problem inside it (deeper) is the one to fix.
            top = problems[0]["loc"]
            inside = [p for p in problems if p["loc"][: len(top)] == top]
            first = max(inside, key=lambda p: len(p["loc"]))
        where = ".".join(str(step) for step in first["loc"] if step != "__root__")
        message = first["msg"]
        if first["type"] == "value_error.missing":
            message = "missing field"
        elif first["type"] == "value_error.extra":
            message = "unknown field (misspelt?)"
        elif first["type"] == "value_error.any_str.min_length":  # as import-audit leaves it
            message = "empty: write it (see its '# check:' comment, if any)"
        raise ContentError(path, line_of(node, first["loc"]), f"{where}: {message}") from None
