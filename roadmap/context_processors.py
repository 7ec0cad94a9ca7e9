from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """Expose the product's name to every template as `brand_name`.

    Not `site_name`: Django's LoginView and LogoutView put their own `site_name` (the request's
    host, e.g. "127.0.0.1:8000", when the sites framework is not installed) into the context,
    and a view's context wins over a context processor's.
    """
    return {"brand_name": settings.SITE_NAME}
