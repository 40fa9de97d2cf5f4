"""学习记录 tab: sessions with attendance, compliance grid, rules, member records."""
