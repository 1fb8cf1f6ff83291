"""Production settings served over plain HTTP on 127.0.0.1 (the browser journeys'
production-like server): explicit switches, secure by default."""

from tests.test_settings_production import PRODUCTION, manage

SHOW = (
    "from django.conf import settings as s;"
    "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
    " s.ACCOUNT_DEFAULT_HTTP_PROTOCOL, s.STATIC_ROOT)"
)
PLAIN_HTTP = {
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL": "http",
}


def test_production_is_https_only_unless_switched_off(tmp_path):
    result = manage("shell", "--no-imports", "-c", SHOW, tmp_path=tmp_path, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:5] == ["False", "True", "True", "True", "https"]


def test_the_plain_http_switches_turn_off_only_what_they_name(tmp_path):
    static_root = str(tmp_path / "static")
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        SHOW,
        tmp_path=tmp_path,
        **PRODUCTION,
        **PLAIN_HTTP,
        STATIC_ROOT=static_root,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False", "False", "http", static_root]
