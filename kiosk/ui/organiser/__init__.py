"""The organiser's window (Volunteering Taiwan's office, not a venue): collect the counties' mails,
check the 22-county table, accept a clip sent without the kiosk, cut the film.

``ivy-kiosk --organiser [DIR]`` opens it (``kiosk.ui.app.run_organiser``): an ordinary window, not
kiosk-locked, with the kiosk's theme, fonts and F2 language switch; one window per folder DIR.

- :mod:`.session` — :class:`~.session.OrganiserSession`, the GUI-thread owner of DIR and of every
  long job on it (collect, read the table, accept, the film, the contact sheet), each run through
  :class:`kiosk.ui.jobs.Job` with a :class:`kiosk.cancel.CancelToken`; workers never touch widgets.
- :mod:`.county_model` — the 22 rows as a table model (state in colour and words, local times).
- :mod:`.collect_page`, :mod:`.counties_page` (+ :mod:`.county_detail`), :mod:`.film_page` — the
  three pages; :mod:`.window` — the window that holds them, the progress strip and the keys.

The work itself is the Qt-free core in ``kiosk/inbox`` (docs/ORGANISER.md).
"""
