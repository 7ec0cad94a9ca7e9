from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """Expose the site name to every template."""
    return {"site_name": settings.SITE_NAME}
