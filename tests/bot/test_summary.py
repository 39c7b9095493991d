"""The optional written summary: citations checked, quotation marks removed, every failure quiet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot import render
from bot.llm import LlmClient, LlmConfig
from bot.replies import Quote, Summary
from bot.service import BotService
from bot.summaries import Summarizer
from bot.written import check
from corpus.load import Corpus
from tests.bot.fake_search import FakeSearch
from tests.fake_llm import Behaviour, Completion, FakeLlm, Garbage, Hang, Status

QUESTION = "海上救助被偷运移民"


def test_sentences_citing_what_was_not_retrieved_or_nothing_are_dropped() -> None:
    text = (
        "The group asks states to protect migrants rescued at sea [3.4]. It also wants joint teams [9.9]. "
        "Smuggling is bad. Data should be shared [3.4, 5.2(d)]."
    )
    written = check(text, ["3.4", "5.2"])
    assert written is not None and written.dropped == 2
    assert (
        written.text == "The group asks states to protect migrants rescued at sea [3.4]. "
        "Data should be shared [3.4, 5.2(d)]."
    )
    assert written.cited == ("3.4", "5.2(d)")  # a sub-item of an item given is in its text


def test_quotation_marks_are_removed_and_apostrophes_kept() -> None:
    written = check("工作组说“应当保护被偷运移民的权利”。【1.9】The group’s view is ‘protect them’ [1.9].", ["1.9"])
    assert written is not None
    assert written.sentences[0].text == "工作组说应当保护被偷运移民的权利。【1.9】"
    assert written.sentences[1].text == "The group’s view is protect them [1.9]."


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "  ",
        "NONE",
        "none.",
        "No citations at all.",
        "x [3.4]. " * 200,
        "Bracketed nonsense [see above].",
        "[1] numbered, not an id.",
    ],
)
def test_nothing_usable_is_no_summary(text: str | None) -> None:
    assert check(text, ["3.4"]) is None


@pytest.fixture
def llm() -> Iterator[FakeLlm]:
    script: list[Behaviour] = []

    def answer(body: dict[str, Any]) -> Behaviour:
        return script.pop(0) if script else Completion("NONE")

    fake = FakeLlm(answer).start()
    fake.script_queue = script  # type: ignore[attr-defined]
    yield fake
    fake.stop()


def _queue(llm: FakeLlm, *behaviours: Behaviour) -> None:
    llm.script_queue.extend(behaviours)  # type: ignore[attr-defined]


async def _service(corpus: Corpus, search: FakeSearch, llm: FakeLlm, timeout: float = 2.0) -> BotService:
    client = LlmClient(LlmConfig(llm.base_url, "fake-model", "sk-test-key", timeout))
    service = BotService(corpus, lambda: search, summarizer=Summarizer(client))
    await service.start()
    return service


async def test_a_summary_goes_above_the_quotes_it_cites(corpus: Corpus, search: FakeSearch, llm: FakeLlm) -> None:
    service = await _service(corpus, search, llm)
    try:
        answer = await service.ask(QUESTION, "zh")
        ids = [q.unit.id for q in answer.quotes]
        assert answer.summary_of is not None
        _queue(llm, Completion(f"工作组建议保护海上获救的移民。[{ids[0]}] 另一句引用了别的条目。[9.99]"))
        written = await service.summary(answer)
        assert written is not None and isinstance(written.blocks[0], Summary)
        assert written.blocks[0].text == f"工作组建议保护海上获救的移民。[{ids[0]}]"
        assert written.blocks[1:] == answer.blocks  # the quotes, unchanged, below
        html = render.to_html(written)[0]
        assert html.startswith("<i>机器撰写的综述，不是联合国文本（请对照下方原文）：</i>\n工作组建议")
        request = llm.requests[-1]
        assert request.headers["Authorization"] == "Bearer sk-test-key" and request.body["model"] == "fake-model"
        prompt = request.body["messages"][1]["content"]
        assert QUESTION in prompt and all(f"[{i}] " in prompt for i in ids)  # the retrieved items only
    finally:
        await service.close()


@pytest.mark.parametrize(
    "behaviour",
    [
        Status(429),
        Status(500),
        Status(503),
        Garbage(b"<html>oops</html>"),
        Garbage(b'{"choices": []}'),
        Garbage(b"\xff\xfe"),
        Completion(""),
        Completion("NONE"),
        Completion("无出处的一句话。"),
        Hang(3.0),
        Completion("说得太长了 [1.1]。" * 100),
    ],
)
async def test_every_failure_leaves_the_quotes_alone(
    corpus: Corpus, search: FakeSearch, llm: FakeLlm, behaviour: Behaviour
) -> None:
    service = await _service(corpus, search, llm, timeout=0.5)
    try:
        answer = await service.ask(QUESTION, "en")
        _queue(llm, behaviour)
        assert await service.summary(answer) is None
    finally:
        await service.close()


async def test_a_streamed_answer_is_read_whole(corpus: Corpus, search: FakeSearch, llm: FakeLlm) -> None:
    service = await _service(corpus, search, llm)
    try:
        answer = await service.ask(QUESTION, "en")
        first = answer.quotes[0].unit.id
        _queue(llm, Completion(f"The group recommends protecting migrants rescued at sea [{first}].", stream=True))
        written = await service.summary(answer)
        assert written is not None and written.blocks[0] == Summary(
            f"The group recommends protecting migrants rescued at sea [{first}]."
        )
    finally:
        await service.close()


async def test_references_not_found_and_no_settings_get_no_summary(
    corpus: Corpus, search: FakeSearch, llm: FakeLlm, service: BotService
) -> None:
    with_llm = await _service(corpus, search, llm)
    try:
        assert (await with_llm.ask("3.12", "zh")).summary_of is None
        assert (await with_llm.ask("建议1", "zh")).summary_of is None  # a reference, with several items
        assert (await with_llm.ask("quantum blockchain", "en")).summary_of is None  # nothing found
    finally:
        await with_llm.close()
    plain = await service.ask(QUESTION, "zh")  # no LLM settings: as before
    assert plain.summary_of is None and await service.summary(plain) is None
    assert all(isinstance(b, Quote) for b in plain.blocks[-3:])
    assert llm.requests == []  # nothing was asked of the model
