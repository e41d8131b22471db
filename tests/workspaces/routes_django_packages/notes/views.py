from drf_spectacular.views import SpectacularRedocView
from rest_framework import viewsets


class NoteViewSet(viewsets.ModelViewSet):
    queryset = None


class NotesRedocView(SpectacularRedocView):
    """A project subclass of an installed package's view: its get is the package's."""

    title = "Notes API"
