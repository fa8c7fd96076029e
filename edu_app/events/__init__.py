"""Event mode: an organiser runs a room of attendees from one server.

The domain lives here, without Flet: the event and its set-up (``config``), codes, the room PIN
and the organiser token (``codes``), anonymous nicknames (``nicknames``), parallel pre/post test
forms (``forms``), live-quiz scoring (``scoring``), the service every screen and command uses
(``service``), the statistics of the organiser's report (``stats``) and the report itself
(``report``).
"""
