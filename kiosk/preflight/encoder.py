"""Can this laptop encode 1080p30 fast enough, with the settings a take will use?

Two seconds of the demo scene (noisy, realistic content, converted to I420 in the app as a take
does) are piped into the same ffmpeg command a take starts (``kiosk.recording.encoder``). A take
must keep up with 30 fps while the app also captures and previews, so the bar is 1.5× real time.
The test is cut short as soon as it can no longer pass, so a very slow machine does not wait long.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.capture.demo import FPS, HEIGHT, WIDTH
from kiosk.config import RecordingSettings
from kiosk.preflight.result import CheckResult, failed, passed
from kiosk.recording.encoder import VideoFormat, choose_encoder, choose_preset, encode_args
from kiosk.recording.speed import encode_speed

MIN_FACTOR = 1.5

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
    label = f"{encoder} {choose_preset(recording)}" if encoder == "libx264" else encoder
    work_dir.mkdir(parents=True, exist_ok=True)
    out, log = work_dir / "preflight-encode.mkv", work_dir / "preflight-encode.log"
    log.write_bytes(b"")
    args = command or encode_args(out, VideoFormat(WIDTH, HEIGHT, FPS), encoder, recording)
    try:
        result = encode_speed(args, log, seconds=seconds, give_up_below=min_factor)
    except OSError as exc:
        return failed("encoder", (f"無法啟動編碼器：{exc}", f"Cannot start the encoder: {exc}"), BROKEN_FIX)
    finally:
        out.unlink(missing_ok=True)
    return _judge(label, seconds, result.elapsed_s, result.returncode, min_factor, _log_tail(log))


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
