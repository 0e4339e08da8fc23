using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;

namespace LogChat.Deploy.Tests.Rendering;

/// <summary>Renders an overlay of <c>deploy/k8s</c> with <c>kubectl kustomize</c>, offline.</summary>
public static class KustomizeRenderer
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The rendered multi-document YAML of <c>deploy/k8s/overlays/{overlay}</c>.</summary>
    /// <exception cref="InvalidOperationException">kubectl is missing or failed; the message says which.</exception>
    public static string Render(string overlay, string kubectl = "kubectl")
    {
        var directory = Path.Combine(RepositoryRoot(), "deploy", "k8s", "overlays", overlay);
        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{kubectl} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{kubectl}' was not found on PATH ({e.Message}). The deploy tests render the Kubernetes manifests " +
                "with `kubectl kustomize`: install kubectl (e.g. `apt-get install kubectl` from the Kubernetes apt repository).", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(RenderTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"`{kubectl} kustomize {directory}` did not finish within {RenderTimeout}");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"`{kubectl} kustomize {directory}` exited with {process.ExitCode}: {error.GetAwaiter().GetResult()}");
            }

            return output.GetAwaiter().GetResult();
        }
    }

    /// <summary>The folder holding LogChat.sln, found by walking up from this test project.</summary>
    public static string RepositoryRoot()
    {
        var projectDirectory = typeof(KustomizeRenderer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "ProjectDirectory").Value!;
        for (var directory = new DirectoryInfo(projectDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LogChat.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LogChat.sln in {projectDirectory} or any folder above it");
    }
}
