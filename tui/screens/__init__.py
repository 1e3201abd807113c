"""The screens of crm: top-level modes (one module each) and the dialogs they open.

Screens call the domain modules and show what comes back; they never build queries.
"""
