"""Pure parsers: HTML or script text in, facts out. Nothing here fetches."""
