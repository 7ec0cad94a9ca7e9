"""A document is rendered at most once at a time; a person's cold renders are limited."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache

from assessments.reports.render_lock import (
    RenderBusy,
    RenderLimited,
    allow_render,
    lock_key,
    render_once,
)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


class SlowRenderer:
    """A render that blocks until released, counting how often it ran."""

    def __init__(self):
        self.started = threading.Event()
        self.release = threading.Event()
        self.count = 0

    def __call__(self) -> bytes:
        self.count += 1
        self.started.set()
        assert self.release.wait(10), "the test never released the render"
        return b"rendered"


def test_parallel_requests_for_one_document_render_it_once():
    renderer = SlowRenderer()
    results = []
    first = threading.Thread(
        target=lambda: results.append(render_once("doc", renderer, timeout=60))
    )
    first.start()
    assert renderer.started.wait(10)
    for _ in range(3):  # the three other requests arrive while the first one renders
        with pytest.raises(RenderBusy):
            render_once("doc", renderer, timeout=60)
    renderer.release.set()
    first.join()
    assert results == [b"rendered"]
    assert render_once("doc", renderer, timeout=60) == b"rendered"  # now from the cache
    assert renderer.count == 1


def test_different_documents_render_side_by_side():
    renderer = SlowRenderer()
    thread = threading.Thread(target=lambda: render_once("one", renderer, timeout=60))
    thread.start()
    assert renderer.started.wait(10)
    assert render_once("two", lambda: b"other", timeout=60) == b"other"
    renderer.release.set()
    thread.join()


def test_a_failed_render_frees_the_lock():
    def broken() -> bytes:
        raise RuntimeError("renderer crashed")

    with pytest.raises(RuntimeError):
        render_once("doc", broken, timeout=60)
    assert cache.get(lock_key("doc")) is None
    assert render_once("doc", lambda: b"fine", timeout=60) == b"fine"


def test_a_lock_held_elsewhere_is_left_alone():
    cache.add(lock_key("doc"), "another worker", 60)
    with pytest.raises(RenderBusy):
        render_once("doc", lambda: b"x", timeout=60)
    assert cache.get(lock_key("doc")) == "another worker"


def test_before_render_runs_only_for_a_real_render():
    calls = []
    render_once("doc", lambda: b"x", timeout=60, before_render=lambda: calls.append(1))
    render_once("doc", lambda: b"x", timeout=60, before_render=lambda: calls.append(1))
    assert calls == [1]


def test_a_refusal_before_render_renders_nothing_and_frees_the_lock():
    def refuse() -> None:
        raise RenderLimited

    with pytest.raises(RenderLimited):
        render_once("doc", lambda: pytest.fail("rendered"), timeout=60, before_render=refuse)
    assert cache.get(lock_key("doc")) is None


def test_renders_beyond_the_limit_are_refused_per_person(settings):
    settings.REPORT_RENDER_LIMIT = 2
    allow_render(1)
    allow_render(1)
    with pytest.raises(RenderLimited):
        allow_render(1)
    allow_render(2)  # someone else is not affected
