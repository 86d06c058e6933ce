"""What a windowing system does during a drag, for the offscreen platform, which has none.

On offscreen, ``QDrag.exec`` returns ``IgnoreAction`` at once. :func:`emulate_platform_drag`
replaces it there (only there) with what Qt's own basic drag (xcb, Xvfb) does: a nested
event loop that eats mouse moves and turns them into drag-enter/move/leave events for the
widget under the pointer that accepts drops, and the release into a drop. The widgets see
the same events as under a real windowing system; nothing calls their drop handlers
directly. Under xcb the real drag runs and this does nothing.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QEventLoop, QMimeData, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QMouseEvent,
)
from PySide6.QtWidgets import QApplication, QWidget


def _widget_at(at: QPoint) -> QWidget | None:
    # QApplication.widgetAt looks only on the screens; the offscreen screen is 800x600,
    # smaller than the window, so look through the visible windows' geometry instead.
    for window in QApplication.topLevelWidgets():
        if window.isVisible() and window.geometry().contains(at):
            return window.childAt(window.mapFromGlobal(at)) or window
    return None


def _drop_target(at: QPoint) -> QWidget | None:
    widget = _widget_at(at)
    while widget is not None and not widget.isWindow() and not widget.acceptDrops():
        widget = widget.parentWidget()
    return widget if widget is not None and widget.acceptDrops() else None


class _Drag(QObject):
    def __init__(self, mime: QMimeData, actions: Qt.DropAction) -> None:
        super().__init__()
        self.mime, self.actions = mime, actions
        self.loop = QEventLoop()
        self.target: QWidget | None = None
        self.accepted = False
        self.result = Qt.DropAction.IgnoreAction

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QMouseEvent):
            return False
        at = event.globalPosition().toPoint()
        if event.type() == QEvent.Type.MouseMove:
            self._move(at, event)
            return True
        if event.type() == QEvent.Type.MouseButtonRelease:
            self._drop(at, event)
            self.loop.quit()
            return True
        return event.type() == QEvent.Type.MouseButtonPress

    def _move(self, at: QPoint, event: QMouseEvent) -> None:
        target = _drop_target(at)
        if target is not self.target:
            if self.target is not None:
                QApplication.sendEvent(self.target, QDragLeaveEvent())
            self.target, self.accepted = target, False
            if target is not None:
                enter = QDragEnterEvent(
                    target.mapFromGlobal(at),
                    self.actions,
                    self.mime,
                    event.buttons(),
                    event.modifiers(),
                )
                QApplication.sendEvent(target, enter)
                self.accepted = enter.isAccepted()
        if self.target is not None and self.accepted:
            move = QDragMoveEvent(
                self.target.mapFromGlobal(at),
                self.actions,
                self.mime,
                event.buttons(),
                event.modifiers(),
            )
            QApplication.sendEvent(self.target, move)
            self.accepted = move.isAccepted()
            self.result = move.dropAction() if self.accepted else Qt.DropAction.IgnoreAction

    def _drop(self, at: QPoint, event: QMouseEvent) -> None:
        if self.target is None or not self.accepted:
            self.result = Qt.DropAction.IgnoreAction
            return
        drop = QDropEvent(
            QPointF(self.target.mapFromGlobal(at)),
            self.actions,
            self.mime,
            Qt.MouseButton.NoButton,
            event.modifiers(),
        )
        QApplication.sendEvent(self.target, drop)
        self.result = drop.dropAction() if drop.isAccepted() else Qt.DropAction.IgnoreAction


def _exec(
    drag: QDrag,
    actions: Qt.DropAction = Qt.DropAction.MoveAction,
    _default: Qt.DropAction = Qt.DropAction.IgnoreAction,
) -> Qt.DropAction:
    session = _Drag(drag.mimeData(), actions)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(session)
    try:
        session.loop.exec()
    finally:
        app.removeEventFilter(session)
    return session.result


def emulate_platform_drag(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the offscreen platform, let QDrag.exec run a drag as a windowing system would."""
    if QGuiApplication.platformName() == "offscreen":
        monkeypatch.setattr(QDrag, "exec", _exec)
