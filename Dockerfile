# Leash Coach: the bot, the REST proxy and `npm run migrate` from one image.
# Build stage: everything installed, TypeScript compiled to dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source on Node 20.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY packages ./packages
RUN npm ci
COPY . .
RUN npm run build

# Production dependencies only (the native SQLite module built here too).
FROM build AS deps
RUN rm -rf node_modules && npm ci --omit=dev --workspaces=false

# Final image: no compiler, no dev dependencies, not root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/dist ./dist
COPY --from=build /app/drizzle ./drizzle
COPY --from=build /app/scripts/buildIfDev.mjs ./scripts/buildIfDev.mjs
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
# npm start runs the compiled bot (it builds only where the compiler is installed, never here).
CMD ["npm", "start"]
