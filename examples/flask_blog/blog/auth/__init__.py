from blog.auth.decorators import admin_required, login_required
from blog.auth.views import bp

__all__ = ["admin_required", "bp", "login_required"]
