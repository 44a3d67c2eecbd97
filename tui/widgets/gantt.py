"""The Gantt chart: a line-API widget that renders only the rows on screen.

docs/architecture.md, "Speed": a widget per row (or a DataTable) needs seconds for 10,000 tasks,
so the chart is a ``ScrollView`` whose ``render_line`` builds one ``Strip``
from the plain rows ``store.gantt.gantt`` computed in the database thread.
The date header (two lines) stays on top and the label column on the left;
the rest scrolls. Strips are cached per line until the data, zoom, width or
selection change, so moving the cursor redraws a handful of lines.

Nothing is shown by colour alone: critical tasks, slipping ones (with their
working days), milestones and the predecessors and successors of the selected
task carry their symbols from ``store.symbols``; the baseline is its own thin
``▔`` line under the bar, the progress ``█`` against ``▒``, the total float
``┄`` and today a ``│``.
User text is data: every string goes into a ``Segment`` as it is (control
characters were stripped by ``one_line`` in the store), never through markup.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Set
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store import symbols as sym
from tui.i18n import N_, _
from tui.tcss import css_beside
from tui.textual_internals import refresh_scrollbars

if TYPE_CHECKING:
    from store.gantt import Bar, Gantt

HEADER = 2  # date header lines
ZOOMS = (N_("day"), N_("week"), N_("month"))
DAY, WEEK, MONTH = 0, 1, 2
DAY_COLUMNS = 3  # columns per day at day scale
PHASE, TASK, BASE = 0, 1, 2  # kinds of line
WIDE = 110  # from this width the label column shows owner, float and slip


def fit(text: str, width: int) -> str:
    """``text`` cut (with …) or padded to exactly ``width`` cells; CJK counts two."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class GanttRow(NamedTuple):
    """One row of the chart (a tuple: 20,000 of them are built on each load)."""

    kind: int
    key: int | str  # task id, or phase name

    @property
    def task_id(self) -> int | None:
        """The task a task or baseline row draws (None for a phase's row)."""
        return self.key if isinstance(self.key, int) else None


class Lines:
    """The chart's rows in order, as one array of numbers: a phase's row is its index in
    ``Gantt.phases`` + 1, negated; a task's row its id × 4 + its kind. A GanttRow and an
    index entry per row were 30 MB at 100,000 tasks; a row is made when asked for."""

    def __init__(
        self, data: Gantt | None = None, collapsed: Set[str] = frozenset(), base: bool = True
    ) -> None:
        codes = self._codes = array("q")
        self._phases = [p.name for p in data.phases] if data is not None else []
        if data is None:
            return
        baselined = data.baselined if base else frozenset()
        for number, phase in enumerate(data.phases, 1):
            codes.append(-number)
            if phase.name in collapsed:
                continue
            for tid in phase.bars:
                codes.append(tid * 4 + TASK)
                if tid in baselined:
                    codes.append(tid * 4 + BASE)

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, index: int) -> GanttRow:
        code = self._codes[index]
        if code < 0:
            return GanttRow(PHASE, self._phases[-code - 1])
        return GanttRow(code & 3, code >> 2)

    def __iter__(self) -> Iterator[GanttRow]:
        return map(self.__getitem__, range(len(self._codes)))

    def index(self, line: GanttRow) -> int:
        """The row's index, or -1 (a scan in C: a millisecond at 100,000 tasks)."""
        if line.kind == PHASE:
            if line.key not in self._phases:
                return -1
            code = -1 - self._phases.index(str(line.key))
        else:
            code = int(line.key) * 4 + line.kind
        try:
            return self._codes.index(code)
        except ValueError:
            return -1

    def __contains__(self, line: object) -> bool:
        return isinstance(line, GanttRow) and self.index(line) >= 0


class GanttChart(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows of tasks grouped by phase against a day, week or month scale."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "gantt--header",
        "gantt--weekend",
        "gantt--today",
        "gantt--bar",
        "gantt--critical",
        "gantt--done",
        "gantt--float",
        "gantt--baseline",
        "gantt--phase",
        "gantt--cursor",
        "gantt--related",
        "gantt--slip",
        "gantt--dim",
    }
    DEFAULT_CSS = css_beside(__file__)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", N_("Up"), show=False, id="chart.cursor_up"),
        Binding("down,j", "cursor_down", N_("Down"), show=False, id="chart.cursor_down"),
        Binding("pageup", "page_up", N_("Page up"), show=False, id="chart.page_up"),
        Binding("pagedown", "page_down", N_("Page down"), show=False, id="chart.page_down"),
        Binding("home", "first", N_("First row"), show=False, id="chart.first"),
        Binding("end", "last", N_("Last row"), show=False, id="chart.last"),
        Binding(
            "left,h",
            "cursor_left",
            N_("Earlier / collapse phase"),
            show=False,
            id="chart.cursor_left",
        ),
        Binding(
            "right,l",
            "cursor_right",
            N_("Later / expand phase"),
            show=False,
            id="chart.cursor_right",
        ),
        Binding(
            "enter,space",
            "open_or_fold",
            N_("Open task / collapse phase"),
            show=False,
            id="chart.open_or_fold",
        ),
        Binding("plus,equals_sign", "zoom(-1)", N_("Zoom in"), key_display="+", id="chart.zoom_in"),
        Binding("minus", "zoom(1)", N_("Zoom out"), key_display="-", id="chart.zoom_out"),
        Binding("t", "today", N_("Today"), id="chart.today"),
        Binding(
            "v", "baseline_rows", N_("Baseline rows on/off"), show=False, id="chart.baseline_rows"
        ),
    ]

    class Selected(Message):
        """The cursor moved to another row (a task id, or None on a phase)."""

        def __init__(self, chart: GanttChart, task_id: int | None) -> None:
            super().__init__()
            self.chart = chart
            self.task_id = task_id

    class Opened(Message):
        """Enter on a task row: open its form."""

        def __init__(self, task_id: int) -> None:
            super().__init__()
            self.task_id = task_id

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.data: Gantt | None = None
        self.zoom = WEEK
        self.collapsed: set[str] = set()
        self.baseline_rows = True
        self.lines = Lines()
        self.cursor = 0
        # Task id → predecessor/successor symbol (looked up with a row's key).
        self.related: dict[int | str, str] = {}
        self._marks: dict[str, str] = {}  # task id → "EDITING name": another app edits it
        self._cache: dict[tuple, Any] = {}  # strips, and the background of a scroll position
        self._styles: dict[str, Style] = {}
        self._first = 0  # ordinal of the chart's first day (a Monday)
        self._days = 0
        self._placed = False  # scrolled to today once data first arrived
        self.placed = False  # ... and that scroll has happened (tests wait for it)
        self._anchor: int | None = None  # the day at the left third, kept on resize

    # -- data ---------------------------------------------------------------------
    def set_data(self, data: Gantt) -> None:
        """Show new data, keeping the selected record (not index) and the scroll."""
        keep = self.selected_line
        self.data = data
        self._first = data.first
        self._days = data.last - self._first + 14
        self._relayout(keep)
        if not self._placed and data.bars:
            self._placed = True
            self.call_after_refresh(self._place_at_today)

    def _relayout(self, keep: GanttRow | None = None) -> None:
        lines = self.lines = Lines(self.data, self.collapsed, self.baseline_rows)
        index = lines.index(keep) if keep is not None else -1
        if index >= 0:
            self.cursor = index
        else:
            self.cursor = min(self.cursor, max(0, len(lines) - 1))
            if lines and lines[self.cursor].kind == BASE:
                self.cursor -= 1
        self._cache.clear()
        self._update_virtual_size()
        self._selection_changed(scroll=keep is not None)
        self.refresh()

    def _update_virtual_size(self) -> None:
        size = Size(self.label_width + self.chart_columns, len(self.lines) + HEADER)
        if not self.container_size:  # not laid out yet
            self.virtual_size = size
            return
        # The ``virtual_size`` reactive lays out (and draws) the whole screen: a zoom or
        # new rows that keep both scrollbars as they were change only their thumbs and
        # the scroll's range. The scroll to today that follows needs the scrollbars in
        # place now; one that comes or goes lays the screen out (its reactive does).
        self.set_reactive(GanttChart.virtual_size, size)
        refresh_scrollbars(self)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = size.height
        if self.show_horizontal_scrollbar:
            self.horizontal_scrollbar.window_virtual_size = size.width
        self.scroll_x = self.validate_scroll_x(self.scroll_x)
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    @property
    def selected_line(self) -> GanttRow | None:
        return self.lines[self.cursor] if 0 <= self.cursor < len(self.lines) else None

    @property
    def selected_task(self) -> int | None:
        line = self.selected_line
        return line.task_id if line is not None and line.kind == TASK else None

    def select_task(self, task_id: int) -> bool:
        """Put the cursor on a task, expanding its phase; False if there is no such task."""
        if self.data is None or task_id not in self.data.bars:
            return False
        phase = self.data.bars[task_id].phase
        if phase in self.collapsed:
            self.collapsed.discard(phase)
            self._relayout()
        self._move_to(self.lines.index(GanttRow(TASK, task_id)))
        return True

    # -- geometry -------------------------------------------------------------------
    @property
    def view_width(self) -> int:
        return self.scrollable_content_region.width

    @property
    def label_width(self) -> int:
        width = self.size.width
        if width >= WIDE:
            return min(64, max(46, width // 3))
        return max(16, min(26, width // 3))

    @property
    def chart_width(self) -> int:
        return max(1, self.view_width - self.label_width)

    @property
    def body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - HEADER)

    @property
    def chart_columns(self) -> int:
        if self.zoom == DAY:
            return self._days * DAY_COLUMNS
        if self.zoom == WEEK:
            return self._days
        return self._days // 7 + 1

    def column(self, ordinal: int) -> int:
        """The first column of a day."""
        offset = ordinal - self._first
        if self.zoom == DAY:
            return offset * DAY_COLUMNS
        if self.zoom == WEEK:
            return offset
        return offset // 7

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Columns [c0, c1) covering days ``first``..``last`` (ordinals, included)."""
        return self.column(first), self.column(last) + (DAY_COLUMNS if self.zoom == DAY else 1)

    def day_of(self, column: int) -> int:
        """Ordinal of the (first) day shown in a column."""
        if self.zoom == DAY:
            return self._first + column // DAY_COLUMNS
        if self.zoom == WEEK:
            return self._first + column
        return self._first + column * 7

    # By the content, not by the scrollbars: a scroll right after the first data (to
    # today, to a selected task) can come before Textual has laid the widget out.
    @property
    def allow_vertical_scroll(self) -> bool:
        return self.max_scroll_y > 0

    @property
    def allow_horizontal_scroll(self) -> bool:
        return self.max_scroll_x > 0

    def on_resize(self) -> None:
        """Keep the rows' cursor in view and the day at the left third where it was: the
        first scroll to today can come before the side panel has taken its width."""
        self._cache.clear()
        self._update_virtual_size()
        self._scroll_cursor_into_view()
        if self._anchor is not None:
            self._show_day(self._anchor)

    def watch_scroll_x(self, old: float, new: float) -> None:
        super().watch_scroll_x(old, new)
        # A scroll the chart's edge clamped (zoomed out to fewer columns than the view)
        # keeps the day meant to be shown; any other scroll shows a new one.
        if self._anchor is None or round(new) != self._x_for(self._anchor):
            self._anchor = self._day_shown()

    def _day_shown(self) -> int:
        """The day at the left third of the chart."""
        return self.day_of(round(self.scroll_x) + self.chart_width // 3)

    def _x_for(self, day: int) -> int:
        """The scroll that puts ``day`` at the left third, as far as the edges allow."""
        return max(0, min(round(self.max_scroll_x), self.column(day) - self.chart_width // 3))

    def _show_day(self, day: int) -> None:
        """Scroll sideways so that ``day`` is at the left third of the chart."""
        self.scroll_to(x=self._x_for(day), animate=False, immediate=True)
        self._anchor = day

    # -- styles ---------------------------------------------------------------------
    def style(self, name: str) -> Style:
        found = self._styles.get(name)
        if found is None:
            found = self._styles[name] = self.get_component_rich_style(f"gantt--{name}")
        return found

    @property
    def base_style(self) -> Style:
        """The widget's rich_style, which Textual works out afresh on every call (from
        the backgrounds of all its ancestors): ~100 calls for each page of rows."""
        found = self._styles.get("")
        if found is None:
            found = self._styles[""] = self.rich_style
        return found

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    # -- rendering -----------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.view_width
        base = self.base_style
        if self.data is None:
            return Strip([Segment(fit(_("Loading the plan…") if y == 0 else "", width), base)])
        if self.data.error:
            text = _("No schedule: the dependencies make a cycle: {path}").format(
                path=self.data.error
            )
            return Strip([Segment(fit(text if y == 0 else "", width), base)])
        scroll_x, scroll_y = self.scroll_offset
        key: tuple[object, ...]
        if y < HEADER:
            key = ("h", y, scroll_x, width, self.zoom)
        else:
            index = y - HEADER + scroll_y
            if index >= len(self.lines):
                return Strip.blank(width, base)
            line = self.lines[index]
            mark = self.related.get(line.key) if line.kind == TASK else None
            editing = self._marks.get(str(line.key)) if line.kind == TASK else None
            key = (index, scroll_x, width, index == self.cursor, mark, editing)
        strip = self._cache.get(key)
        if strip is None:
            if y < HEADER:
                strip = self._header(y, scroll_x, width)
            else:
                strip = self._line(self.lines[index], index == self.cursor, scroll_x, width)
            if len(self._cache) > 4000:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def _background(self, scroll_x: int, n: int) -> tuple[list[str], list[Style]]:
        """Empty chart cells: days off (weekends, holidays) shaded (with · at day scale), today │.

        The same for every row in view: made once per scroll position and copied."""
        key = ("background", scroll_x, n, self.zoom)
        made = self._cache.get(key)
        if made is None:
            made = self._cache[key] = self._make_background(scroll_x, n)
        chars, styles = made
        return list(chars), list(styles)

    def _make_background(self, scroll_x: int, n: int) -> tuple[list[str], list[Style]]:
        base = self.base_style
        chars = [" "] * n
        styles = [base] * n
        assert self.data is not None
        if self.zoom != MONTH:
            weekend = base + self.style("weekend")
            working = self.data.calendar.is_working
            step = DAY_COLUMNS if self.zoom == DAY else 1
            c = scroll_x - scroll_x % step
            while c < scroll_x + n:
                day = date.fromordinal(self.day_of(c))
                if not working(day):
                    for i in range(max(c, scroll_x), min(c + step, scroll_x + n)):
                        styles[i - scroll_x] = weekend
                    if step > 1 and scroll_x <= c + 1 < scroll_x + n:
                        chars[c + 1 - scroll_x] = "·"
                c += step
        today = self.column(self.data.today.toordinal()) + (1 if self.zoom == DAY else 0)
        if scroll_x <= today < scroll_x + n:
            chars[today - scroll_x] = "│"
            styles[today - scroll_x] = base + self.style("today")
        return chars, styles

    def _paint(
        self,
        chars: list[str],
        styles: list[Style],
        scroll_x: int,
        c0: int,
        c1: int,
        glyph: str,
        style: Style,
    ) -> None:
        for c in range(max(c0, scroll_x), min(c1, scroll_x + len(chars))):
            chars[c - scroll_x] = glyph
            styles[c - scroll_x] = style

    def _segments(self, chars: list[str], styles: list[Style]) -> list[Segment]:
        """Runs of equal style as segments."""
        segments: list[Segment] = []
        start = 0
        for i in range(1, len(chars) + 1):
            if i == len(chars) or styles[i] is not styles[start]:
                segments.append(Segment("".join(chars[start:i]), styles[start]))
                start = i
        return segments

    def _line(self, line: GanttRow, cursor: bool, scroll_x: int, width: int) -> Strip:
        assert self.data is not None
        base = self.base_style
        label_w = min(self.label_width, width)
        n = max(0, width - label_w)
        chars, styles = self._background(scroll_x, n)
        label: list[Segment]
        if line.kind == PHASE:
            phase = next(p for p in self.data.phases if p.name == line.key)
            arrow = sym.COLLAPSED if phase.name in self.collapsed else sym.EXPANDED
            crit = f" {sym.CRITICAL}{phase.critical}" if phase.critical else ""
            text = f"{arrow} {phase.name}"
            tail = f" ({len(phase.bars)}{crit})"
            label_text = fit(text, label_w - cell_len(tail)) + tail
            style = base + self.style("phase")
            label = [Segment(label_text, style)]
            c0, c1 = self.span(phase.s0, phase.s1)
            self._paint(chars, styles, scroll_x, c0, c1, "━", style)
        else:
            bar = self.data.bars[line.task_id or 0]
            if line.kind == TASK:
                label = self._task_label(bar, label_w)
                self._task_bar(bar, chars, styles, scroll_x)
            else:
                label = self._baseline_label(bar, label_w)
                c0, c1 = self.span(bar.b0, bar.b1)
                style = base + self.style("baseline")
                if bar.milestone:
                    mid = c0 + (1 if self.zoom == DAY else 0)
                    self._paint(
                        chars, styles, scroll_x, mid, mid + 1, sym.BASELINE_MILESTONE, style
                    )
                else:
                    self._paint(chars, styles, scroll_x, c0, c1, "▔", style)
        if cursor:
            cursor_style = self.style("cursor")
            label = [Segment(s.text, (s.style or base) + cursor_style) for s in label]
        return Strip([*label, *self._segments(chars, styles)], width)

    def _task_label(self, bar: Bar, width: int) -> list[Segment]:
        base = self.base_style
        mark = self.related.get(bar.id, " ")
        crit = sym.CRITICAL if bar.critical else " "
        slip = f"{sym.SLIPPING}+{bar.slip}" if bar.slipping else ""
        ident = f"#{bar.id} "
        head = [
            Segment(mark, base + self.style("related") if mark != " " else base),
            Segment(crit, base + self.style("critical") if bar.critical else base),
            Segment(ident, base + self.style("dim")),
        ]
        used = 2 + cell_len(ident)
        tail: list[Segment] = []
        if self.size.width >= WIDE:
            owner = fit(bar.owner, 10)
            tf = f"{bar.total_float:>4}"
            tail = [
                Segment(" " + owner, base + self.style("dim")),
                Segment(tf, base),
                Segment(f"{slip:>5} ", base + self.style("slip")),
            ]
        elif slip:
            tail = [Segment(" " + slip, base + self.style("slip"))]
        tail_w = sum(cell_len(s.text) for s in tail)
        title = (f"{sym.MILESTONE} " if bar.milestone else "") + bar.title
        editing = self._marks.get(str(bar.id))
        if editing:
            title = f"{editing} {title}"
        title_w = width - used - tail_w
        if title_w < 1:
            return [Segment(fit(f"{mark}{crit}{ident}", width), base)]
        return [*head, Segment(fit(title, title_w), base), *tail]

    def mark(self, marks: dict[str, str]) -> None:
        """Tasks other apps edit: task id → "EDITING name" (``Presence.editing``), before the
        title; the lines on screen are drawn again only when a mark changed."""
        if marks != self._marks:
            self._marks = dict(marks)
            self.refresh()

    def _baseline_label(self, bar: Bar, width: int) -> list[Segment]:
        assert bar.baseline_start is not None and bar.baseline_end is not None
        text = "   " + _("baseline {start} → {end}").format(
            start=bar.baseline_start.strftime("%m-%d"), end=bar.baseline_end.strftime("%m-%d")
        )
        return [Segment(fit(text, width), self.base_style + self.style("baseline"))]

    def _task_bar(self, bar: Bar, chars: list[str], styles: list[Style], scroll_x: int) -> None:
        base = self.base_style
        if bar.l1 > bar.s1:  # total float: from after the bar to the late finish
            f0 = self.span(bar.s1, bar.s1)[1]
            f1 = self.span(bar.l1, bar.l1)[1]
            self._paint(chars, styles, scroll_x, f0, f1, "┄", base + self.style("float"))
        c0, c1 = self.span(bar.s0, bar.s1)
        kind = "critical" if bar.critical else "bar"
        if bar.status == "done":
            kind = "done"
        style = base + self.style(kind)
        if bar.milestone:
            mid = c0 + (1 if self.zoom == DAY else 0)
            self._paint(chars, styles, scroll_x, mid, mid + 1, sym.MILESTONE, style)
            return
        filled = c0 + round((c1 - c0) * bar.progress / 100)
        self._paint(chars, styles, scroll_x, c0, filled, "█", style)
        self._paint(chars, styles, scroll_x, filled, c1, "▒", style)

    def _header(self, y: int, scroll_x: int, width: int) -> Strip:
        assert self.data is not None
        base = self.base_style
        head = base + self.style("header")
        label_w = min(self.label_width, width)
        n = max(0, width - label_w)
        if y == 0:
            label = fit(
                _("Scale: {zoom}").format(zoom=_(ZOOMS[self.zoom]))
                + "  "
                + _("today {date}").format(date=self.data.today.strftime("%m-%d")),
                label_w,
            )
        elif self.size.width >= WIDE:
            right = f" {fit(_('Owner'), 10)}{_('TF'):>4}{_('Slip'):>5} "
            label = fit("  " + _("Task"), label_w - cell_len(right)) + right
        else:
            label = fit("  " + _("Task"), label_w)
        chars = [" "] * n
        styles = [head] * n
        if y == 1:
            _chars, bg_styles = self._background(scroll_x, n)
            styles = [s + self.style("header") for s in bg_styles]
        today = self.data.today.toordinal()

        def put(col: int, text: str, style: Style | None = None) -> None:
            for i, ch in enumerate(text):
                c = col + i - scroll_x
                if 0 <= c < n:
                    chars[c] = ch
                    if style is not None:
                        styles[c] = style

        # Labels at the columns that start a unit; the unit cut by the left edge gets
        # its label at the edge only where that fits before the next one.
        first_col = scroll_x
        last_col = scroll_x + n
        labels: list[tuple[int, str, Style | None]] = []
        lead: tuple[int, str] | None = None
        if self.zoom == DAY:
            c = first_col - first_col % DAY_COLUMNS
            while c < last_col:
                day = date.fromordinal(self.day_of(c))
                if y == 0 and day.day == 1:
                    labels.append((c, day.strftime("%Y-%m"), None))
                elif y == 0 and c <= first_col:
                    lead = (first_col, day.strftime("%Y-%m"))
                elif y == 1 and c >= first_col:
                    style = head + self.style("today") if day.toordinal() == today else None
                    labels.append((c, f"{day.day:>2}", style))
                c += DAY_COLUMNS
        elif self.zoom == WEEK:
            for c in range(first_col, last_col):
                day = date.fromordinal(self.day_of(c))
                if y == 0 and day.day == 1:
                    labels.append((c, day.strftime("%Y-%m"), None))
                elif y == 0 and c == first_col:
                    lead = (c, day.strftime("%Y-%m"))
                elif y == 1 and day.weekday() == 0:
                    labels.append((c, f"{day.day:02d}", None))
        else:
            for c in range(first_col, last_col):
                monday = date.fromordinal(self.day_of(c))
                sunday = monday + timedelta(days=6)
                new_month = sunday.month != monday.month or monday.day == 1
                if y == 0 and new_month and sunday.month == 1:
                    labels.append((c + 1, str(sunday.year), None))
                elif y == 0 and c == first_col:
                    lead = (c, str(sunday.year))
                elif y == 1 and new_month:
                    labels.append((c, f"{sunday.month:02d}", None))
                elif y == 1 and c == first_col:
                    lead = (c, f"{sunday.month:02d}")
        for col, text, style in labels:
            if col + len(text) <= last_col:  # none cut by the right edge either
                put(col, text, style)
        if lead is not None:
            col, text = lead
            following = min((c for c, _text, _style in labels if c > col), default=last_col + 99)
            if col + len(text) < following:
                put(col, text)
        if y == 1 and self.zoom != DAY:
            self._mark_today(chars, styles, scroll_x, head)
        return Strip([Segment(label, head), *self._segments(chars, styles)], width)

    def _mark_today(
        self, chars: list[str], styles: list[Style], scroll_x: int, head: Style
    ) -> None:
        """Today's column in the header: its symbol where free, else its label in the today
        style."""
        assert self.data is not None
        c = self.column(self.data.today.toordinal()) - scroll_x
        if 0 <= c < len(chars):
            if chars[c] == " ":
                chars[c] = sym.TODAY
            styles[c] = head + self.style("today")

    # -- cursor and scrolling ---------------------------------------------------------
    def _selection_changed(self, scroll: bool = True) -> None:
        data, task = self.data, self.selected_task
        related: dict[int | str, str] = {}
        if data is not None and task is not None:
            for rel in data.predecessors.get(task, ()):
                related[rel.other] = sym.PREDECESSOR
            for rel in data.successors.get(task, ()):
                related[rel.other] = sym.SUCCESSOR
        self.related = related
        if scroll:
            self._scroll_cursor_into_view()
        self.post_message(self.Selected(self, task))

    def _scroll_cursor_into_view(self) -> None:
        if not self.lines:
            return
        top = round(self.scroll_y)
        height = self.body_height
        wanted = top
        last = self.cursor + (
            1
            if self.cursor + 1 < len(self.lines) and self.lines[self.cursor + 1].kind == BASE
            else 0
        )
        if self.cursor < top:
            wanted = self.cursor
        elif last >= top + height:
            wanted = last - height + 1
        if wanted != top:
            self.scroll_to(y=wanted, animate=False, immediate=True)

    def _move_to(self, index: int) -> None:
        if not self.lines:
            return
        index = max(0, min(index, len(self.lines) - 1))
        if self.lines[index].kind == BASE:
            index -= 1
        if index != self.cursor:
            self.cursor = index
            self._selection_changed()
        self.refresh()

    def _step(self, direction: int) -> None:
        index = self.cursor + direction
        while 0 <= index < len(self.lines) and self.lines[index].kind == BASE:
            index += direction
        if 0 <= index < len(self.lines):
            self._move_to(index)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_page_up(self) -> None:
        height = self.body_height
        self.scroll_to(y=max(0, self.scroll_y - height), animate=False, immediate=True)
        self._move_to(self.cursor - height)

    def action_page_down(self) -> None:
        height = self.body_height
        self.scroll_to(y=self.scroll_y + height, animate=False, immediate=True)
        self._move_to(self.cursor + height)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.lines) - 1)

    def _scroll_time(self, direction: int) -> None:
        step = max(1, self.chart_width // 4)
        self.scroll_to(x=max(0, self.scroll_x + direction * step), animate=False, immediate=True)

    def action_cursor_left(self) -> None:
        line = self.selected_line
        if line is not None and line.kind == PHASE and line.key not in self.collapsed:
            self.action_open_or_fold()
        else:
            self._scroll_time(-1)

    def action_cursor_right(self) -> None:
        line = self.selected_line
        if line is not None and line.kind == PHASE and line.key in self.collapsed:
            self.action_open_or_fold()
        else:
            self._scroll_time(1)

    def action_open_or_fold(self) -> None:
        line = self.selected_line
        if line is None:
            return
        if line.task_id is not None:
            self.post_message(self.Opened(line.task_id))
            return
        name = str(line.key)
        if name in self.collapsed:
            self.collapsed.discard(name)
        else:
            self.collapsed.add(name)
        self._relayout(line)

    def action_zoom(self, step: int) -> None:
        zoom = max(DAY, min(MONTH, self.zoom + step))
        if zoom == self.zoom or self.data is None:
            return
        # Keep the day meant to be at the left third: the one last placed there, which
        # at month scale near the chart's start may sit further right (scroll clamped).
        anchor = self._anchor if self._anchor is not None else self._day_shown()
        self.zoom = zoom
        self._cache.clear()
        self._update_virtual_size()
        self._show_day(anchor)
        self.refresh()

    def _place_at_today(self) -> None:
        self.action_today()
        self.placed = True

    def action_today(self) -> None:
        """Scroll to today and put the cursor on the first task under way (or next) today."""
        if self.data is None:
            return
        today = self.data.today.toordinal()
        current = self.data.bars.get(self.selected_task or 0)
        if current is None or not current.s0 <= today <= current.s1:
            open_until = self.data.open_until
            for index, line in enumerate(self.lines):
                if line.kind == TASK and open_until.get(line.task_id or 0, 0) >= today:
                    self._move_to(index)
                    break
        self._show_day(today)
        self.refresh()

    def action_baseline_rows(self) -> None:
        self.baseline_rows = not self.baseline_rows
        self._relayout(self.selected_line)
