"""The panels pages are built from: one module per panel, each a `render(...)` function."""
