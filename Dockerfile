FROM python:3.13-slim
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
RUN useradd --system --home /app msqory && mkdir -p /data/private-media && chown msqory /data/private-media
USER msqory
EXPOSE 8000
