"""A seller's catalogue by file (`shared/spec/products-csv.md`): reading and
checking the CSV (`reading`), its ZIP of photos (`photos`), the import into
one seller's catalogue (`importing`) and the export (`exporting`)."""
