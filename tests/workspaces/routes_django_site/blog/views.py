from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from blog.models import Post

WRITE_METHODS = ["POST", "PUT"]


def index(request):
    return HttpResponse("posts")


@require_http_methods(["GET", "POST"])
@login_required
def comment(request, pk):
    return HttpResponse("comment")


@require_POST
@permission_required("blog.publish_post")
def publish(request, slug):
    return HttpResponse("published")


@require_safe
def archive(request, year, month):
    return HttpResponse("archive")


@require_http_methods(WRITE_METHODS)
def upload(request):
    return HttpResponse("uploaded")


class PostList(ListView):
    model = Post


class PostDetail(LoginRequiredMixin, DetailView):
    model = Post


class PostCreate(LoginRequiredMixin, CreateView):
    model = Post
    fields = ["title"]


@method_decorator(login_required, name="dispatch")
class PostUpdate(UpdateView):
    model = Post
    fields = ["title"]


class PostDelete(PermissionRequiredMixin, DeleteView):
    model = Post
    permission_required = "blog.delete_post"
    success_url = reverse_lazy("blog:index")
