"""Browser end-to-end tests: the real app under Streamlit, driven by Chromium via Playwright."""
