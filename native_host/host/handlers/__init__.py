"""One module per incoming message kind, each `async def handle(host, message)` returning
the reply (or None when it sent the reply itself). protocol.INCOMING is the table of kinds."""
