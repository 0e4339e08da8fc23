# syntax=docker/dockerfile:1
# The relay: pairs the two sides of a relayed session and copies their TLS bytes. Build from the repository root:
#   docker build -f deploy/docker/relay.Dockerfile -t logchat/relay:TAG .

# The SDK stage runs on the builder's own platform: the output is portable IL (no apphost), so one build
# serves every target architecture.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The project files first, so the restore layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Protocol/LogChat.Protocol.csproj src/Protocol/
COPY src/Hosting/LogChat.Hosting.csproj src/Hosting/
COPY src/Relay/LogChat.Relay.csproj src/Relay/
RUN dotnet restore src/Relay/LogChat.Relay.csproj
COPY protos/ protos/
COPY src/ src/
RUN dotnet publish src/Relay/LogChat.Relay.csproj -c Release --no-restore -p:UseAppHost=false -o /app

# Chiseled: no shell, no package manager, runs as the non-root `app` user (UID 1654) by default.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
WORKDIR /app
COPY --from=build /app ./
# Kestrel listens only where LogChat:Relay and LogChat:Admin say, not on the image default :8080.
ENV ASPNETCORE_HTTP_PORTS=
# Numeric, so that Kubernetes' runAsNonRoot can verify it without a passwd lookup.
USER 1654
# Relay (plain TCP, the relay's framing), gRPC health (h2c), admin (metrics, HTTP health).
EXPOSE 50061 50052 9090
ENTRYPOINT ["dotnet", "LogChat.Relay.dll"]
