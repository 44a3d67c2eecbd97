"""Telling the user something, and the app's one policy for work that fails.

``say`` is the only way the app shows a toast: the message is shown literally,
never read as markup (docs/architecture.md, "Text on screen": a title holding
``[/]`` once killed every open app through a toast), with escape and control characters removed.

``work`` is Textual's ``@work`` with that policy: a worker that raises says so in
one toast and the app stays up (the worker still ends in the ERROR state). A
crash anywhere else exits the app with a non-zero status (``run_app``).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from functools import partial, wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar
from weakref import WeakKeyDictionary

from store.text import one_line, strip_controls
from tui.i18n import _, say_error

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.notifications import SeverityLevel
    from textual.worker import Worker

P = ParamSpec("P")
R = TypeVar("R")
N = TypeVar("N", bound="DOMNode")

ERROR_SECONDS = 8.0
# app → (the last failure said, when): the same one is not said again while shown.
_last_failure: WeakKeyDictionary[App, tuple[str, float]] = WeakKeyDictionary()


def say(
    node: DOMNode,
    message: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """A toast with ``message`` shown literally (user text is never markup)."""
    if timeout is None and severity == "error":
        timeout = ERROR_SECONDS
    node.app.notify(
        strip_controls(message),
        title=one_line(title),
        severity=severity,
        timeout=timeout,
        markup=False,
    )


def failed(node: DOMNode, error: BaseException) -> None:
    """Say that some work failed: the store's own errors as they are, others by kind.

    The same failure met by several workers at once (a broken row read by the
    header and the screen) is said once while its toast is shown."""
    from store.errors import StoreError

    if isinstance(error, StoreError):
        message = say_error(error)
    else:
        node.log.error(f"work failed: {error!r}")
        message = _("Something went wrong: {error}").format(
            error=f"{type(error).__name__}: {error}".rstrip(": ")
        )
    app, now = node.app, time.monotonic()
    said, when = _last_failure.get(app, ("", -ERROR_SECONDS))
    if message == said and now - when < ERROR_SECONDS:
        return
    _last_failure[app] = (message, now)
    say(node, message, severity="error")


def run(
    node: DOMNode,
    job: Callable[[], Awaitable[R]],
    *,
    name: str = "",
    group: str = "default",
    exclusive: bool = False,
) -> Worker[R]:
    """``node.run_worker(job)`` with the app's error policy: a failure is said, the app
    stays up, and the worker ends in the ERROR state."""

    async def guarded() -> R:
        try:
            return await job()
        except Exception as error:
            failed(node, error)
            raise

    return node.run_worker(
        guarded,
        name=name or getattr(job, "__name__", ""),
        group=group,
        exclusive=exclusive,
        exit_on_error=False,
    )


def work(
    *, group: str = "default", exclusive: bool = False
) -> Callable[[Callable[Concatenate[N, P], Awaitable[R]]], Callable[Concatenate[N, P], Worker[R]]]:
    """Textual's ``@work`` for coroutine methods, with the app's error policy (``run``)."""

    def decorate(
        method: Callable[Concatenate[N, P], Awaitable[R]],
    ) -> Callable[Concatenate[N, P], Worker[R]]:
        @wraps(method)
        def start(node: N, /, *args: P.args, **kwargs: P.kwargs) -> Worker[R]:
            job = partial(method, node, *args, **kwargs)
            return run(node, job, name=method.__name__, group=group, exclusive=exclusive)

        return start

    return decorate
