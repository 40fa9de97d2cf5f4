"""先进典型 tab: the gallery of honoured people and units, its detail view, the honour editor and printing."""
