"""The documented reverse proxy (deploy/nginx.conf), run with the real nginx in front of
gunicorn: it refuses an oversized anonymous upload before any of it reaches the portal, limits
how fast uploads come, and passes everything else on (issue 20, security 6)."""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_processes import BIN, free_port, running, wait_for_http  # noqa: F401

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONFIG = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"
MB = 1024 * 1024

needs_nginx = pytest.mark.skipif(
    not Path(NGINX).exists(),
    reason="NO PROXY TEST: nginx is missing (`apt-get install -y nginx`; .ci/run does it)",
)


def upload_location_limit() -> int:
    """client_max_body_size of the application forms' location, in bytes."""
    block = CONFIG.read_text().split("refunds/new|debt-cancellation/new")[1].split("}")[0]
    size = re.search(r"client_max_body_size\s+(\d+)m;", block)
    return int(size[1]) * MB


def test_the_proxy_and_the_portal_refuse_the_same_size():
    assert upload_location_limit() == settings.ANONYMOUS_UPLOAD_MAX_BYTES


@pytest.fixture
def proxy(running, tmp_path):  # noqa: F811
    """gunicorn serving the portal, nginx with deploy/nginx.conf in front: nginx's base URL."""
    app_port, proxy_port = free_port(), free_port()
    running(str(BIN / "gunicorn"), "msqory.wsgi", "--bind", f"127.0.0.1:{app_port}")
    site = (
        CONFIG.read_text()
        .replace("listen 80;", f"listen 127.0.0.1:{proxy_port};")
        .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
        .replace("server_name msqory.example.kz;", "server_name 127.0.0.1;")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"""pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
"""
    )
    nginx = subprocess.Popen(  # noqa: S603 - the system's nginx, fixed arguments
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{app_port}/healthz")
        wait_for_http(f"http://127.0.0.1:{proxy_port}/healthz", seconds=20)
        yield proxy_port
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


def raw_post(port: int, path: str, *, claimed_bytes: int, sent: bytes = b"") -> str:
    """A multipart POST claiming `claimed_bytes`; only `sent` is sent. The status line."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: multipart/form-data; boundary=b\r\n"
                f"Content-Length: {claimed_bytes}\r\nConnection: close\r\n\r\n"
            ).encode()
            + sent
        )
        if len(sent) < claimed_bytes:
            sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer.decode("latin-1").split("\r\n", 1)[0]


@needs_nginx
@pytest.mark.django_db(transaction=True)
def test_the_proxy_refuses_oversized_uploads_limits_their_rate_and_passes_the_rest(proxy):
    started = time.monotonic()
    status = raw_post(proxy, "/en/refunds/new/", claimed_bytes=300 * MB)
    assert status.split()[1] == "413"
    assert time.monotonic() - started < 10, "answered from the headers, not after 300 MB"

    body = b"--b--\r\n"
    answers = [
        raw_post(proxy, "/en/refunds/new/", claimed_bytes=len(body), sent=body).split()[1]
        for _ in range(12)
    ]
    assert answers[0] == "403", "the portal itself answered (the form has no CSRF token)"
    assert "429" in answers, "beyond its burst the proxy slows uploads down"
    page = urllib.request.urlopen(f"http://127.0.0.1:{proxy}/en/")
    assert page.status == 200
