from django.urls import path
from django.utils.module_loading import import_string
from django.views.generic import View

from core.registry import registry


def get_model_urls(app_label, model_name, detail=True):
    paths = []
    try:
        views = [
            config
            for config in registry["views"][app_label][model_name]
            if config["detail"] == detail
        ]
    except KeyError:
        views = []
    for config in views:
        if type(config["view"]) is str:
            view_ = import_string(config["view"])
        else:
            view_ = config["view"]
        if issubclass(view_, View):
            view_ = view_.as_view()
        name = f"{model_name}_{config['name']}" if config["name"] else model_name
        url_path = f"{config['path']}/" if config["path"] else ""
        paths.append(path(url_path, view_, name=name, kwargs=config["kwargs"]))
    return paths


def model_urls(app_label, model_name):
    """Both halves of a model's URLs, the list views and the detail views."""
    return [
        path(f"{model_name}s/", include_list(app_label, model_name, False)),
        path(f"{model_name}s/<int:pk>/", include_list(app_label, model_name, True)),
    ]


def include_list(app_label, model_name, detail):
    from django.urls import include

    return include(get_model_urls(app_label, model_name, detail=detail))
