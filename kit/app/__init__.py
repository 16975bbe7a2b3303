"""The kit's pages as apps: Voilà pages in the same Jupyter server, launcher entries, and a
pre-save hook that keeps every kit notebook free of outputs and widget state.

``jupyter lab --config=kit/app/jupyter_server_config.py`` (what ``make lab`` runs) applies
:func:`kit.app.server.configure`.
"""
