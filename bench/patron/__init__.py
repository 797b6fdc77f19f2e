"""The patron query bench: ordinary searches a library patron types, judged from the records."""
