"""The portal's URLs plus /hello/: a bare Django view through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from msqory.urls import urlpatterns as portal


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("hello/", hello), *portal]
