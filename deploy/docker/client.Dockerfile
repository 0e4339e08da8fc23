# syntax=docker/dockerfile:1
# The `logchat` console client. Build from the repository root:
#   docker build -f deploy/docker/client.Dockerfile -t logchat/client:TAG .
# Run it interactively, keeping its profile (identity keys, pins) in a volume:
#   docker run -it --rm -v logchat-profile:/home/app/.local/share/logchat logchat/client:TAG --help

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
RUN dotnet restore src/Client/LogChat.Client.csproj
COPY protos/ protos/
COPY src/ src/
RUN dotnet publish src/Client/LogChat.Client.csproj -c Release --no-restore -p:UseAppHost=false -o /app

# The aspnet runtime, not the plain one: the client hosts its peer listener with Kestrel.
# Chiseled: no shell, no package manager, runs as the non-root `app` user (UID 1654, home /home/app).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
WORKDIR /app
COPY --from=build /app ./
USER 1654
ENTRYPOINT ["dotnet", "logchat.dll"]
