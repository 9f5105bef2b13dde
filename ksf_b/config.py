"""Configuration read from the environment, with embedded defaults for one machine."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """Read a comma-separated list from the environment (empty items dropped)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return tuple(item.strip() for item in value.split(",") if item.strip())


DEFAULT_TASK_MODULES = (
    "ksf_b.assessment.tasks",
    "ksf_b.privacy.tasks",
    "assessors.tasks",
    "theory.tasks",
)


class Config:
    """Settings for `make run` and production; every value can come from the environment."""

    ENV_NAME = "development"
    INSTANCE_PATH = Path(_env("KSF_INSTANCE_PATH", str(ROOT / "instance")))
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", f"sqlite:///{INSTANCE_PATH / 'ksf.sqlite3'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "ksf_b" / "translations")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = _env_int("SESSION_LIFETIME_SECONDS", 8 * 3600)
    WTF_CSRF_TIME_LIMIT = None  # the session bounds the token; a long dossier must not expire it

    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
    LOGIN_RATE_LIMIT = _env("LOGIN_RATE_LIMIT", "10 per minute")  # per account (and per link)
    LOGIN_ADDRESS_RATE_LIMIT = _env("LOGIN_ADDRESS_RATE_LIMIT", "120 per minute")  # per address
    # new password hashes: Argon2id at OWASP's parameters (ksf_b/accounts/hashing.py)
    PASSWORD_HASH_METHOD = _env("PASSWORD_HASH_METHOD", "argon2id")
    ARGON2_TIME_COST = _env_int("ARGON2_TIME_COST", 2)
    ARGON2_MEMORY_KIB = _env_int("ARGON2_MEMORY_KIB", 19456)
    ARGON2_PARALLELISM = _env_int("ARGON2_PARALLELISM", 1)

    # Content-Security-Policy, one directive a key; the S3 endpoint is added to media-src,
    # img-src and connect-src when STORAGE_BACKEND is s3 (see ksf_b/main/headers.py).
    # No inline scripts or styles: <script type="application/json"> data blocks are fine.
    CONTENT_SECURITY_POLICY: dict = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data: blob:",
        "media-src": "'self' blob: mediastream:",
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    CSP_EXTRA_MEDIA_ORIGINS = _env("CSP_EXTRA_MEDIA_ORIGINS", "")  # space-separated origins
    PERMISSIONS_POLICY = "camera=(self), microphone=(self), geolocation=(), payment=(), usb=()"

    # links in e-mails; `make run PORT=…` passes PORT, so the default follows the port served
    BASE_URL = _env("BASE_URL", f"http://localhost:{_env('PORT', '5000')}")
    # how people reach the KSF (consent page, e-mails, error pages)
    CONTACT_EMAIL = _env("CONTACT_EMAIL", "certificering@ksf.example")
    CONTACT_PHONE = _env("CONTACT_PHONE", "030 123 45 67")
    MAIL_FROM = _env("MAIL_FROM", "KSF certificering <noreply@ksf.example>")
    SMTP_HOST = os.environ.get("SMTP_HOST")
    SMTP_PORT = _env_int("SMTP_PORT", 587)
    SMTP_USER = os.environ.get("SMTP_USER")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
    SMTP_STARTTLS = _env_bool("SMTP_STARTTLS", True)
    MAIL_OUTBOX = Path(_env("MAIL_OUTBOX", str(INSTANCE_PATH / "outbox")))
    INVITATION_MAX_AGE = _env_int("INVITATION_MAX_AGE_SECONDS", 14 * 24 * 3600)
    PASSWORD_RESET_MAX_AGE = _env_int("PASSWORD_RESET_MAX_AGE_SECONDS", 2 * 3600)

    STORAGE_BACKEND = _env("STORAGE_BACKEND", "local")  # local | s3
    STORAGE_LOCAL_ROOT = Path(_env("STORAGE_LOCAL_ROOT", str(INSTANCE_PATH / "storage")))
    S3_BUCKET = _env("S3_BUCKET", "ksf-media")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL")
    S3_REGION = _env("S3_REGION", "eu-west-1")
    S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID")
    S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY")
    S3_PRESIGN_SECONDS = _env_int("S3_PRESIGN_SECONDS", 300)
    # the store's address as the browser reaches it (presigned chunk PUTs, playback)
    S3_PUBLIC_ENDPOINT_URL = os.environ.get("S3_PUBLIC_ENDPOINT_URL")
    # origins the bucket's CORS rule lets PUT chunks (default: BASE_URL's origin)
    S3_CORS_ORIGINS = os.environ.get("S3_CORS_ORIGINS", "")
    # recording chunks straight from the browser to S3: "auto" (when the store can), "1", "0"
    UPLOAD_DIRECT = _env("UPLOAD_DIRECT", "auto")
    UPLOAD_TARGET_SECONDS = _env_int("UPLOAD_TARGET_SECONDS", 900)
    # an object up to this size (an assembled take) is written with one PutObject, held in
    # memory meanwhile; larger ones as a multipart upload (media/storage.py)
    S3_SINGLE_PUT_MAX_BYTES = _env_int("S3_SINGLE_PUT_MAX_BYTES", 32 * 1024 * 1024)
    # the store's ETag of a single PutObject is the MD5 of its bytes (S3 without SSE-C/KMS,
    # MinIO, Ceph): finalize checks direct chunks by their ETags (media/deferred.py); 0 makes
    # it read them back
    S3_ETAG_IS_MD5 = _env_bool("S3_ETAG_IS_MD5", True)

    QUEUE_URL = _env("QUEUE_URL", f"sqlite:///{INSTANCE_PATH / 'queue.sqlite3'}")
    JOB_LEASE_SECONDS = _env_int("JOB_LEASE_SECONDS", 300)
    JOB_MAX_ATTEMPTS = _env_int("JOB_MAX_ATTEMPTS", 5)
    # the modules whose Huey tasks the worker (`python -m media.worker`) imports at start;
    # each package registers its own periodic work there, so media/ names none of them
    TASK_MODULES = _env_list("KSF_TASK_MODULES", DEFAULT_TASK_MODULES)

    FFMPEG_BINARY = _env("FFMPEG_BINARY", "ffmpeg")
    MEDIA_X264_PRESET = _env("MEDIA_X264_PRESET", "veryfast")
    MEDIA_X264_CRF = _env_int("MEDIA_X264_CRF", 23)
    MEDIA_VIDEO_MAXRATE = _env("MEDIA_VIDEO_MAXRATE", "2000k")
    MEDIA_VIDEO_BUFSIZE = _env("MEDIA_VIDEO_BUFSIZE", "4000k")
    JOB_REDISPATCH_AFTER_SECONDS = _env_int("JOB_REDISPATCH_AFTER_SECONDS", 60)
    S3_ENSURE_BUCKET = _env_bool("S3_ENSURE_BUCKET", True)
    FFPROBE_BINARY = _env("FFPROBE_BINARY", "ffprobe")
    UPLOAD_CHUNK_MAX_BYTES = _env_int("UPLOAD_CHUNK_MAX_BYTES", 16 * 1024 * 1024)
    RECORDING_MAX_BYTES = _env_int("RECORDING_MAX_BYTES", 300 * 1024 * 1024)
    # told to the candidate on the consent screen; the AVG retention job (roadmap) applies it
    RECORDING_RETENTION_MONTHS = _env_int("RECORDING_RETENTION_MONTHS", 12)
    SCENARIO_VIDEO_MAX_BYTES = _env_int("SCENARIO_VIDEO_MAX_BYTES", 1024 * 1024 * 1024)
    MEDIA_MAX_DURATION_SECONDS = _env_int("MEDIA_MAX_DURATION_SECONDS", 15 * 60)
    MEDIA_MAX_AUDIO_SECONDS = _env_int("MEDIA_MAX_AUDIO_SECONDS", 2 * 60 * 60)  # a recorded call
    MAX_CONTENT_LENGTH = UPLOAD_CHUNK_MAX_BYTES + 1024 * 1024
    PRACTICAL_EVIDENCE_MAX_BYTES = _env_int("PRACTICAL_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
    PRACTICAL_AUDIO_MAX_BYTES = _env_int("PRACTICAL_AUDIO_MAX_BYTES", 200 * 1024 * 1024)

    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD")

    # production shape (docs/deploy.md)
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)  # reverse proxies whose X-Forwarded-* count
    LOG_FORMAT = _env("LOG_FORMAT", "text")  # json: one JSON line per request and per job
    LOG_LEVEL = _env("LOG_LEVEL", "INFO")
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN")  # Bearer token for /metrics (else admins)
    STATIC_HASHED_NAMES = _env_bool("STATIC_HASHED_NAMES", True)


class ProductionConfig(Config):
    """Refuses to start without a secret key (see `create_app`)."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = True


class DevelopmentConfig(Config):
    """`make run`: a random per-process secret is acceptable when none is configured."""

    ENV_NAME = "development"
    STATIC_HASHED_NAMES = _env_bool("STATIC_HASHED_NAMES", False)  # files change while it runs


class TestingConfig(Config):
    """Isolated instance folder per test session; CSRF stays on (tests send real tokens)."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    RATELIMIT_ENABLED = True
    # every test logs in from 127.0.0.1; the rate-limit test lowers this on its own address
    LOGIN_RATE_LIMIT = "10000 per minute"
    LOGIN_ADDRESS_RATE_LIMIT = "10000 per minute"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105  (fast hashing in tests only)


CONFIGS = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def default_secret() -> str:
    """Return a random secret for development runs that did not set SECRET_KEY."""
    return secrets.token_hex(32)
