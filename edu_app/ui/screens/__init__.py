"""One module per screen; each exposes ``build(session, route) -> ft.Control``."""
