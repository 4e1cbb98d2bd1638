# syntax=docker/dockerfile:1
# One image for all four services; LFC_SERVICE picks which one runs:
#   docker build -t langflow-connect .
#   docker run --rm -e LFC_SERVICE=auth -e PORT=8002 ... langflow-connect
# Migrations: docker run --rm -e DATABASE_URL=... langflow-connect node dist/scripts/migrate.js

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*

ARG LFC_SERVICE=gateway
ENV NODE_ENV=production \
    LFC_DATA_DIR=/tmp/lfc-data \
    LFC_BLOB_DIR=/tmp/lfc-data/blobs \
    LFC_SERVICE=${LFC_SERVICE}

WORKDIR /app
# Application files stay owned by root: the runtime user can read but not modify them, and the
# only writes are under /tmp, so the container runs with a read-only root filesystem.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts ./scripts

# uid/gid 1000 is the image's existing `node` user; numeric so runAsNonRoot can verify it.
USER 1000:1000

EXPOSE 8000 8001 8002 8003

# PORT wins; otherwise the selected service's default port (gateway 8000 … cost-accounting 8003).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const d={gateway:8000,'tool-executor':8001,auth:8002,'cost-accounting':8003};const p=process.env.PORT||d[process.env.LFC_SERVICE]||8000;fetch('http://127.0.0.1:'+p+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# tini forwards SIGTERM to node (which drains) and reaps zombies; `exec` makes node PID 2, not a child of sh.
ENTRYPOINT ["tini", "--"]
CMD ["sh", "-c", "exec node dist/apps/${LFC_SERVICE}/src/main.js"]
