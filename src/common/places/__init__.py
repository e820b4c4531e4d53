"""The shared place picker (form field, widget, django-filter filter) and place labels.

See docs/architecture.md, "Place picker", for how a form or filter declares a place field."""
