"""Encoder choice and command lines."""

import json

from kiosk import paths
from kiosk.config import RecordingSettings
from kiosk.recording import encoder as enc


def test_an_explicit_encoder_is_used_as_configured():
    assert enc.choose_encoder(RecordingSettings(encoder="libx264")) == "libx264"


def test_auto_probes_hardware_once_and_falls_back_to_libx264():
    settings = RecordingSettings(encoder="auto")
    working = enc.probe_hardware_encoders(settings, use_cache=False)
    # this CI machine has no GPU: whatever is listed must have really encoded; libx264 is the fallback
    assert enc.choose_encoder(settings) == (working[0] if working else "libx264")
    cached = json.loads((paths.data_home() / "encoder-probe.json").read_text(encoding="utf-8"))
    assert cached["working"] == working


def test_the_probe_cache_is_trusted_for_the_same_ffmpeg():
    from kiosk import procs

    (paths.data_home() / "encoder-probe.json").write_text(
        json.dumps({"ffmpeg": procs.ffmpeg_exe(), "working": ["h264_nvenc"]}), encoding="utf-8")
    assert enc.choose_encoder(RecordingSettings(encoder="auto")) == "h264_nvenc"


def test_bitrate_is_capped_for_every_encoder():
    settings = RecordingSettings(maxrate_kbps=5000)
    for name in ("libx264", "h264_nvenc", "h264_qsv", "h264_amf", "h264_videotoolbox"):
        args = enc.encode_args(paths.data_home() / "v.mkv", enc.VideoFormat(1920, 1080, 30), name, settings)
        assert "-maxrate" in args and args[args.index("-maxrate") + 1] == "5000k"
        assert args[args.index("-vcodec") + 1] == name


def test_auto_preset_is_measured_once_and_cached(monkeypatch):
    from kiosk.recording import speed

    calls = []

    def fake_speed(args, log, *, seconds=2.0, give_up_below=1.5):
        calls.append(args[args.index("-preset") + 1])
        return speed.SpeedResult(factor=1.2, elapsed_s=1.7, returncode=0)  # too slow for superfast

    monkeypatch.setattr(speed, "encode_speed", fake_speed)
    settings = RecordingSettings(preset="auto")
    assert enc.choose_preset(settings) == "ultrafast"
    assert enc.choose_preset(settings) == "ultrafast"
    assert calls == ["superfast"]  # measured once, then cached
    assert enc.choose_preset(RecordingSettings(preset="veryfast")) == "veryfast"


def test_auto_preset_keeps_superfast_where_it_keeps_up(monkeypatch):
    from kiosk.recording import speed

    monkeypatch.setattr(speed, "encode_speed",
                        lambda *a, **k: speed.SpeedResult(factor=2.0, elapsed_s=1.0, returncode=0))
    assert enc.choose_preset(RecordingSettings(preset="auto")) == "superfast"


def test_a_real_speed_measurement_encodes_the_demo_scene():
    from kiosk.recording.speed import encode_speed

    args = enc.encode_args(paths.data_home() / "s.mkv", enc.VideoFormat(1920, 1080, 30), "libx264",
                           RecordingSettings(preset="ultrafast"))
    result = encode_speed(args, paths.data_home() / "s.log", seconds=1.0, give_up_below=0.2)
    assert result.returncode == 0 and result.factor > 0.2
    assert (paths.data_home() / "s.mkv").stat().st_size > 10_000
