"""Is the camera there, is it really giving 1920×1080, and how many frames really arrive per second?

Measured through the same ``Camera`` capture thread a take uses: the picture size is read from the
frames themselves (a driver may claim 1080p and deliver 720p) and the rate from real arrivals.
"""

from __future__ import annotations

from kiosk.capture.clock import MONOTONIC, Clock, SharedEpoch
from kiosk.capture.sources import open_camera_source
from kiosk.capture.video import Camera, CameraMode, FrameSource
from kiosk.errors import KioskError
from kiosk.organiser import VIDEO_MIN_HEIGHT, VIDEO_MIN_WIDTH
from kiosk.preflight.permissions import camera_permission, is_black, with_hint
from kiosk.preflight.result import CheckResult, failed, failed_from, passed

MIN_FPS = 25.0
FIRST_FRAME_TIMEOUT_S = 5.0

CAMERA_FIX = (
    "請確認攝影機已接上 USB，或在「設定」中選擇其他攝影機；若 Teams、Zoom 或瀏覽器正在使用攝影機，請先關閉它們",
    "Check that the camera is plugged in (USB), or choose another camera in Settings; "
    "close Teams, Zoom or a browser if they are using it",
)
NO_PICTURE_FIX = (
    "拔下攝影機再接上，關閉其他使用攝影機的程式（Teams、Zoom、瀏覽器），然後按「重新檢查」",
    "Unplug and replug the camera, close other apps using it (Teams, Zoom, a browser), then press Run again",
)
RESOLUTION_FIX = (
    "請改用 1080p（Full HD）攝影機，或在「設定」中選擇其他攝影機；影片不會被放大，放大只會變模糊",
    "Use a 1080p (Full HD) camera, or choose another one in Settings; the picture is never upscaled, "
    "which would only blur it",
)
FPS_FIX = (
    "改接 USB 3 連接埠（通常是藍色）、關閉其他使用攝影機或很耗電腦資源的程式、把舞台燈光打亮"
    "（光線不足時攝影機會自動降低影格率），然後按「重新檢查」",
    "Use a USB 3 port (usually blue), close other apps that use the camera or much of the computer, "
    "and put more light on the stage (cameras slow down in dim light), then press Run again",
)
BLACK_FIX = (
    "拿掉鏡頭蓋、把舞台燈打亮",
    "Take the lens cap off and put light on the stage",
)
NO_MJPG_HINT = (
    "攝影機沒有接受 MJPG 壓縮模式：未壓縮的 1080p 畫面無法通過 USB 2。",
    "The camera did not accept the compressed MJPG mode: uncompressed 1080p cannot pass USB 2. ",
)


def check_camera(
    spec: str,
    *,
    measure_s: float = 2.0,
    first_frame_timeout_s: float = FIRST_FRAME_TIMEOUT_S,
    clock: Clock = MONOTONIC,
) -> list[CheckResult]:
    """Open the camera named by SRC ``spec`` (index, name, video file or ``demo``) and measure it."""
    try:
        source = open_camera_source(spec, SharedEpoch(clock), clock)
    except KioskError as exc:
        return [failed_from("camera", exc, with_hint(CAMERA_FIX, camera_permission()), spec=spec)]
    return check_camera_source(source, spec=spec, measure_s=measure_s,
                               first_frame_timeout_s=first_frame_timeout_s, clock=clock)


def check_camera_source(
    source: FrameSource,
    *,
    spec: str = "",
    measure_s: float = 2.0,
    first_frame_timeout_s: float = FIRST_FRAME_TIMEOUT_S,
    clock: Clock = MONOTONIC,
) -> list[CheckResult]:
    """Three lines: the camera delivers pictures; their size; their real rate."""
    camera = Camera(source, clock)
    try:
        try:
            mode = camera.start()  # a missing device index raises BadInput here
        except KioskError as exc:
            return [failed_from("camera", exc, with_hint(CAMERA_FIX, camera_permission()), spec=spec)]
        return _measure(camera, mode, spec, measure_s, first_frame_timeout_s)
    finally:
        camera.stop()


def check_running_camera(camera: Camera, *, spec: str = "", measure_s: float = 2.0) -> list[CheckResult]:
    """The same three lines for a camera the app already holds open (the GUI keeps one open all day,
    and a second opening of the same device fails on Windows)."""
    if camera.mode is None:
        return [failed("camera", ("攝影機尚未開啟", "The camera is not open yet"), NO_PICTURE_FIX, spec=spec)]
    return _measure(camera, camera.mode, spec, measure_s, FIRST_FRAME_TIMEOUT_S)


def _device_name(source: FrameSource) -> str:
    """The name on the box for a webcam ("HD Pro Webcam C920"), else the source's own description."""
    index = getattr(source, "index", None)
    if isinstance(index, int):
        try:
            from kiosk.capture.device_list import list_cameras

            return dict(list_cameras()).get(index, source.description)
        except (OSError, KioskError, ValueError):
            pass
    return source.description


def _measure(
    camera: Camera, mode: CameraMode, spec: str, measure_s: float, first_frame_timeout_s: float
) -> list[CheckResult]:
    first = camera.wait_first_frame(first_frame_timeout_s)
    if first is None or camera.error is not None:  # no picture, or it stopped (unplugged)
        error = camera.error
        detail = (error.zh, error.en) if error else (
            f"攝影機已開啟，但 {first_frame_timeout_s:g} 秒內沒有傳來任何畫面",
            f"The camera opened but sent no picture within {first_frame_timeout_s:g} s",
        )
        return [failed("camera", detail, with_hint(NO_PICTURE_FIX, camera_permission()), spec=spec)]
    name = _device_name(camera.source)
    height, width = first.image.shape[:2]
    camera.ended.wait(measure_s)  # the rate needs a couple of seconds of real arrivals
    last = camera.latest() or first
    return [_pictures(name, spec, mode, black=is_black(first.image) and is_black(last.image)),
            _resolution(width, height, mode), _frame_rate(camera, mode)]


def _pictures(name: str, spec: str, mode: CameraMode, black: bool) -> CheckResult:
    """Pictures arrive; all-black from start to end is a covered lens or a system that blocks the camera
    (a denied macOS permission looks exactly like that)."""
    data = {"spec": spec, "device": name, "fourcc": mode.fourcc, "black": black}
    if black:
        return failed(
            "camera",
            (f"{name}：傳來的畫面全黑", f"{name}: the pictures are all black"),
            with_hint(BLACK_FIX, camera_permission()),
            **data,
        )
    return passed("camera", f"{name}：已開啟，畫面正常傳來", f"{name}: open and delivering pictures", **data)


def _resolution(width: int, height: int, mode: CameraMode) -> CheckResult:
    data = {"width": width, "height": height, "claimed_width": mode.width, "claimed_height": mode.height}
    if width >= VIDEO_MIN_WIDTH and height >= VIDEO_MIN_HEIGHT:
        return passed("camera_resolution", f"{width}×{height}", f"{width}×{height}", **data)
    return failed(
        "camera_resolution",
        (
            f"攝影機只提供 {width}×{height}，主辦單位要求至少 {VIDEO_MIN_WIDTH}×{VIDEO_MIN_HEIGHT}",
            f"The camera gives only {width}×{height}; the organiser asks for at least "
            f"{VIDEO_MIN_WIDTH}×{VIDEO_MIN_HEIGHT}",
        ),
        RESOLUTION_FIX,
        **data,
    )


def _frame_rate(camera: Camera, mode: CameraMode) -> CheckResult:
    fps = camera.measured_fps()
    data = {"fps": round(fps, 2), "claimed_fps": mode.fps, "fourcc": mode.fourcc}
    if camera.error is not None:
        return failed("camera_fps", (camera.error.zh, camera.error.en), NO_PICTURE_FIX, **data)
    if fps >= MIN_FPS:
        return passed("camera_fps", f"實測 {fps:.1f} fps", f"{fps:.1f} fps measured", **data)
    is_device = isinstance(getattr(camera.source, "index", None), int)
    hint = NO_MJPG_HINT if is_device and mode.fourcc.upper() != "MJPG" else ("", "")
    return failed(
        "camera_fps",
        (
            f"攝影機實際每秒只傳來 {fps:.1f} 張畫面（至少需要 {MIN_FPS:g}）",
            f"The camera really delivers only {fps:.1f} frames a second (at least {MIN_FPS:g} needed)",
        ),
        (hint[0] + FPS_FIX[0], hint[1] + FPS_FIX[1]),
        **data,
    )
