"""Events with sign-ups and waitlists, and the opt-in coffee roulette (issue 10)."""
