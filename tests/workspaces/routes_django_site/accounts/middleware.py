from django.shortcuts import redirect


class LoginRequiredMiddleware:
    """Every page but the public ones needs a signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith("/public/"):
            return redirect("/accounts/login/")
        return self.get_response(request)
