# syntax=docker/dockerfile:1.7
# OBCMS production image: one Python (3.12), wheels built in a throw-away stage, a slim runtime without
# compilers, a non-root user, static files collected at build time, gunicorn behind Coolify's proxy.
#   docker build -t obcms .            docker compose up -d            (see deployment/README.md)
ARG PYTHON_VERSION=3.12

# --- build: compile every requirement into a wheel (compilers live only here) ---------------------
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY requirements/ requirements/
RUN pip wheel --wheel-dir /wheels -r requirements/production.txt

# --- runtime ------------------------------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=obc_management.settings \
    DEBUG=False \
    PORT=8000 \
    DATA_DIR=/app/data \
    MEDIA_ROOT=/app/data/media \
    BACKUP_DIR=/app/backups \
    STATIC_ROOT=/app/staticfiles
# pg_dump/pg_restore for backups (same major version as the PostgreSQL 15 service); tini reaps children.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-15 tini \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 1000 obcms \
    && useradd --system --uid 1000 --gid obcms --home-dir /app --no-create-home --shell /usr/sbin/nologin obcms
# Install from the build stage's wheels without copying them into a layer.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    --mount=type=bind,source=requirements,target=/tmp/requirements \
    pip install --no-index --find-links=/wheels -r /tmp/requirements/production.txt
WORKDIR /app
# Code stays owned by root (read-only for the app); only the data folders belong to the app user.
COPY . .
RUN mkdir -p /app/data/media /app/backups /app/logs \
    && chown -R obcms:obcms /app/data /app/backups /app/logs \
    && chmod 0755 /app/deployment/docker/entrypoint.sh
WORKDIR /app/src
# Build-only settings: a random key that exists for this one command and is never stored in the image.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    ALLOWED_HOSTS=build.invalid DATA_DIR=/tmp/build-data \
    python manage.py collectstatic --noinput --verbosity 1 \
    && rm -rf /tmp/build-data
USER 1000:1000
EXPOSE 8000
# /health/ answers before ALLOWED_HOSTS and the SSL redirect (common/middleware.py), so plain HTTP with
# any Host header is a fair liveness probe. No curl in the image: Python's urllib does it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8000')}/health/\", timeout=4)"]
ENTRYPOINT ["/usr/bin/tini", "--", "/app/deployment/docker/entrypoint.sh"]
CMD ["web"]
