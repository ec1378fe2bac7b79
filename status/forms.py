from django import forms

from .fields import IINField


class StatusCheckForm(forms.Form):
    iin = IINField()
