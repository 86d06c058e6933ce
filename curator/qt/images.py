"""Record images for widgets: decoded off the GUI thread, kept as QImages, stale results dropped."""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QFont, QImage, QPainter, QPen

from ..core.images import DecodedImage, ImageError, ImageSettings, load_image
from .colors import color
from .icons import icon

MAX_ENTRIES = 200
MAX_CACHE_BYTES = 64 * 1024 * 1024  # decoded pixels kept; a 480x320 preview is 0.6 MB
THREADS = 4  # downloads wait on the network; decodes are bounded by core.images.MAX_DECODES

_Key = tuple[str, str, str, tuple[int, int]]  # url, record_dir, cache_dir, max_size
_JobKey = tuple[_Key, ImageSettings]  # failures depend on the settings, pictures do not


class _Relay(QObject):
    """Carries a finished job back to the loader's thread (created there, emitted from workers)."""

    finished = Signal(object, object)  # job key, DecodedImage or reason


class _Job(QRunnable):
    """One decode on the pool; plain values in, a DecodedImage or a reason string out."""

    def __init__(self, key: _JobKey, relay: _Relay, cache_dir: Path) -> None:
        super().__init__()
        self.key = key
        self.relay = relay
        self.cache_dir = cache_dir
        self.subscribers: list[tuple[Hashable, int]] = []  # (token, generation)
        self.setAutoDelete(False)  # the loader keeps it until its result is delivered

    def run(self) -> None:  # runs on a pool thread: no widgets, no QImage
        (url, record_dir, _cache, max_size), settings = self.key
        outcome: DecodedImage | str
        try:
            outcome = load_image(
                url,
                record_dir=Path(record_dir),
                cache_dir=self.cache_dir,
                settings=settings,
                max_size=max_size,
            )
        except ImageError as error:
            outcome = error.reason
        except Exception as error:  # Pillow/OS surprises: a placeholder, never a crash
            outcome = f"could not load the image: {error or type(error).__name__}"
        self.relay.finished.emit(self.key, outcome)


class ImageLoader(QObject):
    """Decodes images off the GUI thread and keeps the recent ones as QImages.

    A request names a `token` of the caller's choosing; only the latest request of a token is
    answered, and `cancel` drops it. A picture already in the cache is answered at once,
    before `request` returns; everything else arrives later through the event loop.

    Signals:
        ready(token, QImage, real_w, real_h): the picture (fitting max_size) and its real size.
        failed(token, reason): it could not be shown; `reason` is fit for a placeholder.
    """

    ready = Signal(object, QImage, int, int)
    failed = Signal(object, str)

    def __init__(
        self,
        settings: ImageSettings | None = None,
        parent: QObject | None = None,
        *,
        max_cache_bytes: int = MAX_CACHE_BYTES,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or ImageSettings()
        self._cache: OrderedDict[_Key, tuple[QImage, int, int]] = OrderedDict()
        self._cache_bytes = 0
        self._max_cache_bytes = max_cache_bytes
        self._wanted: dict[Hashable, tuple[int, _JobKey]] = {}  # token -> generation, job
        self._jobs: dict[_JobKey, _Job] = {}
        self._generation = 0
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(THREADS)
        self._relay = _Relay()
        self._relay.finished.connect(self._on_relay_finished, Qt.ConnectionType.QueuedConnection)
        self._session_dir: Path | None = None

    # -- public ----------------------------------------------------------------------

    def request(
        self,
        token: Hashable,
        url: str,
        *,
        record_dir: Path,
        cache_dir: Path | None,
        max_size: tuple[int, int],
    ) -> None:
        """Ask for `url` fitted to `max_size`; a previous request of `token` is dropped."""
        size = (int(max_size[0]), int(max_size[1]))
        if min(size) < 1:
            raise ValueError(f"max_size must be positive, got {max_size!r}")
        self.cancel(token)
        key: _Key = (url.strip(), str(record_dir), str(cache_dir or ""), size)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            self.ready.emit(token, *hit)
            return
        self._generation += 1
        job_key: _JobKey = (key, self.settings)
        self._wanted[token] = (self._generation, job_key)
        job = self._jobs.get(job_key)
        if job is None:  # nothing in flight for this picture: start one decode
            job = _Job(job_key, self._relay, cache_dir or self._session_cache())
            self._jobs[job_key] = job
            self._pool.start(job)
        job.subscribers.append((token, self._generation))

    def cancel(self, token: Hashable) -> None:
        """Forget `token`'s request: its result, if it arrives, is dropped."""
        wanted = self._wanted.pop(token, None)
        if wanted is None:
            return
        job = self._jobs.get(wanted[1])
        if job is None:
            return
        job.subscribers = [s for s in job.subscribers if self._wanted.get(s[0]) == (s[1], job.key)]
        if not job.subscribers and self._pool.tryTake(job):  # not started yet: never run it
            del self._jobs[job.key]

    def cached_count(self) -> int:
        """Return how many pictures the memory cache holds."""
        return len(self._cache)

    def cached_bytes(self) -> int:
        """Return the bytes of decoded pixels the memory cache holds."""
        return self._cache_bytes

    def pending_count(self) -> int:
        """Return how many decodes are queued or running."""
        return len(self._jobs)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every running decode has finished (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    # -- internals -------------------------------------------------------------------

    def _on_relay_finished(self, job_key: _JobKey, outcome: DecodedImage | str) -> None:
        job = self._jobs.pop(job_key, None)
        if job is None:
            return
        if isinstance(outcome, DecodedImage):
            image = _to_qimage(outcome)
            self._remember(job_key[0], (image, outcome.width, outcome.height))
        for token, generation in job.subscribers:
            if self._wanted.get(token) != (generation, job_key):
                continue  # cancelled, or asked for something newer meanwhile
            del self._wanted[token]
            if isinstance(outcome, DecodedImage):
                self.ready.emit(token, image, outcome.width, outcome.height)
            else:
                self.failed.emit(token, outcome)

    def _remember(self, key: _Key, entry: tuple[QImage, int, int]) -> None:
        old = self._cache.pop(key, None)
        if old is not None:
            self._cache_bytes -= old[0].sizeInBytes()
        self._cache[key] = entry
        self._cache_bytes += entry[0].sizeInBytes()
        while len(self._cache) > MAX_ENTRIES or (
            self._cache_bytes > self._max_cache_bytes and len(self._cache) > 1
        ):
            _key, (dropped, _w, _h) = self._cache.popitem(last=False)
            self._cache_bytes -= dropped.sizeInBytes()

    def _session_cache(self) -> Path:
        """A private download folder for records outside a library, removed with the loader."""
        if self._session_dir is None:
            self._session_dir = Path(tempfile.mkdtemp(prefix="curator-images-"))
            weakref.finalize(self, shutil.rmtree, self._session_dir, ignore_errors=True)
        return self._session_dir


def _to_qimage(decoded: DecodedImage) -> QImage:
    """Wrap decoded RGBA bytes in a QImage that owns its pixels (GUI thread)."""
    w, h = decoded.thumb_width, decoded.thumb_height
    return QImage(decoded.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


def placeholder_image(reason: str, size: tuple[int, int]) -> QImage:
    """Draw a card in the palette's greys (light or dark) with the image-missing icon and
    `reason`, word-wrapped, below it."""
    width, height = max(1, size[0]), max(1, size[1])
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(color("placeholder-back"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color("placeholder-line"), 1))
    painter.drawRect(QRect(0, 0, width - 1, height - 1))
    side = max(8, min(64, height // 3, width // 3))
    text_h = height // 3 if reason else 0
    top = (height - side - text_h) // 2
    icon("image-missing").paint(painter, QRect((width - side) // 2, top, side, side))
    if reason:
        font = QFont(painter.font())
        font.setPixelSize(max(9, min(14, height // 12)))
        painter.setFont(font)
        painter.setPen(color("placeholder-text"))
        margin = max(4, width // 12)
        box = QRect(margin, top + side + side // 4, width - 2 * margin, height - top - side)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        painter.drawText(box, int(flags) | int(Qt.TextFlag.TextWordWrap), reason)
    painter.end()
    return image
