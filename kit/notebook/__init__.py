"""What a notebook's cells call: each page finds its workspace, its person and the workspace
interface once (:func:`kit.notebook.context.page_context`), then draws with the views, the
reviews page and the research pages. On a laptop that is the workspace folder; on a hub it is
the hub's candle service (and the user's own copy of what they may read)."""
