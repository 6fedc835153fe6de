"""The ways in: the header's menu for each role (sellers, cooperative members,
chambers, marketplace staff) with what waits for them, and yesterday's
addresses of their pages redirected to today's."""
