from django import forms

from common.imports.files import ACCEPTED, ImportFileError, check_upload


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text=f"An Excel workbook ({ACCEPTED}) or CSV file filled in from the template.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
