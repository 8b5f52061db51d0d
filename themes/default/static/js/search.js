// Search client: see issue 4.
