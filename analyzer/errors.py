"""The one exception hierarchy of CoC Analyzer.

Every error a user can cause is an :class:`AnalyzerError`. Its ``str()`` is one readable line
that says what went wrong and what to do; the CLI prints it and exits with code 2, the app shows
it and keeps serving. Library code raises these and never prints.
"""

from __future__ import annotations


class AnalyzerError(Exception):
    """Base class: a problem the user can understand and act on."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def user_message(self) -> str:
        """One line for people: what went wrong and what to do."""
        return " ".join(self.message.split())

    def __str__(self) -> str:
        return self.user_message


class InputError(AnalyzerError, ValueError):
    """The document given cannot be read as a policy document."""


class EmptyDocumentError(InputError):
    """The file is empty or holds no text at all."""


class UnsupportedFormatError(InputError):
    """The bytes are not PDF, DOCX, HTML, Markdown or plain text."""


class PdfReadError(InputError):
    """The PDF is damaged, truncated or not really a PDF."""


class EncryptedPdfError(InputError):
    """The PDF needs a password, or the password given is wrong."""


class NoTextLayerError(InputError):
    """Every page is a scanned image and OCR is not available."""


class TooLargeError(InputError):
    """The file is over the size limit or the page limit."""


class EncodingError(InputError):
    """A text file is not in an encoding we can read."""


class RubricError(AnalyzerError, ValueError):
    """A rubric file is missing or invalid; the message names the file, entry and field."""


class SectorError(AnalyzerError, ValueError):
    """An unknown sector id was asked for."""


class ModelError(AnalyzerError):
    """The trained model is missing, stale or untrusted."""


class ModelNotFoundError(ModelError):
    """No trained model file where one was expected."""


class UntrustedModelError(ModelError):
    """The model file holds types outside the allow-list."""


class TemplateError(AnalyzerError):
    """A toolkit template is missing or uses an undefined variable."""


class StoreError(AnalyzerError):
    """The corpus database cannot be opened, migrated or written."""


class NotFoundError(AnalyzerError, LookupError):
    """A stored document or analysis id does not exist."""


__all__ = [
    "AnalyzerError",
    "EmptyDocumentError",
    "EncodingError",
    "EncryptedPdfError",
    "InputError",
    "ModelError",
    "ModelNotFoundError",
    "NoTextLayerError",
    "NotFoundError",
    "PdfReadError",
    "RubricError",
    "SectorError",
    "StoreError",
    "TemplateError",
    "TooLargeError",
    "UnsupportedFormatError",
    "UntrustedModelError",
]
