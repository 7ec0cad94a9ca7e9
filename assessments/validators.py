"""Checks on the text people type, and the evidence references they give.

One place for the rules every text field follows, whatever form it is on:
- no control characters (invisible, often pasted from another program; Excel files cannot
  hold them): refused with a message naming the field and where the first one is;
- single-line fields (names, titles) hold no line breaks either: a name goes verbatim into
  emails and headings;
- a length limit with a message that says how long the text is, instead of a browser that
  cuts pasted text silently. A line break counts as one character, as the live counter in
  the browser counts it (browsers send it as two, CR LF).

Text already stored before these checks existed is made safe where it leaves the system
(`printable`, used by the Excel export and the PDF).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Every C0 and C1 control character, DEL included; \t \n \r are allowed in multi-line text.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
LINE_BREAKS = frozenset("\n\r\t\u2028\u2029\x0b\x0c\x85")
MULTILINE_ALLOWED = frozenset("\n\r\t")
SHOWN_BEFORE = 20  # characters quoted before the first control character

TOO_LONG = _(
    "%(subject)s is %(n)s characters; the limit is %(limit)s. Shorten it; your text is kept."
)
CONTROL_CHARACTER = _(
    "%(subject)s contains an invisible control character (%(codes)s), often left by copying "
    "from another program. The first one is %(where)s. Delete and retype the text around it, "
    "then save again."
)
ONE_LINE = _("%(subject)s must be on one line: remove the line breaks.")

# Evidence references: web addresses (shown as links) or references to documents on internal
# file shares (shown as text, never fetched or linked: the server cannot and must not open them).
WEB_PREFIXES = ("http://", "https://")
FILE_SHARE = re.compile(
    r"""^(?:
        \\\\[^\\/\s]+\\.+       # UNC: \\server\share\...
      | file:/.+                # file:///..., file://server/share/...
      | [a-z]:\\.+              # a mapped drive: S:\Policy\plan.pdf
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
NOT_A_REFERENCE = _(
    "Evidence link “%(link)s” for indicator %(code)s is neither a web address nor a file-share "
    "reference. Start web addresses with https:// (or www.), file-share references with "
    "\\\\server\\share\\ or file://."
)
TOO_MANY_LINKS = _("Indicator %(code)s has %(n)d evidence links; at most %(limit)d are allowed.")


def counted_length(text: str) -> int:
    """The number of characters as a person (and the browser's counter) counts them."""
    return len(text.replace("\r\n", "\n"))


def _where(text: str, index: int) -> str:
    if index == 0:
        return str(_("at the very start"))
    before = text[max(0, index - SHOWN_BEFORE) : index].replace("\n", " ").strip()
    return str(_("after “%(before)s”")) % {"before": printable(before)}


def control_character_errors(text: str, subject: str, *, multiline: bool) -> list[ValidationError]:
    """Errors for control characters in `text` (and for line breaks when it is one line)."""
    errors = []
    if not multiline and any(char in LINE_BREAKS for char in text):
        errors.append(ValidationError(ONE_LINE, code="one_line", params={"subject": subject}))
    allowed = MULTILINE_ALLOWED if multiline else LINE_BREAKS
    found = [(m.start(), m.group()) for m in CONTROL.finditer(text) if m.group() not in allowed]
    if found:
        codes = sorted({char for _i, char in found})
        errors.append(
            ValidationError(
                CONTROL_CHARACTER,
                code="control_character",
                params={
                    "subject": subject,
                    "codes": ", ".join(f"U+{ord(char):04X}" for char in codes),
                    "where": _where(text, found[0][0]),
                },
            )
        )
    return errors


def text_errors(
    text: str, subject: str, *, limit: int | None, multiline: bool
) -> list[ValidationError]:
    """Every problem with one piece of typed text: length, control characters, line breaks."""
    errors = []
    length = counted_length(text)
    if limit is not None and length > limit:
        params = {"subject": subject, "n": f"{length:,}", "limit": f"{limit:,}"}
        errors.append(ValidationError(TOO_LONG, code="max_length", params=params))
    return errors + control_character_errors(text, subject, multiline=multiline)


def check_text(text: str, subject: str, *, limit: int | None = None, multiline: bool) -> str:
    """Return `text` when it passes `text_errors`; raise them all otherwise."""
    errors = text_errors(text, subject, limit=limit, multiline=multiline)
    if errors:
        raise ValidationError(errors)
    return text


def printable(text: str) -> str:
    """`text` without control characters (tabs and line breaks kept), for files we produce."""
    return CONTROL.sub(lambda m: m.group() if m.group() in MULTILINE_ALLOWED else "", text)


def is_web_address(reference: str) -> bool:
    return reference.lower().startswith(WEB_PREFIXES)


def is_file_share_reference(reference: str) -> bool:
    return bool(FILE_SHARE.match(reference))


def evidence_reference(line: str, code: str) -> str:
    """One evidence link as stored: a checked web address (www. completed) or a file reference."""
    reference = "https://" + line if line.lower().startswith("www.") else line
    if is_web_address(reference):
        try:
            URLValidator(schemes=["http", "https"])(reference)
        except ValidationError:
            pass
        else:
            return reference
    elif is_file_share_reference(reference):
        return reference
    raise ValidationError(
        NOT_A_REFERENCE, code="invalid_link", params={"link": line[:80], "code": code}
    )
