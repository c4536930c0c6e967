from django.urls import path

from instruction import views

app_name = "instruction"
urlpatterns = [
    path("", views.a_instruire, name="a_instruire"),
    path("territoire/", views.territoire, name="territoire"),
]
