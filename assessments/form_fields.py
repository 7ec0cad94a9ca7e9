"""Form fields for typed text: checked on the server, never cut short by the browser.

`LimitedTextField` has no `maxlength` attribute (a browser silently cuts pasted text to it);
it carries `data-limit` for the live counter in static/js/forms.js instead, and the server
refuses longer text with a message that says how long it is. The text stays in the form.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from assessments.validators import TOO_MANY_LINKS, evidence_reference, text_errors

MAX_LINKS = 20


class LimitedTextField(forms.CharField):
    """Text with a length limit and no control characters; one line unless `multiline`.

    `subject` names the field in messages ("Comment for indicator POL.1.2"); it defaults to
    the label and a form may set it per instance.
    """

    def __init__(self, *, limit: int, multiline: bool = True, subject=None, **kwargs) -> None:
        kwargs.pop("max_length", None)
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        self.limit = limit  # set first: Field.__init__ asks widget_attrs for it
        self.multiline = multiline
        self.subject = subject
        super().__init__(**kwargs)

    @property
    def limit_text(self) -> str:
        """The limit as people read it: 10,000."""
        return f"{self.limit:,}"

    def validate(self, value: str) -> None:
        super().validate(value)
        subject = str(self.subject or self.label or "")
        errors = text_errors(value or "", subject, limit=self.limit, multiline=self.multiline)
        if errors:
            raise ValidationError(errors)

    def widget_attrs(self, widget) -> dict[str, str]:
        attrs = super().widget_attrs(widget)
        attrs["data-limit"] = str(self.limit)
        return attrs


class LinksField(LimitedTextField):
    """Evidence links, one per line: web addresses, or references to files on a file share.

    "www.example.org/x" is completed to "https://www.example.org/x". File-share references
    (\\\\server\\share\\doc.pdf, file://..., S:\\...) are kept as typed and only ever shown as
    text. `code` names the indicator in messages.
    """

    code = ""

    def clean(self, value: str) -> str:
        value = super().clean(value)
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise ValidationError(
                TOO_MANY_LINKS, params={"code": self.code, "n": len(lines), "limit": MAX_LINKS}
            )
        errors, references = [], []
        for line in lines:
            try:
                references.append(evidence_reference(line, self.code))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return "\n".join(references)
