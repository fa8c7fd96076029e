"""Application services: the rules and state the screens use. Screens never talk SQL."""
