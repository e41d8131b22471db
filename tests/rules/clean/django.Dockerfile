FROM python:3.12-slim-bookworm

ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# unpinned on purpose: the tag-pinned base takes Debian's security updates
# noqa: BA630
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/app
COPY pyproject.toml poetry.lock ./
RUN pip install poetry==1.8.3 && poetry config virtualenvs.create false \
    && poetry install --only main --no-root --no-interaction

COPY . .
RUN python manage.py collectstatic --noinput

RUN groupadd --system django && useradd --system --gid django django
USER django

EXPOSE 8000
HEALTHCHECK CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz/')"]
ENTRYPOINT ["gunicorn"]
CMD ["proj.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
