# syntax=docker/dockerfile:1
# The gateway silo: gRPC front end plus a silo. Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t logchat/gateway:TAG .

# The SDK stage runs on the builder's own platform: the output is portable IL (no apphost), so one build
# serves every target architecture.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Every project file first, so the restore layer is reused until a dependency changes (and a new
# reference between the projects needs no change here).
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Protocol/LogChat.Protocol.csproj src/Protocol/
COPY src/Grains/LogChat.Grains.csproj src/Grains/
COPY src/Hosting/LogChat.Hosting.csproj src/Hosting/
COPY src/Silo/LogChat.Silo.csproj src/Silo/
COPY src/Gateway/LogChat.Gateway.csproj src/Gateway/
COPY src/Client/LogChat.Client.csproj src/Client/
RUN dotnet restore src/Gateway/LogChat.Gateway.csproj
COPY protos/ protos/
COPY src/ src/
RUN dotnet publish src/Gateway/LogChat.Gateway.csproj -c Release --no-restore -p:UseAppHost=false -o /app

# Chiseled: no shell, no package manager, runs as the non-root `app` user (UID 1654) by default.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
WORKDIR /app
COPY --from=build /app ./
# Kestrel listens only where LogChat:Gateway and LogChat:Admin say, not on the image default :8080.
ENV ASPNETCORE_HTTP_PORTS=
# Gen0 budget fixed at 16 MiB: the GC otherwise sizes it from the L3 cache the machine reports (260 MiB on
# the bench VM gave a gen0 of ~100 MiB, resident on every silo that keeps allocating; docs/decisions.md).
ENV DOTNET_GCgen0size=0x1000000
# Numeric, so that Kubernetes' runAsNonRoot can verify it without a passwd lookup.
USER 1654
# gRPC API (TLS), gRPC health (h2c), admin (metrics, dashboard), Orleans silo and gateway ports.
EXPOSE 50051 50052 9090 11111 30000
ENTRYPOINT ["dotnet", "LogChat.Gateway.dll"]
