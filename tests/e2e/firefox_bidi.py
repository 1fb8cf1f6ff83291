"""Firefox driven through WebDriver BiDi, its standard remote protocol, for the extension
test. Playwright cannot drive Debian's Firefox ESR (its BiDi mode needs commands ESR does
not have yet), and the extension needs a stock Firefox (temporary add-ons), so this is a
small BiDi client: a WebSocket over the standard library, commands as JSON."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

FIREFOX = os.environ.get("FIREFOX_PATH") or shutil.which("firefox-esr") or shutil.which("firefox")
PREFS = {
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.update.disabledForTesting": True,
    "extensions.autoDisableScopes": 0,
}


class BidiError(RuntimeError):
    pass


class _WebSocket:
    """Just enough of RFC 6455 for a local BiDi session: text frames, masked sends."""

    def __init__(self, url: str, timeout: float):
        match = re.fullmatch(r"ws://([^/:]+):(\d+)(/.*)", url)
        if not match:
            raise BidiError(f"Unexpected WebSocket address {url}")
        host, port, path = match.group(1), int(match.group(2)), match.group(3)
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise BidiError("Firefox closed the connection during the handshake.")
            head += chunk
        head, self.buffer = head.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise BidiError(f"Handshake refused: {head.decode(errors='replace')}")

    def _read(self, size: int) -> bytes:
        while len(self.buffer) < size:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise BidiError("Firefox closed the connection.")
            self.buffer += chunk
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def send(self, text: str) -> None:
        payload = text.encode()
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x81, 0x80 | length)
        elif length < 1 << 16:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, length)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, length)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def receive(self) -> str:
        message = b""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", self._read(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", self._read(8))
            data = self._read(length)
            opcode = first & 0x0F
            if opcode == 0x8:
                raise BidiError("Firefox closed the session.")
            if opcode in (0x9, 0xA):  # ping, pong
                continue
            message += data
            if first & 0x80:
                return message.decode()

    def close(self) -> None:
        self.sock.close()


class Firefox:
    """A headless Firefox with a fresh profile and one BiDi session."""

    def __init__(self, *, timeout: float = 30):
        if not FIREFOX:
            raise BidiError("Firefox not found (firefox-esr); run scripts/bootstrap.sh --test.")
        self.timeout = timeout
        self.profile = Path(tempfile.mkdtemp(prefix="cc-firefox-"))
        prefs = "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in PREFS.items())
        (self.profile / "user.js").write_text(prefs)
        self.process = subprocess.Popen(  # noqa: S603 - the browser, fixed arguments
            [
                FIREFOX,
                "--headless",
                "--no-remote",
                "--remote-debugging-port=0",
                "--remote-allow-system-access",
                "--profile",
                str(self.profile),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.next_id = 0
        self.events: list[dict] = []
        self.ws = _WebSocket(self._listening_address() + "/session", timeout)
        self.command("session.new", capabilities={})

    def _listening_address(self) -> str:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            match = re.search(r"WebDriver BiDi listening on (ws://\S+)", line)
            if match:
                # Keep reading, so that a chatty browser never blocks on a full pipe.
                threading.Thread(target=self.process.stderr.read, daemon=True).start()
                return match.group(1)
        raise BidiError(f"Firefox exited ({self.process.wait()}) before listening.")

    def command(self, method: str, **params: Any) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == self.next_id:
                if message.get("type") == "error":
                    raise BidiError(f"{method}: {message.get('error')}: {message.get('message')}")
                return message["result"]
            if message.get("type") == "event":
                self.events.append(message)

    def install_temporary_addon(self, path: Path) -> str:
        """What about:debugging's "Load Temporary Add-on…" does; returns the add-on's id."""
        result = self.command(
            "webExtension.install", extensionData={"type": "path", "path": str(path)}
        )
        return result["extension"]

    def new_tab(self, url: str) -> str:
        context = self.command("browsingContext.create", type="tab")["context"]
        self.command("browsingContext.navigate", context=context, url=url, wait="complete")
        return context

    def evaluate(self, context: str, expression: str, *, scope: str = "") -> Any:
        """Runs ``expression`` (awaited) in a page and returns its JSON value."""
        result = self.command(
            "script.evaluate",
            expression=f"(async () => JSON.stringify(await ({expression})))()",
            target={"context": context},
            awaitPromise=True,
            resultOwnership="none",
        )
        if result["type"] == "exception":
            raise BidiError(result["exceptionDetails"]["text"])
        value = result["result"].get("value")
        return None if value is None else json.loads(value)

    def chrome_window(self) -> str:
        """The browser window itself (privileged), as a script target."""
        tree = self.command("browsingContext.getTree", **{"moz:scope": "chrome"})
        return tree["contexts"][0]["context"]

    def wait_for(self, context: str, expression: str, *, timeout: float | None = None) -> Any:
        """Polls ``expression`` until it is truthy; the page's text is in the error."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            value = self.evaluate(context, expression)
            if value:
                return value
            if time.monotonic() > deadline:
                text = self.evaluate(context, "document.body.innerText")
                raise BidiError(f"Timed out waiting for {expression}; the page says: {text}")
            time.sleep(0.2)

    def close(self) -> None:
        try:
            self.command("browser.close")
        except (BidiError, OSError):
            pass
        self.ws.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
