"""Run-time language switching (zh-TW default, English) with Qt's own translation machinery.

The source strings in the code are English (``self.tr("Record")``); Traditional Chinese comes from
``resources/i18n/<area>_zh_TW.qm``, one file per area (``ui``, ``consent``, ``send`` …). Switching
installs or removes translators, and Qt sends every widget a ``LanguageChange`` event, on which each
screen calls its ``retranslate()``. Which language is on screen is ``kiosk.language``'s to say: this
module only makes Qt follow it.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QTranslator, Signal

from kiosk import language, paths
from kiosk.language import EN, LANGUAGES, ZH_TW

log = logging.getLogger(__name__)

_QM_SUFFIX = {ZH_TW: "zh_TW"}  # English is the source language: it needs no .qm


def i18n_dir() -> Path:
    return paths.resource("i18n")


def qm_files(code: str) -> list[Path]:
    """Every compiled translation for language ``code`` (all areas), in a stable order."""
    suffix = _QM_SUFFIX.get(code)
    if suffix is None:
        return []
    return sorted(i18n_dir().glob(f"*_{suffix}.qm"))


class PseudoTranslator(QTranslator):
    """Stretches every string by ``scale`` (like vorta's TRANS_SCALE), to find labels that would clip
    when a translation runs longer than the English source."""

    def __init__(self, scale: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scale = scale

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return stretch(source, self.scale)

    def isEmpty(self) -> bool:
        return False


def stretch(text: str, scale: float) -> str:
    """``text`` lengthened to about ``scale`` times its length, keeping line breaks and %1 markers."""
    if not text or scale <= 1.0:
        return text
    lines = text.split("\n")
    out = []
    for line in lines:
        extra = math.ceil(len(line) * (scale - 1.0))
        padding = ("·" + line.replace("%", "")) * (extra // max(1, len(line)) + 1)
        out.append(line + padding[:extra])
    return "\n".join(out)


class LanguageManager(QObject):
    """Owns the installed translators; ``switch()`` changes the language of the running app."""

    language_changed = Signal(str)

    def __init__(self, app: QCoreApplication, pseudo_scale: float | None = None) -> None:
        super().__init__(app)
        self._app = app
        self._translators: list[QTranslator] = []
        self._pseudo_scale = pseudo_scale
        self.language = EN

    def switch(self, code: str) -> None:
        if code not in LANGUAGES:
            raise ValueError(f"unsupported language {code!r}")
        # First the language, then the translators: installing one makes every widget retranslate,
        # and bilingual messages are picked by ``kiosk.language.pick()`` right then.
        language.set_current(code)
        self.language = code
        QLocale.setDefault(QLocale("zh_TW") if code == ZH_TW else QLocale("en_GB"))
        self.uninstall()
        if self._pseudo_scale:
            self._install(PseudoTranslator(self._pseudo_scale, self))
        else:
            for path in qm_files(code):
                translator = QTranslator(self)
                if translator.load(str(path)):
                    self._install(translator)
                else:
                    log.warning("translation file not loaded: %s", path.name)
        if not self._translators:
            # Nothing installed (English, or no file): widgets still need to hear of the change.
            QCoreApplication.sendEvent(self._app, QEvent(QEvent.Type.LanguageChange))
        self.language_changed.emit(code)

    def uninstall(self) -> None:
        """Remove this manager's translators from the application (tests; a second window)."""
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators = []

    def release(self) -> None:
        """The window is gone: no translators, and ``kiosk.language`` follows the environment again."""
        self.uninstall()
        language.reset()

    def toggle(self) -> str:
        self.switch(EN if self.language == ZH_TW else ZH_TW)
        return self.language

    def _install(self, translator: QTranslator) -> None:
        self._app.installTranslator(translator)
        self._translators.append(translator)
