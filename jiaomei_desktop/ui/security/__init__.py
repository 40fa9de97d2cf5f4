"""Keeping the store closed to others: the start-up password dialogs (unlock, set, recovery code) and the idle lock."""
