"""Gemini failures as ``ProviderError`` subclasses (SDK and transport exceptions, blocked or
malformed answers), and the helper thread that stops waiting for a request at the deadline."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from google.genai import errors

from ai_assistant.providers.base import (
    ProviderBlocked,
    ProviderError,
    ProviderMalformed,
    ProviderRateLimited,
    ProviderRejected,
    ProviderTimeout,
    ProviderUnavailable,
)
from ai_assistant.providers.gemini_setup import BLOCKED_FINISH, MALFORMED_FINISH


def _exception_names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def map_exception(exc: BaseException) -> ProviderError:
    """The ProviderError for an SDK or transport failure; ``.retryable`` says whether to try again."""
    if isinstance(exc, ProviderError):
        return exc
    retryable = False
    if isinstance(exc, errors.APIError):
        code = exc.code or 0
        detail = f"HTTP {code} {exc.status or ''}: {exc.message or ''}".strip()
        if code == 429:
            error, retryable = ProviderRateLimited(detail), True
        elif code >= 500:
            error, retryable = ProviderUnavailable(detail), True
        elif code == 408:
            error = ProviderTimeout(detail)
        else:
            error = ProviderRejected(detail)
    else:
        names = _exception_names(exc)
        if names & {"TimeoutException", "TimeoutError", "ReadTimeout", "ConnectTimeout", "Timeout"}:
            error = ProviderTimeout(f"no answer in time ({type(exc).__name__})")
        elif names & {"TransportError", "NetworkError", "ConnectError", "RemoteProtocolError", "ConnectionError"}:
            error, retryable = ProviderUnavailable(f"could not reach the provider ({type(exc).__name__}: {exc})"), True
        elif names & {"DefaultCredentialsError", "RefreshError", "GoogleAuthError"}:
            error = ProviderRejected(f"credentials: {exc}")
        elif names & {"ValueError", "ValidationError", "JSONDecodeError", "UnknownApiResponseError"}:
            error = ProviderMalformed(f"unreadable answer ({type(exc).__name__}: {str(exc)[:200]})")
        else:
            error = ProviderError(f"{type(exc).__name__}: {str(exc)[:200]}")
    error.retryable = retryable
    return error


def _finish_reason(candidate) -> str:
    reason = getattr(candidate, "finish_reason", None)
    return str(getattr(reason, "value", reason) or "")


def check_response(response) -> None:
    """Raise ProviderBlocked / ProviderMalformed for an answer that cannot be used."""
    feedback = getattr(response, "prompt_feedback", None)
    if feedback is not None and feedback.block_reason:
        reason = getattr(feedback.block_reason, "value", feedback.block_reason)
        raise ProviderBlocked(f"prompt blocked: {reason}")
    if not response.candidates:
        raise ProviderMalformed("the answer has no candidates")
    candidate = response.candidates[0]
    reason = _finish_reason(candidate)
    if reason in BLOCKED_FINISH:
        raise ProviderBlocked(f"answer stopped: {reason}")
    if reason in MALFORMED_FINISH:
        raise ProviderMalformed(f"answer stopped: {reason}")
    if candidate.content is None or not candidate.content.parts:
        raise ProviderMalformed(f"the answer is empty (finish reason {reason or 'none'})")


def _answer_text(response) -> str:
    parts = response.candidates[0].content.parts or []
    text = "".join(p.text for p in parts if p.text and not p.thought).strip()
    if not text:
        raise ProviderMalformed("the answer has no text")
    return text


def _within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run ``work`` in a helper thread and stop waiting after ``seconds`` (ProviderTimeout)."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def target():
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, name="gemini-request", daemon=True).start()
    if not done.wait(max(0.0, seconds)):
        raise ProviderTimeout(f"no answer within {seconds:.1f} s")
    if "error" in box:
        raise box["error"]
    return box["value"]
