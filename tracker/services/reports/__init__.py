"""Reports: what the analyst prints. Each takes an as-of date so a briefing can be reproduced."""
