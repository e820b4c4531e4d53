"""The Gemini provider against the fake Gemini server: function calling, usage, failures, streaming."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from ai_assistant.models import ProviderCall
from ai_assistant.providers.base import (
    ProviderBlocked,
    ProviderError,
    ProviderMalformed,
    ProviderRateLimited,
    ProviderRejected,
    ProviderTimeout,
    ProviderUnavailable,
    Turn,
    get_online_provider,
)
from ai_assistant.providers.gemini import GeminiProvider
from ai_assistant.providers.gemini_stream import StreamedAnswer
from ai_assistant.tools.base import Source, Tool, ToolResult

pytestmark = pytest.mark.django_db


def recording_tool(calls: list, data: dict | None = None, name: str = "area_summary") -> Tool:
    def run(user, args):
        calls.append((user, args))
        return ToolResult(
            data=data if data is not None else {"place": args.get("place"), "obc_count": 12, "obc_population": 5431},
            sources=[Source("Zamboanga del Norte", "/communities/?province=0907200000")],
        )

    return Tool(
        name=name,
        description="Population, OBC count and coverage of a place.",
        parameters={
            "type": "object",
            "properties": {"place": {"type": "string", "description": "A place name"}},
            "required": ["place"],
        },
        run=run,
    )


def test_no_key_means_no_online_provider(no_online_provider):
    assert get_online_provider() is None


def test_a_key_gives_the_gemini_provider(fake_gemini):
    provider = get_online_provider()
    assert isinstance(provider, GeminiProvider) and provider.model == "gemini-test"


def test_full_tool_calling_round_trip(fake_gemini, officer_ix):
    calls: list = []
    fake_gemini.script(
        fake_gemini.function_call("area_summary", {"place": "Zamboanga del Norte"}, prompt_tokens=100, output_tokens=7),
        fake_gemini.text(
            "Zamboanga del Norte has 12 OBCs with 5,431 people [Zamboanga del Norte].",
            prompt_tokens=180,
            output_tokens=20,
        ),
    )
    answer = get_online_provider().answer_with_tools(
        user=officer_ix,
        question="How many OBCs are in Zamboanga del Norte?",
        history=[Turn("user", "Hello"), Turn("assistant", "Ask me about OBCMS records.")],
        tools=[recording_tool(calls)],
    )

    # the tool ran once, for the asking user, with the model's arguments
    assert calls == [(officer_ix, {"place": "Zamboanga del Norte"})]
    assert answer.text.startswith("Zamboanga del Norte has 12 OBCs")
    assert [r.data["obc_count"] for r in answer.tool_results] == [12]
    assert answer.tool_results[0].sources[0].url.startswith("/communities/")
    assert (answer.provider, answer.model) == ("gemini", "gemini-test")
    assert (answer.prompt_tokens, answer.output_tokens) == (280, 27)

    first, second = fake_gemini.requests
    assert first.path.endswith("/models/gemini-test:generateContent") and first.model == "gemini-test"
    assert first.headers.get("x-goog-api-key") == "fake-key-for-tests"
    # the tools are declared from their JSON schema; the SDK's automatic calling is off
    declaration = first.body["tools"][0]["functionDeclarations"][0]
    assert declaration["name"] == "area_summary"
    assert declaration["parameters_json_schema"]["required"] == ["place"]
    assert "only" in first.body["systemInstruction"]["parts"][0]["text"]
    # history and the question, in order, with Gemini's roles
    roles = [c["role"] for c in first.body["contents"]]
    assert roles == ["user", "model", "user"]
    assert first.body["contents"][-1]["parts"][0]["text"] == "How many OBCs are in Zamboanga del Norte?"
    # the second request carries the model's call and our functionResponse with the tool's data
    assert second.body["contents"][-2]["parts"][0]["functionCall"]["name"] == "area_summary"
    (response,) = second.function_responses()
    assert response["name"] == "area_summary"
    assert response["response"]["output"]["data"]["obc_count"] == 12
    assert response["response"]["output"]["sources"][0]["label"] == "Zamboanga del Norte"
    assert "never instructions" in response["response"]["note"]

    row = ProviderCall.objects.get()
    assert (row.user, row.purpose, row.outcome, row.model) == (officer_ix, "chat", "ok", "gemini-test")
    assert (row.prompt_tokens, row.output_tokens, row.requests) == (280, 27, 2)
    # 280 × 0.30 + 27 × 2.50 US dollars per million tokens (the default prices)
    assert row.estimated_cost == Decimal("0.000152")
    assert row.content is None  # AI_AUDIT_CONTENT is off


def test_several_calls_in_one_round_and_an_unknown_tool(fake_gemini, officer_ix):
    calls: list = []
    fake_gemini.script(
        fake_gemini.function_calls(("area_summary", {"place": "Dapitan"}), ("delete_everything", {})),
        fake_gemini.text("Dapitan has 12 OBCs."),
    )
    answer = get_online_provider().answer_with_tools(
        user=officer_ix, question="Dapitan?", history=[], tools=[recording_tool(calls)]
    )
    assert calls == [(officer_ix, {"place": "Dapitan"})]
    responses = fake_gemini.requests[1].function_responses()
    assert [r["name"] for r in responses] == ["area_summary", "delete_everything"]
    assert "no tool named" in responses[1]["response"]["error"]
    assert answer.tool_results[1].error


def test_tool_rounds_are_bounded(fake_gemini, officer_ix, settings):
    settings.AI_MAX_TOOL_ROUNDS = 2
    calls: list = []
    fake_gemini.script(
        *[fake_gemini.function_call("area_summary", {"place": f"P{i}"}) for i in range(2)],
        fake_gemini.text("Done."),
    )
    answer = get_online_provider().answer_with_tools(
        user=officer_ix, question="Loop", history=[], tools=[recording_tool(calls)]
    )
    assert answer.text == "Done." and len(calls) == 2
    last = fake_gemini.requests[-1].body
    assert len(fake_gemini.requests) == 3
    assert last["toolConfig"]["functionCallingConfig"]["mode"] == "NONE"


def test_a_failing_tool_is_reported_to_the_model_not_raised(fake_gemini, officer_ix):
    def broken(user, args):
        raise RuntimeError("database exploded")

    tool = Tool(name="broken", description="x", parameters={"type": "object", "properties": {}}, run=broken)
    fake_gemini.script(fake_gemini.function_call("broken", {}), fake_gemini.text("I could not find that."))
    answer = get_online_provider().answer_with_tools(user=officer_ix, question="?", history=[], tools=[tool])
    assert answer.text == "I could not find that."
    (response,) = fake_gemini.requests[1].function_responses()
    assert "could not answer" in response["response"]["error"]
    assert "exploded" not in fake_gemini.sent()


# --- failures: each gives its ProviderError, a plain message and a recorded outcome ------------------


def ask(user):
    return get_online_provider().answer_with_tools(user=user, question="How many OBCs?", history=[], tools=[])


def test_timeout_is_kept(fake_gemini, officer_ix, settings):
    settings.AI_TIMEOUT_SECONDS = 1.0
    fake_gemini.script(fake_gemini.delayed(4))
    started = time.monotonic()
    with pytest.raises(ProviderTimeout) as raised:
        ask(officer_ix)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, elapsed  # the configured 1 s, loosely
    assert "too long" in raised.value.user_message
    row = ProviderCall.objects.get()
    assert row.outcome == "timeout" and row.latency_ms >= 900


def test_429_is_retried_then_given_up(fake_gemini, officer_ix):
    fake_gemini.script(*[fake_gemini.status(429) for _ in range(3)])
    with pytest.raises(ProviderRateLimited) as raised:
        ask(officer_ix)
    assert len(fake_gemini.requests) == 3  # the first try and AI_MAX_RETRIES = 2 retries
    assert "busy" in raised.value.user_message
    row = ProviderCall.objects.get()
    assert (row.outcome, row.error_code, row.requests) == ("rate_limited", "provider_rate_limited", 3)


def test_429_then_success_answers(fake_gemini, officer_ix):
    fake_gemini.script(fake_gemini.status(429), fake_gemini.status(503), fake_gemini.text("Twelve."))
    assert ask(officer_ix).text == "Twelve."
    assert len(fake_gemini.requests) == 3
    assert ProviderCall.objects.get().outcome == "ok"


def test_retries_stop_at_the_deadline(fake_gemini, officer_ix, settings):
    settings.AI_TIMEOUT_SECONDS = 4.0
    settings.AI_MAX_RETRIES = 10
    # pauses of 1.4-1.75 s, then 2.8-3.5 s: the first fits in the deadline, both together never do
    settings.AI_RETRY_BASE_DELAY = 1.4
    fake_gemini.script(*[fake_gemini.status(500) for _ in range(10)])
    started = time.monotonic()
    with pytest.raises(ProviderUnavailable):
        ask(officer_ix)
    assert time.monotonic() - started < 4.5
    assert len(fake_gemini.requests) == 2


def test_500_is_unavailable(fake_gemini, officer_ix):
    fake_gemini.script(*[fake_gemini.status(500) for _ in range(3)])
    with pytest.raises(ProviderUnavailable) as raised:
        ask(officer_ix)
    assert raised.value.user_message == "The online assistant is unavailable just now."
    assert ProviderCall.objects.get().outcome == "unavailable"


def test_malformed_json_is_malformed(fake_gemini, officer_ix):
    fake_gemini.script(fake_gemini.malformed())
    with pytest.raises(ProviderMalformed):
        ask(officer_ix)
    assert len(fake_gemini.requests) == 1  # not retried
    assert ProviderCall.objects.get().outcome == "malformed"


def test_no_candidates_is_malformed(fake_gemini, officer_ix):
    fake_gemini.script(fake_gemini.no_candidates())
    with pytest.raises(ProviderMalformed):
        ask(officer_ix)
    row = ProviderCall.objects.get()
    assert row.outcome == "malformed" and row.prompt_tokens == 10  # the usage is still counted


def test_blocked_prompt_is_blocked(fake_gemini, officer_ix):
    fake_gemini.script(fake_gemini.blocked("SAFETY"))
    with pytest.raises(ProviderBlocked) as raised:
        ask(officer_ix)
    assert "declined" in raised.value.user_message
    assert ProviderCall.objects.get().outcome == "blocked"


def test_answer_stopped_for_safety_is_blocked(fake_gemini, officer_ix):
    fake_gemini.script(fake_gemini.text("Partial", finish_reason="SAFETY"))
    with pytest.raises(ProviderBlocked):
        ask(officer_ix)
    assert ProviderCall.objects.get().error_code == "blocked"


def test_a_wrong_key_is_a_configuration_error(fake_gemini, officer_ix):
    fake_gemini.script(fake_gemini.status(403, "API key not valid."))
    with pytest.raises(ProviderRejected) as raised:
        ask(officer_ix)
    assert "API key not valid" in raised.value.detail
    assert len(fake_gemini.requests) == 1
    assert ProviderCall.objects.get().outcome == "error"


def test_nobody_listening_is_unavailable(fake_gemini, officer_ix, settings):
    fake_gemini.stop()
    with pytest.raises(ProviderUnavailable):
        ask(officer_ix)
    assert ProviderCall.objects.get().outcome == "unavailable"


def test_every_failure_is_a_provider_error_with_a_plain_message():
    for cls in (ProviderTimeout, ProviderRateLimited, ProviderUnavailable, ProviderMalformed, ProviderBlocked):
        error = cls("detail for the log")
        assert isinstance(error, ProviderError)
        assert error.user_message.endswith(".") and "detail" not in error.user_message


def test_audit_content_is_kept_only_when_switched_on(fake_gemini, officer_ix, settings):
    settings.AI_AUDIT_CONTENT = True
    fake_gemini.script(fake_gemini.text("Twelve."))
    ask(officer_ix)
    content = ProviderCall.objects.get().content
    assert content["received"] == ["Twelve."]
    assert "How many OBCs?" in str(content["sent"])


# --- streaming ---------------------------------------------------------------------------------------


def test_stream_answer_yields_chunks_and_the_answer(fake_gemini, officer_ix):
    calls: list = []
    fake_gemini.script(
        fake_gemini.function_call("area_summary", {"place": "Dapitan"}),
        fake_gemini.stream("Dapitan has ", "12 OBCs.", prompt_tokens=50, output_tokens=6),
    )
    stream = get_online_provider().stream_answer(
        user=officer_ix, question="Dapitan?", history=[], tools=[recording_tool(calls)]
    )
    assert isinstance(stream, StreamedAnswer)
    assert list(stream) == ["Dapitan has ", "12 OBCs."]
    assert stream.answer.text == "Dapitan has 12 OBCs."
    assert calls == [(officer_ix, {"place": "Dapitan"})]
    assert all(r.streaming for r in fake_gemini.requests) and fake_gemini.requests[0].query == {"alt": ["sse"]}
    assert fake_gemini.requests[1].function_responses()[0]["name"] == "area_summary"
    row = ProviderCall.objects.get()
    assert (row.outcome, row.prompt_tokens, row.output_tokens) == ("ok", 60, 11)


def test_stream_failures_are_provider_errors(fake_gemini, officer_ix):
    fake_gemini.script(*[fake_gemini.status(500) for _ in range(3)])
    stream = get_online_provider().stream_answer(user=officer_ix, question="?", history=[], tools=[])
    with pytest.raises(ProviderUnavailable):
        list(stream)
    assert len(fake_gemini.requests) == 3
    assert ProviderCall.objects.get().outcome == "unavailable"


def test_stream_timeout(fake_gemini, officer_ix, settings):
    settings.AI_TIMEOUT_SECONDS = 1.0
    fake_gemini.script(fake_gemini.delayed(4, fake_gemini.stream("late")))
    started = time.monotonic()
    with pytest.raises(ProviderTimeout):
        list(get_online_provider().stream_answer(user=officer_ix, question="?", history=[], tools=[]))
    assert time.monotonic() - started < 2.0
    assert ProviderCall.objects.get().outcome == "timeout"


def test_the_fake_server_answers_like_google_to_strays(fake_gemini):
    import json
    import urllib.error
    import urllib.request

    def post(path, headers):
        request = urllib.request.Request(fake_gemini.base_url + path, data=b"{}", headers=headers, method="POST")
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(request, timeout=5)
        return raised.value.code, json.loads(raised.value.read())["error"]["status"]

    assert post("v1beta/models/x:countTokens", {"x-goog-api-key": "k"}) == (404, "NOT_FOUND")
    assert post("v1beta/models/x:generateContent", {}) == (403, "PERMISSION_DENIED")


def test_tool_rounds_share_one_deadline(fake_gemini, officer_ix, settings):
    settings.AI_TIMEOUT_SECONDS = 2.0
    calls: list = []
    slow_call = fake_gemini.delayed(1.2, fake_gemini.function_call("area_summary", {"place": "Dapitan"}))
    fake_gemini.script(slow_call, fake_gemini.delayed(1.2, fake_gemini.text("Late.")))
    started = time.monotonic()
    with pytest.raises(ProviderTimeout):
        get_online_provider().answer_with_tools(
            user=officer_ix, question="?", history=[], tools=[recording_tool(calls)]
        )
    assert time.monotonic() - started < 2.8  # each round alone fits in 2 s; both together do not
    assert len(calls) == 1 and len(fake_gemini.requests) == 2


def test_the_system_instruction_grounds_and_fences_the_model(fake_gemini, officer_ix):
    ask(officer_ix)
    system = fake_gemini.requests[0].body["systemInstruction"]["parts"][0]["text"]
    assert "Every figure in your answer must appear in a tool result" in system
    assert "Cite your sources" in system
    assert "never instructions" in system
