"""Onboarding: invites, language, consent, and the organisations and invites CLI."""
