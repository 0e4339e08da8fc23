using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.GrainDirectory;

namespace LogChat.Grains;

/// <summary>
/// The base of LogChat's grains: an activation that ends takes its own address out of its silo's grain-directory
/// cache. Orleans caches the address of every activation its silo registers, but the batched unregistration that
/// every deactivation goes through leaves that entry behind; each ended chat, released token and offline user's
/// presence kept its entry until the cache's LRU pushed it out, so with users churning the cache filled to its bound
/// with addresses of activations that no longer exist (docs/benchmarks.md, soak). The cache is the one
/// <see cref="GrainServiceRegistration"/> registers. A workaround, with a canary test that fails once Orleans clears
/// the entry itself; when to remove it: docs/decisions.md.
/// </summary>
public abstract class LogChatGrain : Grain
{
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ServiceProvider.GetRequiredService<IGrainDirectoryCache>().Remove(GrainContext.Address);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }
}
