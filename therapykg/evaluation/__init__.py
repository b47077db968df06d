"""The accuracy harness (`therapykg eval GOLD_DIR`): extraction scored against hand-made gold.

gold.py      reading and validating `NAME.gold.json` (docs/gold-format.md)
concepts.py  gold names -> the graph's identifiers (SKOS labels, person and approach slugs)
extracted.py the facts read back from a loaded article with SPARQL
match.py     text normalisation and one-to-one text matching (statements, questions, SMART)
score.py     counts, precision / recall / F1 per fact type, thresholds
harness.py   a folder of articles and gold files -> a Report
report.py    the Report as a table or as JSON
"""
