"""The corpus scripts are data read by the doctor, never imported or run (not even for doctests)."""

collect_ignore_glob = ["corpus/*"]
