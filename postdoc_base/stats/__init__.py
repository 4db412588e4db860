"""Statistics and ledgers (issue 13 item 4; Arts. 5, 21, 25): charts with their data tables scoped to the viewer,
and the standard ledgers (台账) of a base, a bureau and the region as pages and workbooks."""
