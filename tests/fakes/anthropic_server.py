"""A small local stand-in for the Anthropic Messages API (POST /v1/messages).

Tests drive the real `anthropic` SDK against it through `base_url`. Each request takes the
next scripted reply (status, JSON body or raw text, delay, headers); with nothing scripted
it answers 500. Every request is recorded.

    with FakeAnthropic() as fake:
        fake.reply_json({"score": 80, ...})      # a structured output
        fake.reply_status(429, retry_after_ms=10)
        fake.reply_text("not json")
        fake.reply_json({...}, delay=2.0)        # slower than the client's timeout
        settings.ANTHROPIC_BASE_URL = fake.url
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Scripted:
    status: int = 200
    text: str = ""  # the assistant's text (a JSON document for structured outputs)
    raw_body: bytes | None = None  # a whole response body, instead of a message
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    input_tokens: int = 1200
    output_tokens: int = 300


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict


FAKE_API_KEY = "sk-ant-test-0000000000000000000000000000"  # what tests give the SDK


class FakeAnthropic:
    def __init__(self) -> None:
        self.script: list[Scripted] = []
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- scripting ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def reply_json(self, payload: dict, **options) -> None:
        self.script.append(Scripted(text=json.dumps(payload), **options))

    def reply_text(self, text: str, **options) -> None:
        self.script.append(Scripted(text=text, **options))

    def reply_status(self, status: int, *, retry_after_ms: int | None = None, **options) -> None:
        headers = {"retry-after-ms": str(retry_after_ms)} if retry_after_ms is not None else {}
        body = json.dumps(
            {
                "type": "error",
                "error": {
                    "type": "rate_limit_error" if status == 429 else "api_error",
                    "message": f"scripted {status}",
                },
            }
        ).encode()
        self.script.append(Scripted(status=status, raw_body=body, headers=headers, **options))

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeAnthropic:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeAnthropic:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- HTTP ------------------------------------------------------------------------------------
    def _next(self) -> Scripted:
        with self._lock:
            if self.script:
                return self.script.pop(0)
        return Scripted(
            status=500,
            raw_body=b'{"type":"error","error":{"type":"api_error","message":"nothing scripted"}}',
        )

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                return

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"_raw": raw.decode(errors="replace")}
                fake.requests.append(Recorded(self.path, dict(self.headers.items()), body))
                if not self.path.startswith("/v1/messages"):
                    self._send(
                        404,
                        b'{"type":"error","error":{"type":"not_found_error","message":"no route"}}',
                        {},
                    )
                    return
                scripted = fake._next()
                if scripted.delay:
                    time.sleep(scripted.delay)
                if scripted.raw_body is not None:
                    self._send(scripted.status, scripted.raw_body, scripted.headers)
                    return
                message = {
                    "id": f"msg_{uuid.uuid4().hex[:24]}",
                    "type": "message",
                    "role": "assistant",
                    "model": body.get("model", "claude-sonnet-4-5"),
                    "content": [{"type": "text", "text": scripted.text}],
                    "stop_reason": "end_turn",
                    "stop_sequence": None,
                    "usage": {
                        "input_tokens": scripted.input_tokens,
                        "output_tokens": scripted.output_tokens,
                    },
                }
                self._send(scripted.status, json.dumps(message).encode(), scripted.headers)

            def _send(self, status: int, payload: bytes, headers: dict[str, str]) -> None:
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.send_header("request-id", f"req_{uuid.uuid4().hex[:16]}")
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        return Handler
