"""The site's forms: an upload (the command line's date forms), a member."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from redline.dates import DATE_FORMS, parse_cli_date
from redline.errors import RedlineError
from redline.serve.models import ROLES
from redline.serve.uploads import VERSION_ID


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Draft (Word .docx, PDF or text)"))
    vid = forms.CharField(label=_("Version id"), max_length=80,
                          help_text=_("Letters, digits, '.', '-' and '_', e.g. 2016-01"))
    date = forms.CharField(label=_("Date"), max_length=40,
                           help_text=DATE_FORMS.replace("with --date-order dmy|mdy",
                                                        "with the choice below"))
    date_order = forms.ChoiceField(
        label=_("A numeric date that reads two ways is"), required=False,
        choices=[("", _("refused")), ("dmy", _("day first (7/12 = 7 December)")),
                 ("mdy", _("month first (7/12 = 12 July)"))])
    label = forms.CharField(label=_("Label"), max_length=300, required=False)

    def clean_vid(self) -> str:
        vid = self.cleaned_data["vid"].strip()
        if not VERSION_ID.match(vid):
            raise forms.ValidationError(_("Letters, digits, '.', '-' and '_' only."))
        return vid

    def clean(self):
        data = super().clean()
        if "date" in data:
            try:
                data["date"] = parse_cli_date(data["date"].strip(), data.get("date_order") or None,
                                              "date")
            except RedlineError as exc:
                self.add_error("date", _on_the_form(str(exc)))
        return data


def _on_the_form(message: str) -> str:
    """The command line's date message, with the form's own control named for its option."""
    message = " ".join(message.split())
    message = message.replace("or give --date-order mdy|dmy",
                              "or choose how such a date reads below")
    return message.replace(" with --date-order dmy|mdy", ", with the choice below")


class MemberForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=ROLES)
    delegation = forms.CharField(label=_("Delegation (for a delegate)"), max_length=40,
                                 required=False)
