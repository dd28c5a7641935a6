"""The web app's entrypoint: page config and the role-dependent router. Run it with
`streamlit run app.py` (or `make run`). Pages live in `app_pages/`."""

from pathlib import Path

import streamlit as st

from app_pages.common import collector, identity, nav, reconnect, signin, streamlit_tuning

streamlit_tuning.install()  # once per process: a cheaper start for every run (issue 13)
collector.tune()  # once per process, under `gameday serve`: fewer, cheaper collections

# A local file, not a `:material/...:` icon: Streamlit fetches those from fonts.gstatic.com, and
# the app must work offline.
FAVICON = Path(__file__).resolve().parent / "app_pages" / "static" / "favicon.png"
st.set_page_config(page_title="Game day", page_icon=str(FAVICON), layout="wide")
signin.gate()  # company sign-in, when the operator turned it on: nobody further without it

current = st.navigation(nav.pages(identity.current()), position="top")
current.run()
reconnect.mark()  # after the page: the browser holds clicks after a reconnect until it sees this
