"""Local phenomena: what villages see, told in a minute; digests and exports for coordinators."""
