from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import View


class BaseObjectView(LoginRequiredMixin, View):
    queryset = None
