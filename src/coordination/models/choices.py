"""Choice lists of the coordination app. Sectors are MANA's need categories (one list for both)."""

from django.db import models

from mana.models.needs import NeedCategory

Sector = NeedCategory


class OrganizationType(models.TextChoices):
    BMOA = "bmoa", "BARMM ministry, office or agency (BMOA)"
    NGA = "nga", "National government agency (NGA)"
    LGU = "lgu", "Local government unit (LGU)"
    CSO = "cso", "CSO / NGO"
    ACADEME = "academe", "Academe"
    PRIVATE = "private", "Private sector"
    RELIGIOUS = "religious", "Religious / traditional leaders' council"
    DEV_PARTNER = "dev_partner", "Development partner"
    OTHER = "other", "Other"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone call"
    SMS = "sms", "SMS"
    EMAIL = "email", "E-mail"
    MESSENGER = "messenger", "Messenger / Viber / WhatsApp"
    LETTER = "letter", "Official letter"
    IN_PERSON = "in_person", "In person"
