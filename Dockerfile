# The service as a container: built in one stage, run from compiled JavaScript in another.
# NODE_IMAGE: any Node.js 20 image with npm and a `node` user (uid 1000), as the official one.
# Where no registry answers, build a local one first: scripts/node-base-image.sh, then
#   docker build --build-arg NODE_IMAGE=node-local:20 -t jwt-refresh-auth .
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=4000
WORKDIR /app
# Owned by root and read-only for the service: it can change none of its own code.
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/dist/src ./dist/src
COPY package.json openapi.yaml ./
USER node
EXPOSE 4000
# /health says the process answers; the store is /ready's business (an orchestrator's readiness probe).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: no new connections, in-flight requests finish, then exit 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main/server.js"]
