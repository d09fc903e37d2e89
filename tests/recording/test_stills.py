"""Still candidates from either picture format a source delivers (BGR from cameras, I420 from files)."""

from __future__ import annotations

import cv2
from PIL import Image

from kiosk.capture.demo import DemoFrameSource
from kiosk.recording import stills


def demo_picture():
    scene = DemoFrameSource(lambda: 0.0)
    scene.open()
    return scene.render(45)


def test_sharpness_ranks_alike_from_bgr_and_from_i420():
    sharp = demo_picture()
    blurred = cv2.GaussianBlur(sharp, (0, 0), 4)
    for convert in (lambda img: img, lambda img: cv2.cvtColor(img, cv2.COLOR_BGR2YUV_I420)):
        (crisp, crisp_flat), (soft, _) = stills.sharpness(convert(sharp)), stills.sharpness(convert(blurred))
        assert crisp > 2 * soft and not crisp_flat
    white = cv2.cvtColor(sharp * 0 + 255, cv2.COLOR_BGR2YUV_I420)
    assert stills.sharpness(white)[1]  # a flash frame is flat in either format


def test_a_candidate_from_an_i420_frame_is_a_full_size_300_dpi_jpeg_of_the_same_picture(tmp_path):
    picture = demo_picture()
    stills.save_jpeg(cv2.cvtColor(picture, cv2.COLOR_BGR2YUV_I420), tmp_path / "c.jpg", 0.0)
    with Image.open(tmp_path / "c.jpg") as img:
        assert img.size == (1920, 1080) and tuple(round(v) for v in img.info["dpi"]) == (300, 300)
    again = cv2.imread(str(tmp_path / "c.jpg"))
    assert abs(again.astype(int) - picture.astype(int)).mean() < 6  # colours right, not swapped
