"""The one base class for errors a user can cause.

A user error is a question, a file, a setting or a server the user named that cannot be
taken as it is: its message is one line, in our words, saying what to change, and every
face (CLI, web, Slack) shows exactly that line instead of a traceback. Anything else that
goes wrong is a programming error: logged with its traceback, never shown.
"""
from __future__ import annotations


class UserError(Exception):
    """An error a user can cause and mend; `str(error)` is the one line shown for it."""
