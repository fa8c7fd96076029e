"""Entry point for ``flet build`` (apk, ipa, macos, windows, linux, web packages).

Flet's packager runs this file from the app bundle; the data dir then comes from
``FLET_APP_STORAGE_DATA``, which the packaged app sets. Everyday use goes through ``edu-app``.
"""

from edu_app.ui.launch import run_packaged

run_packaged()
