"""Can this laptop encode 1080p30 fast enough, with the settings a take will use?

Two seconds of the demo scene (noisy, realistic content, converted to I420 in the app as a take
does) are piped into the same ffmpeg command a take starts (``kiosk.recording.encoder``). A take
must keep up with 30 fps while the app also captures and previews, so the bar is 1.5× real time.
The test is cut short as soon as it can no longer pass, so a very slow machine does not wait long.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import cv2

from kiosk import procs
from kiosk.capture.demo import FPS, HEIGHT, WIDTH, DemoFrameSource
from kiosk.config import RecordingSettings
from kiosk.preflight.result import CheckResult, failed, passed
from kiosk.recording.encoder import VideoFormat, choose_encoder, encode_args

MIN_FACTOR = 1.5
STARTUP_ALLOWANCE_S = 1.0  # starting ffmpeg and the encoder is not part of the steady pace

SLOW_FIX = (
    "關閉其他程式（瀏覽器、雲端同步、防毒掃描），接上電源並把電源模式設為「最佳效能」；"
    "仍不夠快時，在 config.toml 的 [recording] 把 preset 改為 superfast 或 ultrafast",
    "Close other programs (browser, cloud sync, virus scan), plug in the charger and choose the best "
    "performance power mode; if still too slow, set preset = \"superfast\" or \"ultrafast\" under "
    "[recording] in config.toml",
)
BROKEN_FIX = (
    "檢查 config.toml 的 [recording] 設定（encoder 建議用 \"auto\" 或 \"libx264\"）；若仍失敗請重新安裝本程式",
    "Check [recording] in config.toml (encoder \"auto\" or \"libx264\" is safest); if it still fails, "
    "reinstall the app",
)


def _test_frames(scene: DemoFrameSource, count: int) -> Iterator[bytes]:
    """The demo scene as I420 bytes, rendered as they are needed (60 frames at once would be ~190 MB)."""
    for n in range(count):
        yield cv2.cvtColor(scene.render(n), cv2.COLOR_BGR2YUV_I420).tobytes()


def _feed(proc: subprocess.Popen, frames: Iterator[bytes]) -> None:
    """Write every frame, then close stdin (ffmpeg's signal to finish). A killed encoder just ends it."""
    assert proc.stdin is not None
    with contextlib.suppress(OSError, ValueError):  # broken pipe: the encoder died or was stopped
        for frame in frames:
            proc.stdin.write(frame)
    with contextlib.suppress(OSError, ValueError):
        proc.stdin.close()


def _log_tail(log: Path) -> str:
    try:
        lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    except OSError:
        return ""
    return lines[-1][:200] if lines else ""


def check_encoder(
    recording: RecordingSettings,
    work_dir: Path,
    *,
    seconds: float = 2.0,
    min_factor: float = MIN_FACTOR,
    command: list[str] | None = None,
) -> CheckResult:
    """Encode ``seconds`` of 1080p30 with the configured encoder; ``command`` replaces the ffmpeg
    command line (it gets the same I420 frames on stdin)."""
    try:
        encoder = choose_encoder(recording)  # "auto" probes the hardware encoders (cached)
    except OSError as exc:
        return failed("encoder", (f"無法選擇編碼器：{exc}", f"Cannot pick an encoder: {exc}"), BROKEN_FIX)
    label = f"{encoder} {recording.preset}" if encoder == "libx264" else encoder
    work_dir.mkdir(parents=True, exist_ok=True)
    out, log = work_dir / "preflight-encode.mkv", work_dir / "preflight-encode.log"
    log.write_bytes(b"")
    args = command or encode_args(out, VideoFormat(WIDTH, HEIGHT, FPS), encoder, recording)
    scene = DemoFrameSource(lambda: 0.0)
    scene.open()  # built before the clock starts: it is not part of the encoder's work
    try:
        return _timed_encode(args, _test_frames(scene, round(seconds * FPS)), label, seconds, min_factor, out, log)
    finally:
        scene.close()


def _timed_encode(
    args: list[str], frames: Iterator[bytes], label: str, seconds: float, min_factor: float, out: Path, log: Path
) -> CheckResult:
    budget_s = seconds / min_factor + STARTUP_ALLOWANCE_S
    started = time.perf_counter()
    try:
        proc = procs.spawn(args, stdin=subprocess.PIPE, log_path=log)
    except OSError as exc:
        return failed("encoder", (f"無法啟動編碼器：{exc}", f"Cannot start the encoder: {exc}"), BROKEN_FIX)
    feeder = threading.Thread(target=_feed, args=(proc, frames), name="preflight-encode-feed", daemon=True)
    feeder.start()
    try:
        returncode: int | None = proc.wait(timeout=budget_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
        returncode = None
    elapsed = time.perf_counter() - started
    feeder.join(timeout=10)
    out.unlink(missing_ok=True)
    return _judge(label, seconds, elapsed, returncode, min_factor, _log_tail(log))


def _judge(
    label: str, seconds: float, elapsed: float, returncode: int | None, min_factor: float, log_tail: str
) -> CheckResult:
    factor = seconds / elapsed if elapsed > 0 else 0.0
    data = {"encoder": label, "factor": round(factor, 2), "seconds_encoded": seconds,
            "elapsed_s": round(elapsed, 2), "min_factor": min_factor}
    if returncode is None:
        return failed(
            "encoder",
            (
                f"{label}：太慢，最多只有即時速度的 {factor:.2f} 倍（至少需要 {min_factor:g} 倍），錄影會掉格",
                f"{label}: too slow, at most {factor:.2f}× real time (at least {min_factor:g}× needed); "
                "a take would lose frames",
            ),
            SLOW_FIX,
            **data,
        )
    if returncode != 0:
        return failed(
            "encoder",
            (f"{label}：編碼失敗（{log_tail or returncode}）", f"{label}: encoding failed ({log_tail or returncode})"),
            BROKEN_FIX,
            **data,
        )
    if factor < min_factor:
        return failed(
            "encoder",
            (
                f"{label}：只有即時速度的 {factor:.2f} 倍（至少需要 {min_factor:g} 倍），錄影可能掉格",
                f"{label}: only {factor:.2f}× real time (at least {min_factor:g}× needed); a take may lose frames",
            ),
            SLOW_FIX,
            **data,
        )
    return passed("encoder", f"{label}：即時速度的 {factor:.2f} 倍", f"{label}: {factor:.2f}× real time", **data)
