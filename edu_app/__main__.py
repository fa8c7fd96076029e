"""Allow ``python -m edu_app`` to behave exactly like the ``edu-app`` command."""

import sys

from edu_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
