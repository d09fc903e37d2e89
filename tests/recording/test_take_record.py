"""take.json is read through the typed Take: a record of the wrong shape is refused by name, never trusted."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kiosk.recording.take import TAKE_JSON, DamagedTake, Take, TakeState, list_takes, takes_root


def make_take(**meta) -> Take:
    take = Take.create(**meta)
    return take


def test_a_new_take_is_recording_and_undecided():
    take = make_take(seconds_requested=12)
    again = Take.load(take.dir)
    assert again.state is TakeState.RECORDING and again.kept is None and again.id == take.id


def test_keep_and_discard_are_stored():
    take = make_take()
    take.keep()
    assert Take.load(take.dir).kept is True
    take.discard()
    assert Take.load(take.dir).kept is False


def test_typed_accessors_read_the_record():
    take = make_take()
    take.update(state=TakeState.DONE, duration_s=12.5, has_audio=True, width=1920, height=1080, fps=30)
    again = Take.load(take.dir)
    assert again.state is TakeState.DONE and again.state.has_video
    assert again.duration_s == 12.5 and again.has_audio and (again.width, again.height) == (1920, 1080)
    assert json.loads((take.dir / TAKE_JSON).read_text())["state"] == "done"


@pytest.mark.parametrize(
    ("record", "named"),
    [
        ([1, 2, 3], "list"),
        ({"id": "x", "state": "done", "duration_s": "long"}, "duration_s"),
        ({"id": "x", "state": "exploded"}, "state"),
        ({"state": "done"}, "id"),
        ({"id": "x", "state": "done", "kept": "yes"}, "kept"),
        ({"id": "x", "state": "done", "width": True}, "width"),
        ({"id": "x", "state": "done", "candidates": [{"t_s": 1}]}, "candidates"),
    ],
)
def test_a_record_of_the_wrong_shape_is_named(record, named):
    take = make_take()
    (take.dir / TAKE_JSON).write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(DamagedTake) as caught:
        Take.load(take.dir)
    assert named in caught.value.en and caught.value.exit_code == 2
    assert (take.dir / TAKE_JSON).exists()  # kept where it is, never deleted


def test_a_damaged_record_is_left_out_of_the_list_not_lost():
    good, bad = make_take(), make_take()
    (bad.dir / TAKE_JSON).write_text("{not json", encoding="utf-8")
    assert [t.id for t in list_takes()] == [good.id]
    assert (bad.dir / TAKE_JSON).read_text() == "{not json"


def test_packaging_a_damaged_take_exits_2_with_a_remedy(cli_env, tmp_path):
    take = make_take()
    (take.dir / TAKE_JSON).write_text('{"id": "x", "state": "done", "duration_s": "long"}', encoding="utf-8")
    consent = tmp_path / "consent.json"
    consent.write_text(json.dumps({
        "county": "高雄市", "authorised": True, "signed_by": "王小明",
        "contact": {"name": "王小明", "organisation": "高雄市政府社會局", "title": "科員", "phone": "07-3438100",
                    "email": "wang.xm@example.org"},
    }, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kiosk", "package", str(take.dir), "--consent", str(consent)],
                            env=cli_env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "recover" in result.stderr and "duration_s" in result.stderr
    assert takes_root().exists()
