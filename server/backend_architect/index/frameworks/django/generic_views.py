"""The handlers Django's and DRF's generic views and viewsets define, by class name."""

from __future__ import annotations

VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")

# Methods of Django's generic views and DRF's generic views, by class name (checked against the
# installed frameworks by the tests). OPTIONS and HEAD are not: the framework answers them
# beside these (``Route.automatic``, ViewClass.automatic).
DJANGO_VIEW_METHODS: dict[str, tuple[str, ...]] = {
    "View": (),
    "TemplateView": ("get",),
    "RedirectView": ("get", "post", "put", "patch", "delete"),
    "ListView": ("get",),
    "DetailView": ("get",),
    "ArchiveIndexView": ("get",),
    "YearArchiveView": ("get",),
    "MonthArchiveView": ("get",),
    "WeekArchiveView": ("get",),
    "DayArchiveView": ("get",),
    "TodayArchiveView": ("get",),
    "DateDetailView": ("get",),
    "FormView": ("get", "post", "put"),
    "CreateView": ("get", "post", "put"),
    "UpdateView": ("get", "post", "put"),
    "DeleteView": ("get", "post", "delete"),
    # the base classes the generic views are built on (a package's views subclass them)
    "ProcessFormView": ("get", "post", "put"),
    "BaseFormView": ("get", "post", "put"),
    "BaseCreateView": ("get", "post", "put"),
    "BaseUpdateView": ("get", "post", "put"),
    "BaseDeleteView": ("get", "post", "delete"),
    "BaseDetailView": ("get",),
    "BaseListView": ("get",),
    "BaseArchiveIndexView": ("get",),
    "BaseDateListView": ("get",),
    "BaseDateDetailView": ("get",),
    "BaseYearArchiveView": ("get",),
    "BaseMonthArchiveView": ("get",),
    "BaseWeekArchiveView": ("get",),
    "BaseDayArchiveView": ("get",),
    "BaseTodayArchiveView": ("get",),
    "LoginView": ("get", "post", "put"),
    "LogoutView": ("post",),
    "PasswordChangeView": ("get", "post", "put"),
    "PasswordChangeDoneView": ("get",),
    "PasswordResetView": ("get", "post", "put"),
    "PasswordResetDoneView": ("get",),
    "PasswordResetConfirmView": ("get", "post", "put"),
    "PasswordResetCompleteView": ("get",),
}
DRF_VIEW_METHODS: dict[str, tuple[str, ...]] = {
    "APIView": (),
    "GenericAPIView": (),
    "CreateAPIView": ("post",),
    "ListAPIView": ("get",),
    "RetrieveAPIView": ("get",),
    "DestroyAPIView": ("delete",),
    "UpdateAPIView": ("put", "patch"),
    "ListCreateAPIView": ("get", "post"),
    "RetrieveUpdateAPIView": ("get", "put", "patch"),
    "RetrieveDestroyAPIView": ("get", "delete"),
    "RetrieveUpdateDestroyAPIView": ("get", "put", "patch", "delete"),
}
# ViewSet actions the DRF base classes and mixins implement.
DRF_ACTIONS: dict[str, tuple[str, ...]] = {
    "ViewSetMixin": (),
    "ViewSet": (),
    "GenericViewSet": (),
    "ModelViewSet": ("list", "create", "retrieve", "update", "partial_update", "destroy"),
    "ReadOnlyModelViewSet": ("list", "retrieve"),
    "ListModelMixin": ("list",),
    "CreateModelMixin": ("create",),
    "RetrieveModelMixin": ("retrieve",),
    "UpdateModelMixin": ("update", "partial_update"),
    "DestroyModelMixin": ("destroy",),
}
LIST_ROUTE = (("get", "list"), ("post", "create"))
DETAIL_ROUTE = (
    ("get", "retrieve"),
    ("put", "update"),
    ("patch", "partial_update"),
    ("delete", "destroy"),
)
