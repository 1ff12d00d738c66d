"""The language server (``ramaudit server``, issue 14): live findings, hovers and
quick fixes in an editor, over the same :mod:`ramaudit.api` audit as ``check``.

Only :mod:`ramaudit.server.app` imports pygls (the ``server`` extra); the modules
beside it work on plain text and lsprotocol types, and no other command imports this
package.
"""
