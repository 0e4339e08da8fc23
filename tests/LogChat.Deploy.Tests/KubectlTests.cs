using LogChat.Deploy.Tests.Rendering;

namespace LogChat.Deploy.Tests;

public sealed class KubectlTests
{
    [Fact]
    public void Rendering_without_kubectl_fails_with_a_message_that_says_to_install_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KustomizeRenderer.Render(RenderedOverlays.Dev, "kubectl-that-is-not-installed"));

        Assert.Contains("not found on PATH", error.Message, StringComparison.Ordinal);
        Assert.Contains("install kubectl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repository_root_is_the_folder_with_LogChat_sln()
    {
        Assert.True(File.Exists(Path.Combine(KustomizeRenderer.RepositoryRoot(), "deploy", "k8s", "base", "kustomization.yaml")));
    }
}
