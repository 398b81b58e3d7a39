"""What results become: results folders written whole or not at all (:mod:`.folders`), the text
report (:mod:`.text`), PNG and GeoPackage maps (:mod:`.maps`, :mod:`.rank_map`) and the HTML
report (:mod:`.html`).

Outputs import the model and the adapter's results, never a study or a face.
"""
