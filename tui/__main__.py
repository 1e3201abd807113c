"""`python -m tui` runs the same command line as `crm`."""

from .cli import main

raise SystemExit(main())
