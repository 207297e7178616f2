# The API and web map; Neo4j runs in its own container (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY graph/package.json graph/
COPY services/api/package.json services/api/
COPY web/package.json web/
RUN npm ci --include=dev
COPY . .
# The web app is built into the image: the service runs as an unprivileged user afterwards.
RUN npm run build
USER node
EXPOSE 3000
CMD ["node", "--max-old-space-size=4096", "--import", "tsx", "services/api/src/server.ts"]
