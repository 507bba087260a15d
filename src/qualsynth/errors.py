"""Errors raised for bad input: each message names the file, the row or line, and the fix."""

from __future__ import annotations

from collections.abc import Iterable


class InputError(ValueError):
    """Raw data or configuration that the pipeline cannot use as it is; ``problems``: each problem's
    message (one, unless the error lists several)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class ConfigError(InputError):
    """A configuration value that does not match the schema."""


class RenderError(RuntimeError):
    """The report could not be rendered; the message names the file and, where known, the chunk."""


class Problems:
    """Problems found while checking one input, gathered so that one run reports them all.

    Each problem is a whole message: where (file and line, or key), what is wrong, and the fix."""

    def __init__(self, limit: int = 50, per_kind: int = 3) -> None:
        self.found: list[str] = []
        self._limit = limit
        self._dropped = 0
        self._per_kind = per_kind
        self._kinds: dict[str, list[str]] = {}

    def add(self, message: str, kind: str | None = None, where: str = "") -> None:
        """Add ``message``. Problems of one ``kind`` (the same wrong role on many rows) are listed
        ``per_kind`` times; the rest are summed up in one line naming ``where`` each one is."""
        if kind is not None:
            self._kinds.setdefault(kind, []).append(where)
            if len(self._kinds[kind]) > self._per_kind:
                return
        if len(self.found) < self._limit:
            self.found.append(message)
        else:
            self._dropped += 1

    def _repeats(self) -> list[str]:
        lines = []
        for kind, places in self._kinds.items():
            more = places[self._per_kind :]
            if more:
                shown = ", ".join(more[:20]) + (", …" if len(more) > 20 else "")
                lines.append(f"{kind}: the same problem on {len(more)} more ({shown}).")
        return lines

    def __bool__(self) -> bool:
        return bool(self.found)

    def __len__(self) -> int:
        return len(self.found) + self._dropped + sum(max(0, len(p) - self._per_kind) for p in self._kinds.values())

    def extend(self, messages: Iterable[str]) -> None:
        """Add each of ``messages``."""
        for message in messages:
            self.add(message)

    def messages(self) -> list[str]:
        """Every problem, one line each: those listed, then the repeats and the dropped summed up."""
        more = self._repeats() + ([f"... and {self._dropped} more like these"] if self._dropped else [])
        return self.found + more if self.found else []

    def raise_if_any(self, error: type[InputError] = InputError) -> None:
        """Raise ``error`` whose message lists every problem, one per line."""
        messages = self.messages()
        if not messages:
            return
        if len(messages) == 1:
            raise error(messages[0])
        raise error("\n".join([f"{len(self)} problems:", *messages]), messages)
