# syntax=docker/dockerfile:1
# The webhook service's image: one image, three roles — `serve` (the api), `worker`, `migrate up`.
# Built with `docker build -t webhooks .` from the repository root.

# Build stage: the development install, then .ci/build — the very script CI runs — which compiles
# every package and app and assembles the production tree (production dependencies only) in /app.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund --ignore-scripts \
 && .ci/build /app

# Runtime stage: node and the production tree, nothing else; no tsx, no build tools.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 8080
# The embedded database (no DATABASE_URL) lives here; production sets DATABASE_URL instead.
ENV DATA_DIR=/app/.data
# No healthcheck here: Compose and Kubernetes probe GET /health and GET /ready themselves.
ENTRYPOINT ["node", "apps/cli/bin/webhooks.js"]
CMD ["serve"]
