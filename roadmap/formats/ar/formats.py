"""Arabic: Django's Arabic formats have no short date and time, whose fallback is American
("12/01/2026 2:05 م"); day/month/year as Django's Arabic SHORT_DATE_FORMAT, 24-hour time."""

SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
