from django.urls import path

from common.api import views

app_name = "locations"

urlpatterns = [
    path("regions/", views.RegionList.as_view(), name="regions"),
    path("regions/<str:code>/provinces/", views.ProvinceList.as_view(), name="provinces"),
    path("provinces/<str:code>/municipalities/", views.MunicipalityList.as_view(), name="municipalities"),
    path("municipalities/<str:code>/barangays/", views.BarangayList.as_view(), name="barangays"),
    path("search/", views.LocationSearch.as_view(), name="search"),
]
