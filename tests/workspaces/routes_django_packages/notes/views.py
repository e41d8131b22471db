from rest_framework import viewsets


class NoteViewSet(viewsets.ModelViewSet):
    queryset = None
