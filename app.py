"""The web app's entrypoint: page config and the role-dependent router. Run it with
`streamlit run app.py` (or `make run`). Pages live in `app_pages/`."""

import streamlit as st

from app_pages.common import identity, nav, reconnect, signin

st.set_page_config(page_title="Game day", page_icon=":material/emergency:", layout="wide")
signin.gate()  # company sign-in, when the operator turned it on: nobody further without it

current = st.navigation(nav.pages(identity.current()), position="top")
current.run()
reconnect.mark()  # after the page: the browser holds clicks after a reconnect until it sees this
