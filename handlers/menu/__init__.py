"""The main menu and the ways out of any conversation (/cancel)."""
