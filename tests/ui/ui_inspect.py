"""Looking at a widget tree the way an operator would: is it big enough, named, readable, not blank?

Shared by the tests and by ``layout_probe.py`` (which runs in its own process per scale factor).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QToolButton,
    QWidget,
)

MIN_PX = 48
CONTROL_TYPES = (QAbstractButton, QLineEdit, QAbstractItemView)


def visible_widgets(root: QWidget, kind: type | tuple[type, ...]) -> list[QWidget]:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return [w for w in root.findChildren(QWidget) if isinstance(w, kinds) and w.isVisible()]


def describe(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    return f"{type(widget).__name__}({widget.objectName() or widget.accessibleName() or text!r})"


def small_controls(root: QWidget) -> list[str]:
    return [f"{describe(w)} {w.width()}×{w.height()}" for w in visible_widgets(root, CONTROL_TYPES)
            if w.height() < MIN_PX or w.width() < MIN_PX]


def unnamed_controls(root: QWidget) -> list[str]:
    return [describe(w) for w in visible_widgets(root, CONTROL_TYPES) if not w.accessibleName().strip()]


def clipped_texts(root: QWidget) -> list[str]:
    """Labels, buttons and progress texts that do not fit the space they were given."""
    problems = []
    for label in visible_widgets(root, QLabel):
        if not label.text() or (label.pixmap() and not label.pixmap().isNull()):
            continue
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                problems.append(f"{describe(label)} needs {needed}px height, has {label.height()}")
        else:
            hint = label.sizeHint()
            if hint.width() > label.width() + 1 or hint.height() > label.height() + 1:
                problems.append(f"{describe(label)} needs {hint.width()}×{hint.height()}, "
                                f"has {label.width()}×{label.height()}")
    for button in visible_widgets(root, QAbstractButton):
        if not button.text():
            continue
        hint = button.sizeHint()
        if isinstance(button, QToolButton):
            hint = hint.boundedTo(hint.expandedTo(button.minimumSizeHint()))
        if hint.width() > button.width() + 1 or hint.height() > button.height() + 1:
            problems.append(f"{describe(button)} needs {hint.width()}×{hint.height()}, "
                            f"has {button.width()}×{button.height()}")
    for bar in visible_widgets(root, QProgressBar):
        needed = QFontMetrics(bar.font()).horizontalAdvance(bar.text()) + 12
        if bar.isTextVisible() and needed > bar.width():
            problems.append(f"progress text {bar.text()!r} needs {needed}px, has {bar.width()}")
    return problems


def outside(root: QWidget) -> list[str]:
    """Visible widgets that reach past the window's edge (a layout that could not fit)."""
    window_rect = root.rect()
    problems = []
    for widget in visible_widgets(root, QWidget):
        if widget.window() is not root:
            continue
        top_left = widget.mapTo(root, QPoint(0, 0))
        if not window_rect.contains(QRect(top_left, widget.size()).adjusted(1, 1, -1, -1)):
            problems.append(f"{describe(widget)} at {top_left.x()},{top_left.y()} {widget.width()}×{widget.height()}")
    return problems


def looks_blank(image: QImage) -> bool:
    """Nearly one colour: nothing drew (a grab of an unpainted or failed widget)."""
    small = image.scaled(64, 36)
    colours = {small.pixel(x, y) for x in range(small.width()) for y in range(small.height())}
    return len(colours) < 6
