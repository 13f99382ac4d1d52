"""The process a browser starts: the framing protocol, the messages, the state it shows,
its logs and memory, and one handler per message kind."""
