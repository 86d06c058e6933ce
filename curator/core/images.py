"""Find, download, cache and decode record images, Qt-free (stdlib + Pillow only)."""

from __future__ import annotations

import hashlib
import http.client
import os
import socket
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from enum import Enum
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import IO
from urllib.parse import SplitResult, quote, urljoin, urlsplit
from urllib.request import url2pathname

from PIL import Image, ImageOps

from .png_bands import png_orientation, reduce_png

_MIB = 1024 * 1024
_MAX_REDIRECTS = 5
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_DOWNLOAD_SCHEMES = frozenset({"http", "https"})
_CHUNK = 64 * 1024
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
_ORIENTATION_TAG = 0x0112
_SWAPPING_ORIENTATIONS = frozenset({5, 6, 7, 8})
_REDUCING_GAP = 2  # draft JPEGs to at least twice the thumbnail size, as Image.thumbnail does
# Web image formats only: never hand a downloaded file to e.g. the EPS plugin (Ghostscript).
_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "ICO", "AVIF")
_BOMB_REASON = "image too large to decode safely (decompression-bomb guard)"
_OFFLINE_REASON = "not in the cache and downloads are off"
# Fixed lock stripes (not growing state): one download per URL at a time in this process.
_URL_LOCKS = tuple(threading.Lock() for _ in range(64))
# warnings.catch_warnings() swaps process-global filters; serialise the few lines that use it.
_WARNINGS_LOCK = threading.Lock()
# A decode may hold a whole picture (all but banded PNGs and drafted JPEGs): at most this many
# at once, however many threads ask, so memory stays bounded while pictures are shown.
MAX_DECODES = 2
_DECODE_SLOTS = threading.BoundedSemaphore(MAX_DECODES)
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class ImageError(Exception):
    """An image could not be found, fetched or decoded; `reason` is fit for a placeholder."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _CorruptFile(ImageError):
    """The file exists but Pillow cannot decode it."""


class _Source(Enum):
    LOCAL = "local"
    CACHE = "cache"
    DOWNLOAD = "download"


@dataclass(frozen=True)
class ImageSettings:
    """How images may be fetched: `timeout` is seconds for the whole download."""

    offline: bool = False
    timeout: float = 10.0
    max_bytes: int = 25 * _MIB
    user_agent: str = "curator/0.1"


@dataclass(frozen=True)
class DecodedImage:
    """A decoded, downscaled picture as plain RGBA8888 bytes (thumb_width * 4 per row).

    `width`/`height` are the real size after EXIF orientation; on the GUI thread use
    ``QImage(data, thumb_width, thumb_height, 4 * thumb_width, QImage.Format_RGBA8888).copy()``.
    """

    width: int
    height: int
    data: bytes = field(repr=False)
    thumb_width: int
    thumb_height: int
    format: str


def cache_dir_for(library_root: Path) -> Path:
    """Return the image cache folder of the library at `library_root`."""
    return library_root / ".curator" / "images"


def cache_path(cache_dir: Path, url: str) -> Path:
    """Return the cache file for `url`: its UTF-8 SHA-256 in hex, without an extension."""
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir / digest


def where_stored(url: str, *, record_dir: Path, cache_dir: Path | None) -> str:
    """Where the image at ``url`` is on this machine, in words: a file beside the record,
    the library's image cache, or not here (one or two stats; never downloads)."""
    url = url.strip()
    if not url:
        return "no image URL"
    try:
        local = _local_path(url, record_dir)
    except ImageError as error:
        return f"not on this computer ({error})"
    if local is not None:
        return "a file on this computer"
    if cache_dir is not None and cache_path(cache_dir, url).is_file():
        return "in this library's image cache"
    return "not in this library's image cache"


def locate(url: str, *, record_dir: Path, cache_dir: Path, settings: ImageSettings) -> Path:
    """Return a local file holding the image at `url`, downloading it into the cache if needed.

    Order: a local path or ``file:`` URL (relative to `record_dir`), then the cache, then an
    http(s) download unless `settings.offline`. Surrounding whitespace in `url` is ignored.
    Raises ImageError.
    """
    return _locate(url, record_dir, cache_dir, settings)[0]


def load_image(
    url: str,
    *,
    record_dir: Path,
    cache_dir: Path,
    settings: ImageSettings,
    max_size: tuple[int, int],
) -> DecodedImage:
    """Locate the image at `url` and decode it to fit `max_size`; raises ImageError.

    A download that turns out undecodable is removed again; a corrupt file that was already in
    the cache is reported ("cached file is corrupt") and left for the user to inspect.
    """
    path, source = _locate(url, record_dir, cache_dir, settings)
    try:
        return decode(path, max_size)
    except _CorruptFile as exc:
        if source is _Source.CACHE:
            raise ImageError(f"cached file is corrupt: {path.name}") from exc
        if source is _Source.DOWNLOAD:
            path.unlink(missing_ok=True)
            raise ImageError("downloaded file is corrupt or not an image") from exc
        raise


def decode(path: Path, max_size: tuple[int, int]) -> DecodedImage:
    """Decode `path` upright (EXIF orientation) and shrink it to fit `max_size`, never enlarging.

    Images over ``Image.MAX_IMAGE_PIXELS`` are refused. JPEGs are decoded at a reduced scale
    and large PNGs a band at a time (:mod:`.png_bands`), so memory follows the size shown;
    at most ``MAX_DECODES`` decodes run at once. Raises ImageError.
    """
    if min(max_size) < 1:
        raise ValueError(f"max_size must be positive, got {max_size!r}")
    try:
        with _DECODE_SLOTS, path.open("rb") as fh, _open_guarded(fh) as im:
            return _render(im, fh, max_size)
    except FileNotFoundError as exc:
        raise ImageError(f"file not found: {path.name}") from exc
    except ImageError:
        raise
    except Exception as exc:  # Pillow raises many types on hostile input
        raise _CorruptFile(f"file is corrupt or not an image: {path.name}") from exc


# --- locating -------------------------------------------------------------------------------


def _locate(
    url: str, record_dir: Path, cache_dir: Path, settings: ImageSettings
) -> tuple[Path, _Source]:
    """Implement `locate`, also telling where the file came from."""
    url = url.strip()
    if not url:
        raise ImageError("no image URL")
    local = _local_path(url, record_dir)
    if local is not None:
        return local, _Source.LOCAL
    target = cache_path(cache_dir, url)
    if target.is_file():
        return target, _Source.CACHE
    _download_parts(url)  # refuses other schemes before anything else
    if settings.offline:
        raise ImageError(_OFFLINE_REASON)
    with _URL_LOCKS[int(target.name[:8], 16) % len(_URL_LOCKS)]:
        if target.is_file():  # another thread fetched it while we waited
            return target, _Source.CACHE
        _download(url, target, settings)
    return target, _Source.DOWNLOAD


def _local_path(url: str, record_dir: Path) -> Path | None:
    """Return the existing file a path or ``file:`` URL names, or None for other URLs."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise ImageError(f"file URL on another host is not supported: {parts.netloc}")
        shown = url2pathname(parts.path)
    elif scheme == "" or len(scheme) == 1:  # plain path, or a Windows drive letter
        shown = url
    else:
        return None
    path = record_dir / shown
    if not path.is_file():
        raise ImageError(f"file not found: {shown}")
    return path


# --- downloading ----------------------------------------------------------------------------


def _download(url: str, target: Path, settings: ImageSettings) -> None:
    """Fetch `url` to a unique temp file beside `target`, verify it, then rename it atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".download-", suffix=".part", dir=target.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            content_type = _fetch(url, out, settings)
        _verify_download(tmp, content_type)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _fetch(url: str, out: IO[bytes], settings: ImageSettings) -> str:
    """GET `url` into `out`, following redirects; return the Content-Type."""
    with _Deadline(settings.timeout) as deadline:
        try:
            for _ in range(_MAX_REDIRECTS + 1):
                location, content_type = _get_once(url, out, settings, deadline)
                if location is None:
                    deadline.check()  # the body may have been cut short by the watchdog
                    return content_type
                url = location
        except (OSError, http.client.HTTPException) as exc:
            if isinstance(exc, TimeoutError) or deadline.expired.is_set():
                raise ImageError(f"download timed out after {settings.timeout:g} s") from exc
            raise ImageError(f"download failed: {_describe(exc)}") from exc
    raise ImageError(f"too many redirects (more than {_MAX_REDIRECTS})")


def _get_once(
    url: str, out: IO[bytes], settings: ImageSettings, deadline: _Deadline
) -> tuple[str | None, str]:
    """Do one GET without following redirects: (redirect target or None, Content-Type)."""
    parts = _download_parts(url)
    factory = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    port = parts.port or factory.default_port  # explicit, so IPv6 hosts are not re-parsed
    conn = factory(parts.hostname or "", port, timeout=deadline.remaining())
    try:
        conn.connect()
        deadline.watch(conn.sock)
        return _exchange(conn, parts, out, settings)
    finally:
        conn.close()


def _exchange(
    conn: http.client.HTTPConnection, parts: SplitResult, out: IO[bytes], settings: ImageSettings
) -> tuple[str | None, str]:
    """Send the request and stream a 200 body into `out`; see `_get_once`."""
    headers = {"User-Agent": settings.user_agent, "Accept": "image/*,*/*;q=0.5"}
    conn.request("GET", _request_target(parts), headers=headers)
    with conn.getresponse() as resp:  # closing it releases the socket's last reference
        return _read_response(resp, parts, out, settings)


def _read_response(
    resp: http.client.HTTPResponse, parts: SplitResult, out: IO[bytes], settings: ImageSettings
) -> tuple[str | None, str]:
    """Interpret the response: a redirect target, an error, or a body streamed into `out`."""
    if resp.status in _REDIRECT_CODES:
        return _redirect_target(parts, resp), ""
    if resp.status != 200:
        raise ImageError(f"server answered {resp.status} {_status_text(resp)}".rstrip())
    if resp.length is not None and resp.length > settings.max_bytes:
        raise _too_large(settings.max_bytes)
    _stream(resp, out, settings.max_bytes)
    return None, resp.getheader("Content-Type") or ""


def _stream(resp: http.client.HTTPResponse, out: IO[bytes], max_bytes: int) -> None:
    """Copy the body to `out`, counting bytes; raise if it is too large or cut short."""
    received = 0
    while chunk := resp.read1(_CHUNK):
        received += len(chunk)
        if received > max_bytes:
            raise _too_large(max_bytes)
        out.write(chunk)
    if resp.length:  # bytes promised by Content-Length that never came
        raise http.client.IncompleteRead(b"", resp.length)


def _verify_download(path: Path, content_type: str) -> None:
    """Raise ImageError unless `path` opens and verifies as an image."""
    try:
        with path.open("rb") as fh, _open_guarded(fh) as im:
            im.verify()
    except ImageError:
        raise
    except Exception as exc:  # Pillow raises many types on hostile input
        mime = content_type.partition(";")[0].strip().lower()
        if mime and not mime.startswith("image/"):
            raise ImageError(f"not an image ({mime})") from exc
        raise ImageError("downloaded file is corrupt or not an image") from exc


def _download_parts(url: str) -> SplitResult:
    """Split a URL we may download, refusing other schemes and malformed hosts."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DOWNLOAD_SCHEMES:
        raise ImageError(f"unsupported URL scheme '{scheme}'")
    try:
        port = parts.port
    except ValueError as exc:
        raise ImageError("URL has an invalid port") from exc
    if port == 0:
        raise ImageError("URL has an invalid port")
    if not parts.hostname:
        raise ImageError("URL has no host")
    return parts._replace(scheme=scheme)


def _request_target(parts: SplitResult) -> str:
    """Return the percent-encoded path and query to send (existing escapes kept)."""
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    return quote(target, safe=_URL_SAFE)


def _redirect_target(parts: SplitResult, resp: http.client.HTTPResponse) -> str:
    """Return the absolute URL a redirect response points to."""
    location = (resp.getheader("Location") or "").strip()
    if not location:
        raise ImageError(f"server answered {resp.status} without a Location")
    return urljoin(parts.geturl(), location)


def _status_text(resp: http.client.HTTPResponse) -> str:
    """Return the reason phrase the server sent, or the standard one."""
    if resp.reason:
        return resp.reason
    try:
        return HTTPStatus(resp.status).phrase
    except ValueError:
        return ""


def _too_large(max_bytes: int) -> ImageError:
    """Build the error for a body over the size limit."""
    if max_bytes >= _MIB:
        return ImageError(f"download larger than {max_bytes / _MIB:g} MiB")
    return ImageError(f"download larger than {max_bytes} bytes")


def _describe(exc: BaseException) -> str:
    """Return a short description of a network error."""
    strerror = getattr(exc, "strerror", None)
    if strerror:
        return str(strerror)
    return str(exc) or type(exc).__name__


class _Deadline:
    """A wall-clock cap on a whole download: when it passes, the current socket is shut down,
    which wakes any blocked read, so a server trickling bytes cannot hold us."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = threading.Event()
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        """Return the seconds left, raising TimeoutError when there are none."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("download deadline passed")
        return left

    def check(self) -> None:
        """Raise TimeoutError if the deadline has passed."""
        if self.expired.is_set():
            raise TimeoutError("download deadline passed")

    def watch(self, sock: socket.socket | None) -> None:
        """Make `sock` the socket to shut down at the deadline."""
        with self._lock:
            self._sock = sock
            fired = self.expired.is_set()
        if fired and sock is not None:
            _shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired.set()
            sock = self._sock
        if sock is not None:
            _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    """Shut `sock` down at the TCP level (bypassing TLS), ignoring errors."""
    with suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


# --- decoding -------------------------------------------------------------------------------


@contextmanager
def _open_guarded(fh: IO[bytes]) -> Iterator[Image.Image]:
    """Open `fh` with Pillow, refusing images over Image.MAX_IMAGE_PIXELS (bomb guard on)."""
    try:
        with _WARNINGS_LOCK, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(fh, formats=_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(_BOMB_REASON) from exc
    with im:
        limit = Image.MAX_IMAGE_PIXELS  # re-checked: thread-safe even if filters were raced
        if limit is not None and im.width * im.height > limit:
            raise ImageError(_BOMB_REASON)
        yield im


def _render(im: Image.Image, fh: IO[bytes], max_size: tuple[int, int]) -> DecodedImage:
    """Turn an opened image into a DecodedImage fitting `max_size`."""
    fmt = im.format or ""
    orientation = _orientation(im, fh)
    swapped = orientation in _SWAPPING_ORIENTATIONS
    width, height = (im.height, im.width) if swapped else im.size
    draft_w, draft_h = max_size[0] * _REDUCING_GAP, max_size[1] * _REDUCING_GAP
    if swapped:  # stored sideways: draft in stored orientation
        draft_w, draft_h = draft_h, draft_w
    factor = min(im.width // draft_w, im.height // draft_h)
    reduced = reduce_png(im, fh, factor) if fmt == "PNG" else None
    if reduced is not None:
        im = reduced.transpose(_TRANSPOSE[orientation]) if orientation in _TRANSPOSE else reduced
    else:
        im.draft("RGB", (draft_w, draft_h))  # JPEG only: libjpeg decodes at 1/2, 1/4 or 1/8
        ImageOps.exif_transpose(im, in_place=True)  # by now the picture is loaded anyway
    if im.mode not in ("RGB", "RGBA", "L", "LA"):
        im = im.convert("RGBA")  # palette/1-bit/CMYK: resize in a real colour mode
    im.thumbnail(max_size)
    rgba = im if im.mode == "RGBA" else im.convert("RGBA")
    return DecodedImage(width, height, rgba.tobytes(), rgba.width, rgba.height, fmt)


def _orientation(im: Image.Image, fh: IO[bytes]) -> int | None:
    """The EXIF orientation, read without decoding the picture."""
    if im.format == "PNG" and "exif" not in im.info:
        position = fh.tell()
        try:
            return png_orientation(fh)
        finally:
            fh.seek(position)
    value = im.getexif().get(_ORIENTATION_TAG)
    return value if isinstance(value, int) else None
