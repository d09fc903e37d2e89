"""Recording a take: the encoder process, the frame grid, stills, finishing and crash recovery."""
