# One image, three processes (one per container): web, worker, scheduler.
#   docker build -t maalem .
#   docker run maalem web | worker | scheduler | migrate
# Settings come from the environment (README "Running in production").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=marketplace.settings.production \
    PORT=8000

# WeasyPrint's and Pillow's native libraries; gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-noto-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# Static files are built into the image (served by WhiteNoise, fronted by
# the CDN); media never touch the container's disk (object storage).
RUN SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        DJANGO_SETTINGS_MODULE=marketplace.settings.base \
        python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore=.venv >/dev/null \
    && useradd --system --uid 10001 --home /app maalem

USER 10001
EXPOSE 8000
ENTRYPOINT ["deploy/entrypoint.sh"]
CMD ["web"]
