# syntax=docker/dockerfile:1
# One image for all four services; LFC_SERVICE (gateway, tool-executor, auth, cost-accounting)
# picks which one runs:
#   docker build -t langflow-connect .
#   docker run --rm -e LFC_SERVICE=auth -e DATABASE_URL=... -e LFC_SERVICE_PRIVATE_KEY=... -e LFC_SERVICE_PUBLIC_KEYS=... langflow-connect
# Migrations (the Helm hook and the compose `migrate` step run exactly this):
#   docker run --rm -e DATABASE_URL=... langflow-connect node dist/scripts/migrate.js
#
# The root filesystem can be mounted read-only: the only writes go to /tmp (mount an emptyDir or
# tmpfs there). Tests in test/deploy/dockerfile.e2e-spec.ts check these properties and run the
# CMD below for every service as a plain process, as uid 1000 in a copy of the image's layout,
# checking that nothing is written outside /tmp.
#
# Kernel limits are the runtime's to set, not the image's; each service warns at start-up when one
# is below what it needs. net.core.somaxconn (per network namespace: 4096 by default on kernels
# since 5.4, 128 before) caps the listen backlog, LFC_HTTP_LISTEN_BACKLOG (4096):
#   docker run --sysctl net.core.somaxconn=4096 …   (compose: sysctls; Kubernetes: the chart's sysctls.somaxconn)
# The open-files limit caps the connections a service holds; Node raises its soft limit to the hard
# one, so the hard limit counts (at least 8192; Docker's default is usually far above):
#   docker run --ulimit nofile=65536:65536 …       (compose: ulimits)

ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: compile TypeScript with the dev dependencies ------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
RUN npm run build

# ---- runtime: production dependencies only, non-root, tini as PID 1 -------------------------
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Production dependencies are installed here, in the final stage, from the lock file, so no dev
# dependency (compilers, test tools) is in the image. Install scripts are not needed by any
# runtime dependency (native ones ship prebuilt binaries as optional dependencies).
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# Application files stay owned by root: the runtime user can read but not modify them. dist/ holds
# the web console too (dist/console, built by `npm run build` from apps/console), which the gateway
# serves at /console.
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts ./scripts
# `lfc`, auth's operator CLI, on the PATH: kubectl exec deploy/<release>-auth -- lfc keys list
RUN chmod 0755 dist/apps/auth/src/cli.js && ln -s /app/dist/apps/auth/src/cli.js /usr/local/bin/lfc

ARG LFC_SERVICE=gateway
# HOME and npm's cache point at /tmp so `npm run migrate` also works on a read-only root.
ENV NODE_ENV=production \
    LFC_SERVICE=${LFC_SERVICE} \
    LFC_DATA_DIR=/tmp/lfc-data \
    LFC_BLOB_DIR=/tmp/lfc-data/blobs \
    LFC_AUDIT_SPOOL_DIR=/tmp/lfc-data/audit-spool \
    HOME=/tmp \
    NPM_CONFIG_CACHE=/tmp/.npm \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# uid/gid 1000 is the base image's `node` user; numeric so runAsNonRoot can verify it.
USER 1000:1000

# gateway 8000, tool-executor 8001, auth 8002, cost-accounting 8003 (PORT overrides).
EXPOSE 8000 8001 8002 8003

# PORT wins; otherwise the selected service's default port. /health is liveness only (no
# dependencies), so a slow database never marks the container unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const d={gateway:8000,'tool-executor':8001,auth:8002,'cost-accounting':8003};const p=process.env.PORT||d[process.env.LFC_SERVICE]||8000;fetch('http://127.0.0.1:'+p+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# tini is PID 1: it forwards SIGTERM to node (which fails /ready, waits LFC_SHUTDOWN_DELAY_MS,
# drains, exits) and reaps zombies. `exec` replaces sh, so node is tini's direct child.
ENTRYPOINT ["tini", "--"]
CMD ["sh", "-c", "f=dist/apps/${LFC_SERVICE}/src/main.js; [ -f \"$f\" ] || { echo \"LFC_SERVICE must be gateway, tool-executor, auth or cost-accounting (got '${LFC_SERVICE}')\" >&2; exit 64; }; exec node \"$f\""]
