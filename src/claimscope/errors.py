"""The exception hierarchy: every error claimscope raises on purpose.

    ClaimscopeError
    ├── InputError          a document cannot be read (one per document; a batch goes on)
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── UndecodableInput
    │   ├── InputTooLarge
    │   └── ExtractionFailed
    ├── ConfigError         the pipeline or a setting is wrong (fail before any document)
    └── GazetteerError      a gazetteer file cannot be loaded or imported
"""

from __future__ import annotations


class ClaimscopeError(Exception):
    """Base of every error claimscope raises on purpose."""


class InputError(ClaimscopeError):
    """One document cannot be read; `reason` is a short machine-readable code."""

    reason = "unreadable"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{self.source}: {msg}" if self.source else msg


class EmptyInput(InputError):
    reason = "empty"


class BinaryInput(InputError):
    reason = "binary"


class UndecodableInput(InputError):
    reason = "undecodable"


class InputTooLarge(InputError):
    reason = "too_large"


class ExtractionFailed(InputError):
    reason = "extraction_failed"


class ConfigError(ClaimscopeError):
    """The pipeline or a setting is wrong."""


class GazetteerError(ClaimscopeError):
    """A gazetteer file cannot be loaded or imported."""
