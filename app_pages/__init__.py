"""The Streamlit pages (issue 5). `app.py` routes to them with `st.navigation`; each page file is
a script. Shared Streamlit code lives in `common/` (service, identity, navigation, looks) and the
incident console's panels in `panels/`. Plain-Python logic lives in `simulator.ui`."""
