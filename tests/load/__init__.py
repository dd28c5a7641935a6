"""`make loadtest`: many incident consoles on one `gameday serve`, spoken to at the protocol level.

`client.py` is one participant's browser tab as the server sees it (a websocket speaking
Streamlit's BackMsg/ForwardMsg protobufs, rerunning each auto-refreshing fragment at the interval
the server asks for, like the browser's timer); `cpu.py` reads the server's CPU time from /proc;
`sessions.py` makes the sessions and participants in the store; `__main__.py` puts them together
and prints the refresh interval each participant sees and the server's CPU per participant-second.
"""
