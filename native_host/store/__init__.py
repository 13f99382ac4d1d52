"""The shared data folder: its files (one atomic write, one tolerant read), the records,
the summary the browser shows, the store itself and the audit log."""
