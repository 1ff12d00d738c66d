"""``ramaudit server``: the language server for editors, over standard input and output."""

from __future__ import annotations

import importlib.util

from ramaudit.commands.common import EXIT_USAGE, fail


def server_command() -> None:
    """Run the language server (LSP, over stdio) for editors.

    An editor starts it and shows every open plan's findings as you type, with the
    rule's documentation on hover and quick fixes. It needs the server extra:
    pip install 'ramaudit[server]'. docs/editors.md shows the set-up for VS Code,
    Neovim and Helix.
    """
    # Asked before importing, so that a missing extra is a message, not a traceback.
    if importlib.util.find_spec("pygls") is None:
        raise fail(
            "the language server needs pygls, which is not installed; "
            "install ramaudit[server] (pip install 'ramaudit[server]')",
            EXIT_USAGE,
        )
    from ramaudit.server.app import serve

    serve()
