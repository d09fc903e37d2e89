"""Is there a microphone, does sound really arrive, and is it neither silent nor clipping?"""

from __future__ import annotations

import math

from kiosk.capture.audio import AudioSource, Microphone
from kiosk.capture.clock import MONOTONIC, Clock, SharedEpoch
from kiosk.capture.sources import open_mic_source
from kiosk.errors import KioskError
from kiosk.preflight.permissions import is_digital_silence, microphone_permission, with_hint
from kiosk.preflight.result import CheckResult, failed, failed_from, passed, warned

# About −60 dBFS: below this a real room (fans, people, the mic's own hiss) never is.
SILENCE_PEAK = 0.001

MIC_FIX = (
    "請接上麥克風，或在「設定」中選擇其他麥克風",
    "Plug the microphone in, or choose another one in Settings",
)
NO_MIC_FIX = (
    "若需要現場聲音（喊聲與歡呼），請在「設定」中選擇麥克風",
    "If you want the sound (the pledge and the cheering), choose a microphone in Settings",
)
SILENT_FIX = (
    "確認麥克風沒有靜音、音量已調高、線材接好，對著麥克風說話後按「重新檢查」",
    "Check that the microphone is not muted, its input level is up and its cable is in; speak into it and "
    "press Run again",
)
CLIPPING_FIX = (
    "聲音太大會破音：調低麥克風輸入音量，或讓麥克風離喇叭遠一點",
    "Too loud, the sound will distort: lower the microphone's input level or move it away from the speakers",
)
STALLED_FIX = (
    "其他程式可能正在獨占麥克風：關閉 Teams、Zoom 等程式，或拔下再接上麥克風",
    "Another app may hold the microphone: close Teams, Zoom and the like, or unplug and replug it",
)


def _dbfs(amplitude: float) -> float:
    return 20 * math.log10(amplitude) if amplitude > 0 else -math.inf


def _dbfs_text(amplitude: float) -> str:
    value = _dbfs(amplitude)
    return "-∞ dBFS" if value == -math.inf else f"{value:.0f} dBFS"


def check_microphone(spec: str, *, measure_s: float = 2.0, clock: Clock = MONOTONIC) -> CheckResult:
    """Listen to the microphone named by SRC ``spec`` (index, name, WAV, ``demo``, ``none``)."""
    try:
        source = open_mic_source(spec, SharedEpoch(clock), clock)
    except KioskError as exc:  # also a missing PortAudio (SourceError from import_sounddevice)
        return failed_from("microphone", exc, with_hint(MIC_FIX, microphone_permission()), spec=spec)
    if source is None:  # "none": the operator chose to record without sound
        return warned(
            "microphone",
            ("未選擇麥克風：錄影將不會有聲音", "No microphone chosen: no sound will be recorded"),
            NO_MIC_FIX,
            spec=spec,
        )
    return check_microphone_source(source, spec=spec, measure_s=measure_s, clock=clock)


def check_microphone_source(
    source: AudioSource, *, spec: str = "", measure_s: float = 2.0, clock: Clock = MONOTONIC
) -> CheckResult:
    mic = Microphone(source, clock, ring_seconds=measure_s + 2.0)
    try:
        mic.start()
    except KioskError as exc:
        return failed_from("microphone", exc, with_hint(MIC_FIX, microphone_permission()), spec=spec)
    try:
        return check_running_microphone(mic, spec=spec, measure_s=measure_s)
    finally:
        mic.stop()


def check_running_microphone(mic: Microphone, *, spec: str = "", measure_s: float = 2.0) -> CheckResult:
    """Listen for ``measure_s`` to a microphone that is already streaming (the GUI keeps it open)."""
    before = mic.ring.total
    mic.clock.sleep_until(mic.clock.now() + measure_s)
    received_s = (mic.ring.total - before) / mic.ring.rate
    level = mic.ring.level(measure_s)
    return _judge(mic.source.description, spec, measure_s, received_s, level.peak, level.rms, level.clipped)


def _judge(
    name: str, spec: str, measure_s: float, received_s: float, peak: float, rms: float, clipped: bool
) -> CheckResult:
    data = {"spec": spec, "device": name, "seconds_received": round(received_s, 2),
            "peak_dbfs": round(_dbfs(peak), 1) if peak > 0 else None,
            "rms_dbfs": round(_dbfs(rms), 1) if rms > 0 else None}
    if received_s < measure_s / 2:
        return failed(
            "microphone",
            (
                f"{name}：{measure_s:g} 秒內只收到 {received_s:.1f} 秒的聲音資料",
                f"{name}: only {received_s:.1f} s of sound arrived in {measure_s:g} s",
            ),
            STALLED_FIX,
            **data,
        )
    level_text = _dbfs_text(peak)
    if is_digital_silence(peak):  # no room is this quiet: the system hands the app no sound
        return failed(
            "microphone",
            (f"{name}：收到的聲音每個取樣都是 0（數位靜音）：系統沒有把麥克風的聲音交給本程式",
             f"{name}: every sample is exactly zero (digital silence): the system gives the kiosk no sound"),
            with_hint(("", ""), microphone_permission()),
            digital_silence=True, **data,
        )
    if peak < SILENCE_PEAK:
        return warned(
            "microphone",
            (f"{name}：完全沒有聲音（峰值 {level_text}）", f"{name}: silence (peak {level_text})"),
            SILENT_FIX,
            **data,
        )
    if clipped:
        return warned(
            "microphone", (f"{name}：聲音過大而破音", f"{name}: so loud that it clips"), CLIPPING_FIX, **data
        )
    return passed("microphone", f"{name}：音量峰值 {level_text}", f"{name}: level peaks at {level_text}", **data)
