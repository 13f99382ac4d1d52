"""The JSON Schema of the profile format, generated from the pydantic models so editors
can validate profiles. `python -m native_host.profiles.schema` rewrites the shipped copy."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from native_host.profiles.format import Profile

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "persona_profiles" / "profile.schema.json"


def profile_schema_text() -> str:
    schema = Profile.model_json_schema(by_alias=True)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_FILE
    target.write_text(profile_schema_text(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
