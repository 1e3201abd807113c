"""The app's tests: Pilot (`app.run_test()` in an async test run by `scenario`, tests/helpers.py) and the real
`crm` script in tmux (tests/terminal.py). Their fixtures are the shared ones of tests/conftest.py and each
module's own; none is shared by only these modules."""
