"""Streamlit plumbing shared by the pages."""
