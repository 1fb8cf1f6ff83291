"""Content Security Policy: strict everywhere, relaxed only where the admin theme needs it."""

from csp.middleware import CSPMiddleware
from django.urls import reverse


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    # The admin theme (Unfold) runs Alpine.js, which evaluates expressions and sets inline styles.
    ADMIN_RELAXATIONS = {"script-src": ["'unsafe-eval'"], "style-src": ["'unsafe-inline'"]}

    def process_response(self, request, response):
        if request.path.startswith(reverse("admin:index")):
            response._csp_update = self.ADMIN_RELAXATIONS
        return super().process_response(request, response)
