"""The one exception hierarchy of CoC Analyzer.

Every error a user can cause is an :class:`AnalyzerError`. Its ``str()`` is one readable line
that says what went wrong and what to do; the CLI prints it and exits with code 2, the app shows
it and keeps serving. Library code raises these and never prints.

The advice can depend on where the message is shown: the command line says ``--password``, the
app says to type the password in the box below. :attr:`AnalyzerError.user_message` is the
command-line wording (also ``str()``); :attr:`AnalyzerError.app_message` is the app's, and
:meth:`AnalyzerError.message_for` picks one by channel. A raiser can give the app wording
explicitly (``app_message=``); otherwise a class with :attr:`AnalyzerError.app_advice` replaces
the advice after the message's last ``": "`` (messages are written "what went wrong: what to
do"), and any other error reads the same in both places.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

#: Where a message is shown: the ``coc`` command line or the Streamlit app.
Channel = Literal["cli", "app"]


def _one_line(text: str) -> str:
    return " ".join(text.split())


class AnalyzerError(Exception):
    """Base class: a problem the user can understand and act on."""

    exit_code = 2
    #: What to do, worded for the app, replacing the command-line advice (the text after the
    #: last ``": "`` of the message) when the raiser gave no ``app_message``. None: same text.
    app_advice: ClassVar[str | None] = None

    def __init__(self, message: str, *, app_message: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self._app_message = app_message

    @property
    def user_message(self) -> str:
        """One line for people at the command line: what went wrong and what to do."""
        return _one_line(self.message)

    @property
    def app_message(self) -> str:
        """One line for people using the app: what went wrong and what to do there."""
        if self._app_message is not None:
            return _one_line(self._app_message)
        text = self.user_message
        if self.app_advice is not None:
            what, sep, _advice = text.rpartition(": ")
            if sep:
                return f"{what}: {self.app_advice}"
            return f"{text.rstrip('.')}: {self.app_advice}"
        return text

    def message_for(self, channel: Channel) -> str:
        """The message worded for ``channel`` ("cli" or "app")."""
        return self.app_message if channel == "app" else self.user_message

    def __str__(self) -> str:
        return self.user_message

    def __reduce__(self) -> tuple[Any, ...]:
        # keep the app wording across pickling (batch workers, caches)
        return (type(self), (self.message,), self.__dict__.copy())


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

    app_advice = "type the password in the box below, or upload an unprotected copy"


class NoTextLayerError(InputError):
    """Every page is a scanned image and OCR is not available."""


class TooLargeError(InputError):
    """The file is over the size limit or the page limit."""

    app_advice = (
        "compress or split it and upload the parts (whoever runs the app can raise the limit "
        "with COC_MAX_MB / COC_MAX_PAGES)"
    )


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
    """The model file is not a plain-array CoC Analyzer model (wrong format, pickled objects or
    arrays that do not fit its header); it is never loaded."""


class TemplateError(AnalyzerError):
    """A toolkit template is missing or uses an undefined variable."""


class StoreError(AnalyzerError):
    """The corpus database cannot be opened, migrated or written."""


class NotFoundError(AnalyzerError, LookupError):
    """A stored document or analysis id does not exist."""


__all__ = [
    "AnalyzerError",
    "Channel",
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
