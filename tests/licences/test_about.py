"""Licences in the app: every bundled component with its licence text and source, the ffmpeg build read
from the shipped binary, and the About / licences screen in both languages."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from kiosk import licences, paths, procs
from kiosk.ui.screens.about import AboutScreen

BTBN = ("ffmpeg version n9.0.2-17-g2a571b6068-20260930 Copyright (c) 2000-2026 the FFmpeg developers\n"
        "built with gcc 16.2.0 (crosstool-NG 1.29.0.7_b1a94f6)\n"
        "configuration: --prefix=/ffbuild/prefix --enable-gpl --enable-version3 --disable-debug --enable-libx264\n")
EVERMEET = ("ffmpeg version 9.0.2-tessus  https://evermeet.cx/ffmpeg/  Copyright (c) 2000-2026 the FFmpeg developers\n"
            "configuration: --cc=/usr/bin/clang --enable-gpl --enable-libx264\n")
LGPL_ONLY = "ffmpeg version 7.1.2 Copyright (c) 2000-2025\nconfiguration: --disable-gpl --enable-shared\n"


def test_the_shipped_ffmpeg_is_described_by_the_binary_itself():
    first_line = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-version"], timeout=30).stdout.decode().splitlines()[0]
    build = licences.ffmpeg_build()
    assert first_line.startswith(f"ffmpeg version {build.version} ")
    assert "--enable-gpl" in build.configuration and build.licence.startswith("GPL-")


def test_a_btbn_build_points_to_its_commit_its_release_and_its_build_scripts():
    build = licences.parse_ffmpeg_version(BTBN)
    assert (build.version, build.commit, build.release) == ("n9.0.2-17-g2a571b6068-20260930", "2a571b6068", "9.0.2")
    assert build.licence == "GPL-3.0-or-later"
    where = "\n".join(build.source("0.8.1"))
    assert "https://github.com/FFmpeg/FFmpeg/tree/2a571b6068" in where
    assert "https://ffmpeg.org/releases/ffmpeg-9.0.2.tar.xz" in where
    assert "BtbN/FFmpeg-Builds" in where and "20260930" in where
    assert "https://github.com/imageio/imageio-ffmpeg/tree/v0.8.1/tools" in where


def test_other_builds_get_their_own_pointers_and_licence():
    evermeet = licences.parse_ffmpeg_version(EVERMEET)
    assert evermeet.commit is None and evermeet.release == "9.0.2" and evermeet.licence == "GPL-2.0-or-later"
    assert any("evermeet.cx" in line for line in evermeet.source("0.8.1"))
    assert licences.parse_ffmpeg_version(LGPL_ONLY).licence == "LGPL-2.1-or-later"


def test_every_component_carries_its_licence_text():
    notices = {n.name.split(" (")[0]: n for n in licences.notices()}
    assert "GNU GENERAL PUBLIC LICENSE" in notices["FFmpeg"].texts[0].text
    assert notices["FFmpeg"].licence == "GPL-3.0-or-later"
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in notices["Qt"].texts[0].text
    opencv = "\n".join(t.text for t in notices["opencv-python-headless"].texts)
    assert "Apache License" in opencv and "third party" in opencv.lower().replace("-", " ")
    assert "SIL OPEN FONT LICENSE" in notices["Noto Sans TC"].texts[0].text.upper()
    assert notices["Noto Sans TC"].version.startswith("Version ")
    assert all(n.licence for n in notices.values())


def test_every_bundled_python_library_is_listed_with_the_licence_files_it_ships():
    listed = {name: licences._distribution_notice(name) for name in licences.LISTED_DISTRIBUTIONS}
    assert all(notice is not None for notice in listed.values()), listed
    # Qt's wheels ship no licence file: the Qt notice carries the LGPL-3 text instead.
    without_files = {name for name, notice in listed.items() if notice is not None and not notice.texts}
    assert without_files == {"PySide6-Essentials", "PySide6-Addons", "shiboken6"}


def test_the_about_screen_lists_the_components_and_shows_a_licence(qtbot):
    screen = AboutScreen()
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    with qtbot.waitExposed(screen):
        screen.show()
    assert screen.heading.text() == "About and licences"
    assert screen.components.count() == len(screen.notices) >= 20
    ffmpeg_row = next(i for i, n in enumerate(screen.notices) if n.name.startswith("FFmpeg (the ffmpeg program"))
    screen.components.setCurrentRow(ffmpeg_row)
    text = screen.details.toPlainText()
    assert screen.notices[ffmpeg_row].version in text and "GNU GENERAL PUBLIC LICENSE" in text
    assert "imageio-ffmpeg" in text
    scroll = screen.details.verticalScrollBar()
    assert scroll.maximum() > 0  # the licence is longer than the screen: it scrolls
    assert screen.back_button.height() >= 48 and screen.back_button.accessibleName()
    with qtbot.waitSignal(screen.back_requested):
        qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(screen.back_requested):
        qtbot.keyClick(screen.components, Qt.Key.Key_Escape)


def test_the_about_screen_speaks_traditional_chinese(qtbot, qapp):
    screen = AboutScreen(load=lambda: [licences.Notice("元件", "1.0", "MIT", ("https://example.org",))])
    qtbot.addWidget(screen)
    screen.show()
    translator = QTranslator()
    assert translator.load(str(paths.resource("i18n/about_zh_TW.qm")))
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: screen.heading.text() == "關於與授權")
        assert screen.back_button.text() == "返回 (Esc)"
        assert "版本" in screen.details.toPlainText() and "原始碼" in screen.details.toPlainText()
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: screen.heading.text() == "About and licences")
