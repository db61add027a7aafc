"""A person's own settings: language, time zone, pausing messages."""
