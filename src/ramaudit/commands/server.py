"""``ramaudit server``: the language server for editors, over standard input and output."""

from __future__ import annotations

from ramaudit.commands.common import EXIT_USAGE, fail


def server_command() -> None:
    """Run the language server for editors (LSP, stdio).

    An editor starts it and shows every open plan's findings as you type, with the
    rule's documentation on hover and quick fixes. It needs the server extra:
    pip install 'ramaudit[server]'. docs/editors.md shows the set-up for VS Code,
    Neovim and Helix.
    """
    # Tried first, so that a missing extra is a message, not a traceback.
    try:
        import pygls  # noqa: F401
    except ImportError:
        raise fail(
            "the language server needs pygls, which is not installed; "
            "install ramaudit[server] (pip install 'ramaudit[server]')",
            EXIT_USAGE,
        ) from None
    from ramaudit.server.app import serve

    serve()
