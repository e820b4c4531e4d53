"""A fake Gemini API: a real HTTP server on 127.0.0.1 that speaks the REST shape google-genai calls.

The provider is pointed at it through ``GEMINI_BASE_URL`` (the ``fake_gemini`` fixture in
``conftest.py`` does that), so tests exercise the real SDK, its HTTP client, its JSON parsing and
our error mapping; nothing is mocked.

    fake_gemini.script(
        fake_gemini.function_call("area_summary", {"place": "Zamboanga del Norte"}),
        fake_gemini.text("Zamboanga del Norte has 12 OBCs.", prompt_tokens=120, output_tokens=9),
    )
    ... the code under test calls Gemini ...
    fake_gemini.requests[1].body["contents"]   # what the provider sent in the second request
    assert "0917" not in fake_gemini.sent()     # everything sent, as one string

Routes: ``POST /{version}/models/{model}:generateContent`` (one JSON answer) and
``POST /{version}/models/{model}:streamGenerateContent?alt=sse`` (server-sent events, one
``data: {json}`` event per chunk); any other route is a 404 and a request without an
``x-goog-api-key`` header a 403, as Google answers. Each request takes the next scripted reply; when the script is
empty the server answers with a plain text reply ("OK"). Scripted failures: ``delay`` (answer late),
``status(429)`` / ``status(500)`` (a Google error body), ``malformed()`` (not JSON), ``blocked()``
(a prompt blocked for SAFETY) and ``text(..., finish_reason="SAFETY")`` (an answer stopped).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROUTE = re.compile(r"/v1(?:beta|alpha)?/models/[\w.\-]+:(?:generateContent|streamGenerateContent)")
_STATUS_NAMES = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED"}


@dataclass
class Reply:
    """One scripted answer."""

    status: int = 200
    body: Any = None  # a dict (sent as JSON) or a str (sent as is)
    chunks: list[dict] | None = None  # for streamGenerateContent: one SSE event each
    delay: float = 0.0  # seconds to wait before answering


@dataclass
class ReceivedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    raw: str
    body: Any = None

    @property
    def model(self) -> str:
        return self.path.rsplit("/", 1)[-1].split(":", 1)[0]

    @property
    def streaming(self) -> bool:
        return self.path.endswith(":streamGenerateContent")

    def function_responses(self) -> list[dict]:
        """Every ``functionResponse`` part this request carried."""
        found = []
        for content in (self.body or {}).get("contents", []):
            for part in content.get("parts", []):
                if "functionResponse" in part:
                    found.append(part["functionResponse"])
        return found


@dataclass
class FakeGemini:
    replies: deque = field(default_factory=deque)
    requests: list[ReceivedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    # --- the server --------------------------------------------------------------------------
    def start(self) -> FakeGemini:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep the test output clean
                return

            def do_POST(self):
                fake._handle(self)

            def do_GET(self):
                fake._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-gemini", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length).decode("utf-8") if length else ""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        parts = urlsplit(handler.path)
        received = ReceivedRequest(
            method=handler.command,
            path=parts.path,
            query=parse_qs(parts.query),
            headers={k.lower(): v for k, v in handler.headers.items()},
            raw=raw,
            body=body,
        )
        with self._lock:
            self.requests.append(received)
            if not ROUTE.fullmatch(received.path) or handler.command != "POST":
                reply = self.status(404, f"Fake Gemini has no route {handler.command} {received.path}.")
            elif not received.headers.get("x-goog-api-key"):
                reply = self.status(403, "Method doesn't allow unregistered callers (no API key).")
            else:
                reply = self.replies.popleft() if self.replies else self.text("OK")
        if reply.delay:
            time.sleep(reply.delay)
        try:
            if reply.status != 200:
                self._send(handler, reply.status, reply.body if reply.body is not None else _error(reply.status))
            elif received.streaming:
                self._send_events(handler, reply)
            else:
                self._send(handler, 200, reply.body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            return

    @staticmethod
    def _send(handler, status: int, body: Any) -> None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=UTF-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    @staticmethod
    def _send_events(handler, reply: Reply) -> None:
        if reply.chunks is not None:
            chunks = reply.chunks
        elif isinstance(reply.body, dict):
            chunks = _split_into_chunks(reply.body)
        else:
            chunks = [reply.body]
        payload = b"".join(
            b"data: " + (c if isinstance(c, str) else json.dumps(c)).encode("utf-8") + b"\r\n\r\n" for c in chunks
        )
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    # --- scripting ---------------------------------------------------------------------------
    def script(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def sent(self) -> str:
        """Every request body received so far, as one string (to assert what was never sent).

        Bodies are decoded and written back without escapes, so "Avanceña" is searchable as typed."""
        return "\n".join(
            r.raw if r.body is None else json.dumps(r.body, ensure_ascii=False) + "\n" + r.raw for r in self.requests
        )

    @staticmethod
    def text(
        text: str, *, prompt_tokens: int = 10, output_tokens: int = 5, finish_reason: str = "STOP", delay: float = 0
    ) -> Reply:
        return Reply(body=_candidate([{"text": text}], prompt_tokens, output_tokens, finish_reason), delay=delay)

    @staticmethod
    def function_call(name: str, args: dict, *, prompt_tokens: int = 10, output_tokens: int = 5) -> Reply:
        part = {"functionCall": {"name": name, "args": args}}
        return Reply(body=_candidate([part], prompt_tokens, output_tokens, "STOP"))

    @staticmethod
    def function_calls(*calls: tuple[str, dict], prompt_tokens: int = 10, output_tokens: int = 5) -> Reply:
        parts = [{"functionCall": {"name": name, "args": args}} for name, args in calls]
        return Reply(body=_candidate(parts, prompt_tokens, output_tokens, "STOP"))

    @staticmethod
    def status(code: int, message: str = "") -> Reply:
        return Reply(status=code, body=_error(code, message))

    @staticmethod
    def malformed() -> Reply:
        return Reply(body='{"candidates": [{"content": {"parts": [{"text": "unfinished')

    @staticmethod
    def no_candidates() -> Reply:
        return Reply(body={"usageMetadata": {"promptTokenCount": 10, "totalTokenCount": 10}})

    @staticmethod
    def blocked(reason: str = "SAFETY") -> Reply:
        return Reply(
            body={
                "promptFeedback": {"blockReason": reason},
                "usageMetadata": {"promptTokenCount": 10, "totalTokenCount": 10},
            }
        )

    @staticmethod
    def delayed(seconds: float, reply: Reply | None = None) -> Reply:
        reply = reply or FakeGemini.text("Too late.")
        return Reply(status=reply.status, body=reply.body, chunks=reply.chunks, delay=seconds)

    @staticmethod
    def stream(*texts: str, prompt_tokens: int = 10, output_tokens: int = 5) -> Reply:
        chunks = [{"candidates": [{"content": {"role": "model", "parts": [{"text": t}]}, "index": 0}]} for t in texts]
        chunks[-1]["candidates"][0]["finishReason"] = "STOP"
        chunks[-1]["usageMetadata"] = _usage(prompt_tokens, output_tokens)
        return Reply(chunks=chunks)


def _usage(prompt_tokens: int, output_tokens: int) -> dict:
    return {
        "promptTokenCount": prompt_tokens,
        "candidatesTokenCount": output_tokens,
        "totalTokenCount": prompt_tokens + output_tokens,
    }


def _candidate(parts: list[dict], prompt_tokens: int, output_tokens: int, finish_reason: str) -> dict:
    return {
        "candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": finish_reason, "index": 0}],
        "usageMetadata": _usage(prompt_tokens, output_tokens),
        "modelVersion": "fake-gemini",
    }


def _error(code: int, message: str = "") -> dict:
    status = _STATUS_NAMES.get(code, "INTERNAL" if code >= 500 else "FAILED_PRECONDITION")
    return {"error": {"code": code, "message": message or f"Fake Gemini answered {code}.", "status": status}}


def _split_into_chunks(body: dict) -> list[dict]:
    """A whole answer as SSE chunks: each text part split in two, usage on the last chunk."""
    candidate = (body.get("candidates") or [{}])[0]
    parts = (candidate.get("content") or {}).get("parts") or []
    if not parts or not all("text" in p for p in parts):
        return [body]
    text = "".join(p["text"] for p in parts)
    middle = len(text) // 2
    pieces = [t for t in (text[:middle], text[middle:]) if t]
    chunks = [{"candidates": [{"content": {"role": "model", "parts": [{"text": t}]}, "index": 0}]} for t in pieces]
    chunks[-1]["candidates"][0]["finishReason"] = candidate.get("finishReason", "STOP")
    chunks[-1]["usageMetadata"] = body.get("usageMetadata", {})
    return chunks
