# syntax=docker/dockerfile:1
# escape=\
FROM python:3.12 AS base
RUN apt-get update \
  # comment

  && apt-get install -y curl
COPY --chown=app:app . .
RUN <<EOF
echo hi && pip install x
EOF
COPY <<-EOT /app/conf
	hello
	EOT
RUN python3 <<PY
print(1)
PY
CMD ["python", "-m", "app"]
ONBUILD RUN echo x
HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1
