"""Controlled vocabularies of the barangay OBC profile.

Codes are stored; labels are shown. Codes never change once data exists (imports and exports use
them), labels may be reworded.
"""

from django.db import models


class EthnolinguisticGroup(models.TextChoices):
    """The Bangsamoro ethnolinguistic groups of DESIGN.md's glossary."""

    BADJAO = "badjao", "Badjao"
    IRANUN = "iranun", "Iranun"
    JAMA_MAPUN = "jama_mapun", "Jama Mapun"
    KAGAN = "kagan", "Kagan/Kalagan"
    KOLIBUGAN = "kolibugan", "Kolibugan"
    MAGUINDANAON = "maguindanaon", "Maguindanaon"
    MERANAW = "meranaw", "Meranaw (Maranao)"
    MOLBOG = "molbog", "Molbog"
    PALAWANI = "palawani", "Palawani"
    SAMA = "sama", "Sama"
    SANGIL = "sangil", "Sangil"
    TAUSUG = "tausug", "Tausug"
    YAKAN = "yakan", "Yakan"
    OTHER = "other", "Other"


class Language(models.TextChoices):
    BAHASA_SUG = "tausug", "Bahasa Sug (Tausug)"
    SINAMA = "sinama", "Sinama"
    YAKAN = "yakan", "Yakan"
    MERANAW = "meranaw", "Meranaw"
    MAGUINDANAON = "maguindanaon", "Maguindanaon"
    IRANUN = "iranun", "Iranun"
    KALAGAN = "kalagan", "Kalagan"
    JAMA_MAPUN = "jama_mapun", "Jama Mapun"
    CEBUANO = "cebuano", "Cebuano/Bisaya"
    CHAVACANO = "chavacano", "Chavacano"
    HILIGAYNON = "hiligaynon", "Hiligaynon"
    FILIPINO = "filipino", "Filipino"
    ENGLISH = "english", "English"
    ARABIC = "arabic", "Arabic"
    OTHER = "other", "Other"


class SettlementType(models.TextChoices):
    RURAL_VILLAGE = "rural_village", "Rural village"
    URBAN_ENCLAVE = "urban_enclave", "Urban or peri-urban enclave"
    COASTAL = "coastal", "Coastal / stilt-house community"
    ISLAND = "island", "Island community"
    UPLAND = "upland", "Upland community"
    RESETTLEMENT = "resettlement", "Relocation or resettlement site"
    IDP_SITE = "idp_site", "Evacuation or IDP site"
    MIXED = "mixed", "Mixed with non-Bangsamoro households"


class ProximityToBARMM(models.TextChoices):
    ADJACENT = "adjacent", "Adjacent (shares a border with BARMM)"
    NEAR = "near", "Near (within about 50 km)"
    FAR = "far", "Far (more than 50 km)"


class DataSource(models.TextChoices):
    MANA = "mana", "MANA assessment"
    FIELD_VALIDATION = "field_validation", "OOBC field validation"
    LGU_RECORDS = "lgu_records", "LGU records / barangay profile"
    PSA = "psa", "PSA census or survey"
    CSO_REPORT = "cso_report", "CSO / NGO report"
    COMMUNITY_LEADERS = "community_leaders", "Community leaders (key informants)"
    OTHER = "other", "Other"


class Livelihood(models.TextChoices):
    FARMING = "farming", "Farming (crops)"
    FISHING = "fishing", "Fishing"
    SEAWEED = "seaweed", "Seaweed farming"
    AQUACULTURE = "aquaculture", "Aquaculture"
    LIVESTOCK = "livestock", "Livestock and poultry"
    TRADING = "trading", "Trading / vending"
    SMALL_BUSINESS = "small_business", "Small business (sari-sari, eatery)"
    LABOR = "labor", "Construction or casual labour"
    TRANSPORT = "transport", "Transport (tricycle, boat)"
    CRAFTS = "crafts", "Weaving and handicrafts"
    EMPLOYMENT = "employment", "Government or private employment"
    OVERSEAS = "overseas", "Overseas work / remittances"
    OTHER = "other", "Other"


class PovertyBand(models.TextChoices):
    VERY_HIGH = "very_high", "Very high (more than 60% poor)"
    HIGH = "high", "High (40–60%)"
    MODERATE = "moderate", "Moderate (20–40%)"
    LOW = "low", "Low (under 20%)"
    UNKNOWN = "unknown", "Not known"


class UnemploymentBand(models.TextChoices):
    VERY_HIGH = "very_high", "Very high (more than 30%)"
    HIGH = "high", "High (15–30%)"
    MODERATE = "moderate", "Moderate (5–15%)"
    LOW = "low", "Low (under 5%)"
    UNKNOWN = "unknown", "Not known"


class AccessRating(models.IntegerChoices):
    NONE = 1, "1 – No access"
    POOR = 2, "2 – Poor"
    FAIR = 3, "3 – Fair"
    GOOD = 4, "4 – Good"
    VERY_GOOD = 5, "5 – Very good"


#: The access ratings of the socio-economic section: (field name, label).
ACCESS_FIELDS = (
    ("access_formal_education", "Formal education"),
    ("access_als", "Alternative Learning System (ALS)"),
    ("access_madrasah", "Madrasah education"),
    ("access_health", "Health services"),
    ("access_water", "Safe water"),
    ("access_sanitation", "Sanitation"),
    ("access_electricity", "Electricity"),
    ("access_roads", "Roads and transport"),
    ("access_communication", "Communication (mobile, internet)"),
)


class LandTenure(models.TextChoices):
    TITLED = "titled", "Mostly titled / owned"
    CLOA = "cloa", "Agrarian reform (CLOA/CLT)"
    ANCESTRAL = "ancestral", "Ancestral domain / CADT"
    PUBLIC_LAND = "public_land", "Public land / foreshore, no title"
    TENANT = "tenant", "Tenants or lessees"
    INFORMAL = "informal", "Informal settlers"
    MIXED = "mixed", "Mixed"
    UNKNOWN = "unknown", "Not known"


class MigrationReason(models.TextChoices):
    ANCESTRAL = "ancestral", "Ancestral / original inhabitants"
    ARMED_CONFLICT = "armed_conflict", "Armed conflict"
    ECONOMIC = "economic", "Economic opportunity"
    TRADE = "trade", "Trade"
    MARRIAGE = "marriage", "Marriage and kinship"
    DISASTER = "disaster", "Natural disaster"
    RESETTLEMENT = "resettlement", "Government resettlement"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other"


class LguRelationship(models.TextChoices):
    STRONG = "strong", "Strong (regular engagement, support received)"
    GOOD = "good", "Good"
    FAIR = "fair", "Fair (occasional contact)"
    WEAK = "weak", "Weak or strained"
    NONE = "none", "No relationship"


class Representation(models.TextChoices):
    BARANGAY_COUNCIL = "barangay_council", "Barangay council (kagawad)"
    BARANGAY_CAPTAIN = "barangay_captain", "Barangay captain"
    MUNICIPAL_COUNCIL = "municipal_council", "Municipal/city council"
    IPMR = "ipmr", "Indigenous peoples mandatory representative"
    SK = "sk", "Sangguniang Kabataan"
    LGU_STAFF = "lgu_staff", "LGU staff / office"
    NONE = "none", "None"


class ChallengeCategory(models.TextChoices):
    POVERTY = "poverty", "Poverty and livelihood"
    EDUCATION = "education", "Access to education"
    HEALTH = "health", "Health services"
    WATER_SANITATION = "water_sanitation", "Water and sanitation"
    INFRASTRUCTURE = "infrastructure", "Roads and infrastructure"
    PEACE_ORDER = "peace_order", "Peace and order"
    DISCRIMINATION = "discrimination", "Discrimination"
    LAND = "land", "Land tenure"
    DISASTER = "disaster", "Disaster risk"
    CIVIL_REGISTRATION = "civil_registration", "Civil registration / IDs"
    REPRESENTATION = "representation", "Representation in governance"
    RELIGIOUS_FACILITIES = "religious_facilities", "Religious and cultural facilities"
    OTHER = "other", "Other"


class AspirationCategory(models.TextChoices):
    LIVELIHOOD = "livelihood", "Livelihood support"
    SCHOLARSHIP = "scholarship", "Education and scholarships"
    MADRASAH = "madrasah", "Madrasah and Arabic education"
    HEALTH = "health", "Health facility or services"
    WATER = "water", "Water system"
    INFRASTRUCTURE = "infrastructure", "Infrastructure (roads, ports)"
    HOUSING = "housing", "Housing and land titling"
    PEACE = "peace", "Peace and security"
    CULTURE = "culture", "Cultural preservation"
    REPRESENTATION = "representation", "Representation and recognition"
    BARMM_SERVICES = "barmm_services", "Access to BARMM services"
    OTHER = "other", "Other"


class LeaderRole(models.TextChoices):
    BARANGAY_OFFICIAL = "barangay_official", "Barangay official"
    TRADITIONAL = "traditional", "Traditional leader (datu, panglima)"
    RELIGIOUS = "religious", "Religious leader (imam, ustadz)"
    WOMEN = "women", "Women's leader"
    YOUTH = "youth", "Youth leader"
    ORGANIZATION = "organization", "Organization or cooperative leader"
    FOCAL_PERSON = "focal_person", "Community focal person"
    OTHER = "other", "Other"
