from django.views.generic import View


class BaseObjectView(View):
    queryset = None
