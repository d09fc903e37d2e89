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
