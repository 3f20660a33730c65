"""`python -m gradviz` is the `gradviz` command."""

from gradviz.app.cli import main

raise SystemExit(main())
