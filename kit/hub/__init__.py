"""A team on one JupyterHub: the service that owns the shared workspace (``candle serve``),
the rules of who may read what, and the workspace interface with its local and remote
implementations. Identity and roles come from the hub, never from a file or a variable."""
