"""Fact tables rules share. Each module states its source, when it was last
checked (``CHECKED``) and when it must be reviewed again (``REVIEW_BY``); a
test fails once ``REVIEW_BY`` has passed, so stale data gets noticed."""
