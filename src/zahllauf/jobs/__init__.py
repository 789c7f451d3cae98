"""Jobs: what a ribbon button or a command does, on any :class:`~zahllauf.port.WorkbookPort`."""
