"""Documents rendered by background workers: reports, briefs and large exports (README.md)."""
