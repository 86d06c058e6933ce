"""The main window: composes the table, form, image and related panels, and wires them.

It holds no truth of its own: records live in the store, changes go through the editor
as undo commands, and saving is the store's. The window turns actions into those calls.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..core.images import ImageSettings
from ..core.journal import Entry
from ..core.record import Record, SaveError
from . import icons
from .actions import create_actions
from .commands import RecordEditor
from .disk_questions import DiskQuestions
from .duplicates import DuplicatesDock
from .form import RecordForm
from .help import about_window, filter_language_window
from .image_panel import ImagePanel
from .images import ImageLoader
from .library_model import LibraryTableModel
from .library_view import LibraryView
from .naming import named
from .problems import ProblemsModel, problems_view
from .query_line import QueryLine
from .recent import RecentMenu
from .related_panel import RelatedPanel
from .review import ReviewDialog
from .settings import Settings
from .shortcuts import ShortcutsDialog
from .store import RecordStore
from .triage import Triage

PROGRESS_EVERY_MS = 300
# Keys typed within this many ms filter once, for the last one; a filter still running
# when a key comes is interrupted (the query thread drops what a newer one replaced).
FILTER_DEBOUNCE_MS = 15
SELECTION_DEBOUNCE_MS = 30
FIRST_RECORD_AFTER_MS = 60  # see _on_store_records_added


class MainWindow(QMainWindow):
    """The curation window over one library.

    Signals:
        closed: the user closed the window after saving or dropping every edit.
    """

    closed = Signal()

    def __init__(
        self,
        store: RecordStore,
        editor: RecordEditor,
        stack: QUndoStack,
        loader: ImageLoader,
        settings: Settings,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowIcon(icons.app_icon())
        self.store, self.editor, self.stack = store, editor, stack
        self.loader, self.settings = loader, settings
        self.acts = create_actions(self)
        self._pending_select = -1
        # The record the user last made current: a filter that hides it for a keystroke
        # (typing "quality:>=50" passes through "q") gives it back when it matches again.
        self._anchor: Record | None = None
        self._help: dict[Callable[[QWidget], QDialog], QDialog] = {}  # Help windows shown
        self._auto_select = False
        self._progress = (0, 0)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_EVERY_MS)
        self._progress_timer.timeout.connect(self._on_progress_timer_timeout)
        self._first_record = QTimer(self)  # see _on_store_records_added
        self._first_record.setSingleShot(True)
        self._first_record.setInterval(FIRST_RECORD_AFTER_MS)
        self._first_record.timeout.connect(self._select_first_if_none)
        self._build_models()
        self._build_widgets()
        self._build_toolbar_and_menus()
        self._connect_signals()
        self._restore_layout()
        self._update_status()

    # -- building ----------------------------------------------------------------------

    def _build_models(self) -> None:
        self.table_model = LibraryTableModel(self.store, self.editor, self)
        self.problems_model = ProblemsModel(self.store, self)
        self.disk = DiskQuestions(self.store, self)

    def _build_widgets(self) -> None:
        self.query_line = QueryLine(
            'Filter: words, published:false, quality:>=50, topic:"Computer Vision", has:related …',
            ("filterEdit", "filterError"),
            debounce=FILTER_DEBOUNCE_MS,
        )
        self.filter_edit, self.filter_error = self.query_line.edit, self.query_line.error
        self.table = LibraryView()
        self.table.setModel(self.table_model)
        self.table.apply_default_columns()
        self.triage = Triage(self.editor, self.table, self)
        self._selection_timer = QTimer(self)  # a drag over rows selects once, at its end
        self._selection_timer.setSingleShot(True)
        self._selection_timer.setInterval(SELECTION_DEBOUNCE_MS)
        self._selection_timer.timeout.connect(self._on_selection_timer_timeout)
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(6, 6, 0, 6)
        box.addWidget(self.query_line)
        box.addWidget(self.table)
        self.query_line.lead_to(self.table)

        self.form = RecordForm(self.editor, self.store)
        form_scroll = named(QScrollArea(), "formScroll")
        form_scroll.setWidgetResizable(True)
        form_scroll.setWidget(self.form)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.image_panel = ImagePanel(self.editor, self.store, self.loader)
        self.related_panel = RelatedPanel(self.editor, self.store, self.loader)
        self.side_splitter = named(QSplitter(Qt.Orientation.Vertical), "sideSplitter")
        self.side_splitter.addWidget(self.image_panel)
        self.side_splitter.addWidget(self.related_panel)
        self.side_splitter.setSizes([460, 420])

        self.main_splitter = named(QSplitter(Qt.Orientation.Horizontal), "mainSplitter")
        self.main_splitter.addWidget(left)
        self.main_splitter.addWidget(form_scroll)
        # The right column (image, related list, suggestions, item editor) needs more
        # height than a 1366×768 screen leaves: it scrolls instead of making the window
        # taller than the screen.
        side_scroll = named(QScrollArea(), "sideScroll")
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        side_scroll.setWidget(self.side_splitter)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = side_scroll.verticalScrollBar().sizeHint().width()
        side_scroll.setMinimumWidth(self.side_splitter.minimumSizeHint().width() + bar)
        self.main_splitter.addWidget(side_scroll)
        self.main_splitter.setStretchFactor(0, 1)  # the table takes what the window gains
        self.main_splitter.setStretchFactor(1, 0)
        self.main_splitter.setStretchFactor(2, 0)
        self.main_splitter.setSizes([840, 390, 420])
        self.setCentralWidget(self.main_splitter)

        self.problems_dock = named(QDockWidget("Problems", self), "problemsDock")
        self.problems_dock.setWidget(problems_view(self.problems_model))
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.problems_dock.hide()
        self.duplicates_dock = DuplicatesDock(self.store, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.duplicates_dock)
        self.duplicates_dock.hide()

        self.status_counts = named(QLabel(), "statusCounts")
        self.progress = named(QProgressBar(), "loadProgress")
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.status_counts)

    def _build_toolbar_and_menus(self) -> None:
        a = self.acts
        toolbar = named(QToolBar("Main"), "mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (
            a.open_folder,
            a.reload,
            None,
            a.save,
            a.save_all,
            a.revert,
            a.review,
            None,
            a.undo,
            a.redo,
            None,
            a.attach,
        ):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.addToolBar(toolbar)
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addAction(a.open_folder)
        self.recent_menu = RecentMenu(self.settings, self)
        file_menu.addMenu(self.recent_menu)
        for action in (
            a.reload,
            a.save,
            a.save_all,
            a.revert,
            a.reload_record,
            a.review,
            a.save_on_leave,
            a.offline,
            a.quit,
        ):
            file_menu.addAction(action)
        edit_menu = menus.addMenu("&Edit")
        for action in (a.undo, a.redo, a.find, a.toggle_published, a.attach):
            edit_menu.addAction(action)
        go_menu = menus.addMenu("&Go")
        go_menu.addAction(a.next_record)
        go_menu.addAction(a.previous_record)
        view_menu = menus.addMenu("&View")
        view_menu.addAction(self.problems_dock.toggleViewAction())
        view_menu.addAction(self.duplicates_dock.toggleViewAction())
        view_menu.addMenu(self.table.column_menu()).setText("&Columns")
        view_menu.addAction(a.advance)
        help_menu = menus.addMenu("&Help")
        help_menu.setObjectName("helpMenu")
        for action in (a.filter_help, a.shortcuts, a.about):
            help_menu.addAction(action)
        self.addActions(a.all())

    def _connect_signals(self) -> None:
        a = self.acts
        a.open_folder.triggered.connect(self._on_open_folder)
        a.reload.triggered.connect(self._on_reload)
        a.save.triggered.connect(self.save_current)
        a.save_all.triggered.connect(self.save_all)
        a.revert.triggered.connect(self._on_revert)
        a.reload_record.triggered.connect(lambda: self.disk.reload(self.current_record()))
        a.review.triggered.connect(self.review_changes)
        a.undo.triggered.connect(self.stack.undo)
        a.redo.triggered.connect(self.stack.redo)
        a.find.triggered.connect(self._on_find)
        a.next_record.triggered.connect(lambda: self._step(1))
        a.previous_record.triggered.connect(lambda: self._step(-1))
        a.toggle_published.triggered.connect(self.triage.toggle_selected)
        a.advance.setChecked(self.settings.advance_after_scoring)
        self.triage.advance = a.advance.isChecked()
        a.advance.toggled.connect(self._on_advance_toggled)
        a.save_on_leave.setChecked(self.settings.save_on_leave)
        a.save_on_leave.toggled.connect(self._on_save_on_leave_toggled)
        a.shortcuts.triggered.connect(lambda: ShortcutsDialog(self.acts, self).show())
        self.table.scored.connect(self.triage.on_key)
        self.triage.told.connect(lambda text: self.statusBar().showMessage(text, 10000))
        a.attach.triggered.connect(self.related_panel.open_attach_dialog)
        a.offline.setChecked(self.loader.settings.offline)
        a.offline.toggled.connect(self._on_offline_toggled)
        a.quit.triggered.connect(self.close)
        a.filter_help.triggered.connect(lambda: self._show_help(filter_language_window))
        a.about.triggered.connect(lambda: self._show_help(about_window))
        self.recent_menu.open_requested.connect(lambda path: self.open_library([path]))
        self.stack.canUndoChanged.connect(a.undo.setEnabled)
        self.stack.canRedoChanged.connect(a.redo.setEnabled)
        self.stack.cleanChanged.connect(self._update_status)
        a.undo.setEnabled(False)
        a.redo.setEnabled(False)
        self.query_line.query_changed.connect(self.table_model.set_query)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_timer.start)
        self.store.library_reset.connect(self._on_store_library_reset)
        self.store.records_added.connect(self._on_store_records_added)
        self.store.record_changed.connect(lambda _row: self._update_status())
        self.store.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.table_model.order_applied.connect(self._on_table_model_order_applied)
        self.store.problems_changed.connect(self._on_store_problems_changed)
        self.store.loading_progress.connect(self._on_store_loading_progress)
        self.store.loading_finished.connect(self._on_store_loading_finished)
        for part in (self.form, self.table_model, self.image_panel, self.related_panel):
            part.edit_refused.connect(self._on_edit_refused)
        self.related_panel.open_record_requested.connect(self.select_record)
        self.duplicates_dock.open_record_requested.connect(self.select_record)
        self.disk.told.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.disk.records_changed.connect(self._update_status)

    def _show_help(self, make: Callable[[QWidget], QDialog]) -> None:
        """Show a Help window (one of each kind, brought to the front if open)."""
        dialog = self._help.get(make)
        if dialog is None:
            dialog = self._help[make] = make(self)
        dialog.show()
        dialog.activateWindow()

    # -- layout persistence ------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry, state = self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(default_size(self.screen().availableGeometry().size()))
        if state is not None:
            self.restoreState(state)
        header = self.settings.header_state()
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        for name, splitter in (("main", self.main_splitter), ("side", self.side_splitter)):
            saved = self.settings.splitter_state(name)
            if saved is not None:
                splitter.restoreState(saved)

    def save_layout(self) -> None:
        """Remember geometry, docks, column order/widths/visibility and splitters."""
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.settings.save_header_state(self.table.horizontalHeader().saveState())
        self.settings.save_splitter_state("main", self.main_splitter.saveState())
        self.settings.save_splitter_state("side", self.side_splitter.saveState())

    # -- library -----------------------------------------------------------------------

    def open_library(
        self,
        paths: list[Path],
        *,
        ask: bool = True,
        background: bool = True,
        doing: str = "opening another library",
    ) -> bool:
        """Open a library (asking first when edits are unsaved); False if the user cancels."""
        if ask and not self._confirm_discard(doing):
            return False
        self.stack.clear()
        self._anchor = None
        self._show_record(None)
        if paths:  # before reading: a restore after a crash marks the window modified
            self.settings.remember_library(paths[0])
            self.setWindowTitle(window_title(paths[0]))
        self.store.open(paths, background=background)
        return True

    def _on_reload(self) -> None:
        self.open_library(self.store.library.roots, doing="reloading the library")

    def _on_open_folder(self) -> None:
        start = str(self.store.library.root or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open library", start)
        if folder:
            self.open_library([Path(folder)])

    # -- selection ---------------------------------------------------------------------

    def current_record(self) -> Record | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.table_model.record_at(index.row())

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = None
        if current.isValid():
            self._first_record.stop()  # a record is current: nothing to choose
            record = self.table_model.record_at(current.row())
        if record is not None and not self._auto_select:
            self._anchor = record
        if record is not None:
            self.sync_with_disk([record])  # the file may have changed since it was read
        left = self.form.record()
        if record is not left:
            self._show_record(record)
            if left is not None and self.acts.save_on_leave.isChecked():
                self._save_left(left)

    def _save_left(self, record: Record) -> None:
        """Save the record just left (the option is on); a refusal is told, edits kept."""
        if not record.modified:
            return
        try:
            self.store.save(record)
        except (SaveError, OSError) as error:
            message = getattr(error, "message", error)
            self.statusBar().showMessage(
                f"Not saved: {record.path.name}: {message} — your edits are kept", 15000
            )
            return
        if not self.store.modified_records():
            self.stack.setClean()
        self._update_status()

    def _on_selection_timer_timeout(self) -> None:
        rows = len(self.table.selectionModel().selectedRows())
        records = self.triage.selected_records(quiet=True) if rows > 1 else []
        self.form.set_selection(records or [], too_many=rows if records is None else 0)

    def _show_record(self, record: Record | None) -> None:
        self.form.set_record(record)
        self.image_panel.set_record(record)
        self.related_panel.set_record(record)
        self.acts.save.setEnabled(record is not None)
        self.acts.revert.setEnabled(record is not None)
        self.acts.reload_record.setEnabled(record is not None)
        self.acts.attach.setEnabled(record is not None and not record.readonly)

    def select_record(self, record: Record) -> None:
        """Select ``record`` in the table, clearing the filter if it hides it."""
        row = self.store.row_of(record)
        if row < 0:
            return
        view = self.table_model.view_row(row)
        if view < 0:
            self._pending_select = row
            self.filter_edit.clear()
            return
        index = self.table_model.index(view, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _step(self, delta: int) -> None:
        rows = self.table_model.rowCount()
        if rows == 0:
            return
        current = self.table.currentIndex()
        row = 0 if not current.isValid() else min(max(current.row() + delta, 0), rows - 1)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(self.table_model.index(row, 0), flags)

    def _select_first_if_none(self) -> None:
        if not self.table.currentIndex().isValid() and self.table_model.rowCount() > 0:
            self._step(0)
            if self._anchor is None:  # the record the form shows stays put while loading
                self._anchor = self.current_record()

    # -- filter ------------------------------------------------------------------------

    def _on_find(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _on_table_model_order_applied(self) -> None:
        if self._pending_select >= 0:
            row, self._pending_select = self._pending_select, -1
            view = self.table_model.view_row(row)
            if view >= 0:
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows
                )
                index = self.table_model.index(view, 0)
                self.table.selectionModel().setCurrentIndex(index, flags)
        self._auto_select = True
        try:
            self._back_to_anchor()
            hidden = self._anchor is not None and self.current_record() is not self._anchor
            if hidden and self.table_model.rowCount() > 0:  # the first result, not a row
                flags = (  # an earlier keystroke's order happened to leave current
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows
                )
                self.table.selectionModel().setCurrentIndex(self.table_model.index(0, 0), flags)
            self._select_first_if_none()
        finally:
            self._auto_select = False
        current = self.table.currentIndex()
        if current.isValid():
            self.table.scrollTo(current)
        self._update_status()

    def _back_to_anchor(self) -> None:
        """Make the user's record current again if the new order shows it."""
        anchor = self._anchor
        if anchor is None or self.current_record() is anchor:
            return
        row = self.store.row_of(anchor)
        view = self.table_model.view_row(row) if row >= 0 else -1
        if view < 0:
            return
        selection = self.table.selectionModel()
        keep = selection.hasSelection() and not self.table.currentIndex().isValid()
        flags = QItemSelectionModel.SelectionFlag.Rows | (
            QItemSelectionModel.SelectionFlag.Select
            if keep
            else QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        selection.setCurrentIndex(self.table_model.index(view, 0), flags)

    # -- editing -----------------------------------------------------------------------

    def _on_revert(self) -> None:
        record = self.current_record()
        if record is not None:
            self.editor.revert(record)

    def sync_with_disk(self, records: list[Record] | None = None) -> None:
        """Follow changes on disk to ``records`` (default: all held), asking when needed."""
        self.disk.check(records)

    def offer_restore(self, entries: list[Entry]) -> bool:
        """After a crash: offer to restore the journal's edits (see DiskQuestions)."""
        return self.disk.offer_restore(entries)

    def _on_edit_refused(self, message: str) -> None:
        self.statusBar().showMessage(f"Not changed: {message}", 8000)

    def _on_advance_toggled(self, advance: bool) -> None:
        self.settings.advance_after_scoring = self.triage.advance = advance

    def _on_save_on_leave_toggled(self, save: bool) -> None:
        self.settings.save_on_leave = save

    def _on_offline_toggled(self, offline: bool) -> None:
        self.settings.offline = offline
        self.loader.settings = ImageSettings(
            offline=offline,
            timeout=self.loader.settings.timeout,
            max_bytes=self.loader.settings.max_bytes,
        )
        self._show_record(self.current_record())

    # -- saving ------------------------------------------------------------------------

    def save_current(self) -> bool:
        record = self.current_record()
        return record is None or self._save([record])

    def save_all(self) -> bool:
        return self._save(self.store.modified_records())

    def _save(self, records: list[Record]) -> bool:
        self.sync_with_disk(records)  # re-base onto what is on disk now, asking if needed
        failures: list[str] = []
        written = 0
        for record in records:
            try:
                written += bool(self.store.save(record))
            except (SaveError, OSError) as error:
                failures.append(f"{record.path.name}: {getattr(error, 'message', error)}")
        if not self.store.modified_records():
            self.stack.setClean()
        self._update_status()
        if failures:
            QMessageBox.warning(
                self,
                "Not saved",
                "These files were not saved; your edits are kept:\n\n" + "\n".join(failures),
            )
            return False
        self.statusBar().showMessage(f"Saved {written} file{'s' if written != 1 else ''}", 4000)
        return True

    def review_changes(self) -> None:
        dialog = ReviewDialog(self.store.modified_records(), self)
        if dialog.exec():
            self.save_all()

    def _confirm_discard(self, doing: str) -> bool:
        modified = self.store.modified_records()
        if not modified:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Unsaved changes",
            unsaved_question(modified, doing),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(unsaved_names(modified))
        box.setObjectName("unsavedBox")
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save_all()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_discard("closing"):
            event.ignore()
            return
        self.save_layout()
        self.store.shutdown()
        event.accept()
        self.closed.emit()

    # -- status ------------------------------------------------------------------------

    def _update_status(self) -> None:
        modified = self.store.modified_count()
        problems = len(self.store.problems)
        self.status_counts.setText(
            f"{self.store.count()} records · {self.table_model.rowCount()} shown · "
            f"{modified} unsaved · {problems} problem{'s' if problems != 1 else ''}"
        )
        self.setWindowModified(modified > 0 or not self.stack.isClean())
        self.acts.save_all.setEnabled(modified > 0)
        self.acts.review.setEnabled(modified > 0)

    def _on_store_library_reset(self) -> None:
        self.progress.setRange(0, 0)
        self.progress.show()
        self._update_status()

    def _on_store_records_added(self, _first: int, _last: int) -> None:
        self._update_status()
        # After the table has painted its first rows: the form, the image and the related
        # panel of the first record then paint in a frame of their own (together, the
        # first frame took over 100 ms).
        if not self._first_record.isActive():
            self._first_record.start()

    def _on_store_loading_progress(self, done: int, total: int) -> None:
        self._progress = (done, total)
        if not self._progress_timer.isActive():  # a few updates a second are plenty
            self._progress_timer.start()

    def _on_progress_timer_timeout(self) -> None:
        done, total = self._progress
        if self.store.loading:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
            self.statusBar().showMessage(f"Reading {done} of {total} files…")

    def _on_store_loading_finished(self) -> None:
        self.progress.hide()
        self.statusBar().showMessage(f"Loaded {self.store.count()} records", 4000)
        self._update_status()

    def _on_store_problems_changed(self) -> None:
        self.problems_dock.setVisible(bool(self.store.problems))
        self._update_status()


def window_title(root: Path) -> str:
    """``library[*] — curator``: ends with the application's name, so the platform does
    not append it a second time (``library — curator* — curator``)."""
    return f"{root.name}[*] — {QApplication.applicationDisplayName() or 'curator'}"


def unsaved_question(records: list[Record], doing: str) -> str:
    count = len(records)
    which = "1 record has" if count == 1 else f"{count} records have"
    return f"{which} unsaved changes. Save {'it' if count == 1 else 'them'} before {doing}?"


def unsaved_names(records: list[Record], most: int = 8) -> str:
    """The records' titles (file name after each), the first ``most`` of them."""
    lines = [f"• {record_label(r)}" for r in records[:most]]
    if len(records) > most:
        lines.append(f"… and {len(records) - most} more")
    return "\n".join(lines)


def record_label(record: Record) -> str:
    title = record.data.get("title") if isinstance(record.data, dict) else None
    name = record.path.name
    return f"{title} ({name})" if isinstance(title, str) and title.strip() else name


def default_size(available: QSize) -> QSize:
    """The first window size: 1560×940, or the screen's free area less a margin."""
    return QSize(min(1560, available.width() - 16), min(940, available.height() - 48))
