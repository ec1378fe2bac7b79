FROM python:3.13-slim
# gettext for the translations; pango, harfbuzz's subsetter and DejaVu Sans for the certificate PDFs.
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# Translations and static files are built into the image, so every process (web, worker, beat)
# has them without a start-up step.
RUN SECRET_KEY=build-only python manage.py compilemessages -v 0 \
    && SECRET_KEY=build-only python manage.py collectstatic --no-input -v 0
RUN useradd --system --home /app msqory && mkdir -p /data/private-media && chown msqory /data/private-media
USER msqory
EXPOSE 8000
