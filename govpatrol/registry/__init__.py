"""The registry of inspected sites and new-media accounts (SPEC §5): ``entries`` (its types),
``validation`` (reading YAML), ``tables`` (importing office CSV/XLSX lists), ``writing``
(YAML out) and ``sync`` (database rows)."""
