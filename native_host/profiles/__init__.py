"""The profile format, handles, the matcher, merging and the JSON Schema: what a profile
file says and how several combine. Imports only the shared words above it."""
