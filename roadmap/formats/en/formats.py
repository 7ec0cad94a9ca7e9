"""English dates as the toolkit has always written them: "1 December 2026", "1 Dec 2026".

Django's own English formats are American ("Dec. 1, 2026", "12/01/2026"), which readers in the
region misread; the other languages keep Django's formats for them (docs/translation.md,
Documents, numbers and dates). Pages and documents name the format (DATE_FORMAT ...), never a
pattern, so that each language gets its own.
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
