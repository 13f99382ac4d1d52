"""One module per incoming message kind, each `def handle(ctx, message)` returning
the reply (or None when it sent the reply itself). A handler sees the host only as a
`context.Context`. protocol.INCOMING is the table of kinds."""
