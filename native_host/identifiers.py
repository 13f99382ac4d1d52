"""Names that tie the extension, the host and the installers together. Changing one
breaks every installed copy: the Chromium key pins the extension ID for unpacked and
packed builds alike, so the host's `allowed_origins` always matches."""

HOST_NAME = "org.personaguard.host"
HOST_DESCRIPTION = "Persona Guard native messaging host"

# The extension manifest's "key" (base64 DER public key); its ID is derived from it.
CHROMIUM_EXTENSION_KEY = (
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzZ7LWRMYD7pp6dytoNELQbogwNUDZqVFQZfCm7JCGII/"
    "fpSEOS5c2FLWX4c8rJ/8AVoaTOd/4Lmln5Bu6B1aEbxgbkFs1HLKIduZ9nTJXSQBvgrwI/ueHPGhxGcYB9O3ak2r"
    "sBG9x6LEE33Q6EIQZsXpZT7z+L97hPOsp4ZAy/Bu7H4j4LG7MCXyXCZkcOuyAAGBvS/pqV6QqmBmYm5zi3AsSneg"
    "jAHxI5XqYsL3DJAITxlrxLY21quFey7rbXJTpClNbg4rhXSAI3oQ8mf0GJDX4JydlFdzWXjmctzII4NRbnbxoWxz"
    "nHhvKuDEUD9QmoOdTs4kblQlXWYCFTtNSwIDAQAB"
)
CHROMIUM_EXTENSION_ID = "idjcphppfhhnepdjnmhfdhjfnmbnflei"
GECKO_EXTENSION_ID = "persona-guard@personaguard.org"

ALLOWED_ORIGINS = (f"chrome-extension://{CHROMIUM_EXTENSION_ID}/",)
ALLOWED_GECKO_IDS = (GECKO_EXTENSION_ID,)

# Points the host and the CLI at another data folder (tests, several people on one machine).
DATA_DIR_ENV = "PERSONA_GUARD_DATA_DIR"
