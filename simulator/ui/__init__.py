"""Plain-Python helpers behind the web pages (issue 5): what a role may see and do, the views a
page draws (alerts, the message feed, the incident's state, chart series, the facilitator's
ground truth), the scenario library and validation as `gameday validate` prints it.

Nothing here imports streamlit (the pages in `app_pages/` do); everything here is a pure function
of a journal, a scenario or a status, so it is tested in plain Python.

Modules: `visible` (the journal a player may see), `alerts`, `feed`, `incident`, `series`,
`truth` (facilitator only), `permissions`, `params` (action forms), `client_ids`, `library`,
`clock`, `text`.
"""
