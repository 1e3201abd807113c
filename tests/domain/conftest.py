"""The domain tests: the functions of the tui package called directly, without the command line's `main` and
without a Textual app. Their fixtures are the shared ones of tests/conftest.py (a database, Ada and Bob, the fixed
clock) and each module's own; none is shared by only these modules."""
