"""The PDF gap report, the Excel export, their charts, views and the single-render lock."""
