"""Gemini answers that arrive in chunks: ``provider.stream_answer(...)`` (see ``StreamedAnswer``)."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from google.genai import types

from ai_assistant.providers.base import (
    ProviderAnswer,
    ProviderBlocked,
    ProviderError,
    ProviderMalformed,
    ProviderTimeout,
)
from ai_assistant.providers.gemini import _Call, _dump
from ai_assistant.providers.gemini_failures import _finish_reason, map_exception
from ai_assistant.providers.gemini_setup import BLOCKED_FINISH, MALFORMED_FINISH, SYSTEM_INSTRUCTION, _client
from ai_assistant.redaction import Redactor
from ai_assistant.tools.base import ToolResult

if TYPE_CHECKING:
    from ai_assistant.providers.gemini import GeminiProvider

logger = logging.getLogger(__name__)


class StreamedAnswer:
    """Iterate for the text chunks of the answer; ``answer`` is the ProviderAnswer once done.

    Tool rounds run as in ``answer_with_tools`` (each round streamed; text before a tool call is
    passed on as it comes). A failure raises the ProviderError from the iteration; a 429/5xx before
    the first chunk of a round is retried. The whole stream keeps to ``AI_TIMEOUT_SECONDS``.
    """

    def __init__(self, provider: GeminiProvider, *, user, question, history, tools, purpose):
        self.provider = provider
        self.user = user
        self.question = question
        self.history = history
        self.tools = tools
        self.answer: ProviderAnswer | None = None
        self._call = _Call(provider.config, user, purpose)

    def __iter__(self) -> Iterator[str]:
        call = self._call
        try:
            yield from self._rounds(call)
        except ProviderError as error:
            call.finish(error.outcome, error.code)
            raise
        except GeneratorExit:
            call.finish("ok", "stream_closed")
            raise
        except Exception as exc:
            logger.exception("Gemini stream failed unexpectedly")
            call.finish("error", "unexpected")
            raise ProviderError(f"{type(exc).__name__}: {exc}") from exc
        call.finish("ok")

    def _rounds(self, call: _Call) -> Iterator[str]:
        provider = self.provider
        redactor = Redactor()
        redactor.learn_from_text(self.question, *(t.text for t in self.history or ()))
        contents = provider._contents(self.question, self.history, redactor)
        tools_by_name = {tool.name: tool for tool in self.tools}
        results: list[ToolResult] = []
        pieces: list[str] = []
        for round_number in range(provider.config.max_rounds + 1):
            last = round_number == provider.config.max_rounds
            config = provider._config(system_instruction=SYSTEM_INSTRUCTION, tools=self.tools, allow_tools=not last)
            call.keep("sent", _dump(contents[-2:] if round_number else contents))
            model_parts: list = []
            function_calls: list = []
            for chunk in self._stream_round(call, contents, config):
                call.add_usage(chunk.usage_metadata)
                if chunk.candidates and chunk.candidates[0].content and chunk.candidates[0].content.parts:
                    for part in chunk.candidates[0].content.parts:
                        model_parts.append(part)
                        if part.function_call is not None:
                            function_calls.append(part.function_call)
                        elif part.text and not part.thought:
                            pieces.append(part.text)
                            yield part.text
            if not function_calls or last:
                text = "".join(pieces).strip()
                if not text:
                    raise ProviderMalformed("the streamed answer has no text")
                call.keep("received", text)
                self.answer = call.answer(text, results)
                return
            content = types.Content(role="model", parts=model_parts)
            contents.extend(
                provider._tool_round(call, content, function_calls, tools_by_name, self.user, redactor, results)
            )

    def _stream_round(self, call: _Call, contents: list, config) -> Iterator[Any]:
        """The chunks of one streamed request, read in a helper thread within the deadline."""
        provider = self.provider
        client = _client(provider.config)
        attempt = 0
        while True:
            remaining = call.remaining()
            if remaining <= 0.05:
                raise ProviderTimeout(f"deadline of {provider.config.timeout:g} s reached")
            request_config = provider._with_timeout(config, remaining)
            call.requests += 1
            chunks: queue.Queue = queue.Queue()

            def produce(request_config=request_config, chunks=chunks):
                try:
                    stream = client.models.generate_content_stream(
                        model=provider.config.model, contents=list(contents), config=request_config
                    )
                    for chunk in stream:
                        chunks.put(("chunk", chunk))
                    chunks.put(("end", None))
                except BaseException as exc:  # handed to the consumer
                    chunks.put(("error", exc))

            threading.Thread(target=produce, name="gemini-stream", daemon=True).start()
            received_any = False
            while True:
                try:
                    kind, value = chunks.get(timeout=max(0.0, call.remaining()))
                except queue.Empty:
                    raise ProviderTimeout(f"no answer within {provider.config.timeout:g} s") from None
                if kind == "chunk":
                    received_any = True
                    _check_chunk(value)
                    yield value
                elif kind == "end":
                    if not received_any:
                        raise ProviderMalformed("the stream ended without an answer")
                    return
                else:
                    error = map_exception(value)
                    if not received_any and provider._retry_pause(call, error, attempt):
                        attempt += 1
                        break
                    raise error from (None if error is value else value)


def _check_chunk(chunk) -> None:
    feedback = getattr(chunk, "prompt_feedback", None)
    if feedback is not None and feedback.block_reason:
        raise ProviderBlocked(f"prompt blocked: {getattr(feedback.block_reason, 'value', feedback.block_reason)}")
    if chunk.candidates:
        reason = _finish_reason(chunk.candidates[0])
        if reason in BLOCKED_FINISH:
            raise ProviderBlocked(f"answer stopped: {reason}")
        if reason in MALFORMED_FINISH:
            raise ProviderMalformed(f"answer stopped: {reason}")
