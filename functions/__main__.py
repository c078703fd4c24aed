"""`python -m functions` is the same as the `tandem` command."""
import sys

from functions.cli import main

sys.exit(main())
