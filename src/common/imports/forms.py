from django import forms

from common.imports.files import ACCEPT_ATTRIBUTE, ACCEPTED, ImportFileError, check_upload


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text=f"Upload {ACCEPTED}, filled in from the template.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
