using System.Collections.Concurrent;
using Orleans.GrainReferences;

namespace LogChat.Grains;

/// <summary>
/// Grain references for the gateway's calls and the hot paths (lease renewals, deadlines, the session setup): each
/// interface's grain type is resolved once, and a reference is made from it and the key.
/// <see cref="IGrainFactory.GetGrain{TGrainInterface}(Guid, string)"/> resolves the interface again on every call,
/// through reflection and type-name formatting; that was about a third of what a gateway allocated while setting up
/// chats (docs/decisions.md).
/// </summary>
public sealed class GrainReferences(IGrainFactory grains, GrainReferenceActivator activator)
{
    private readonly ConcurrentDictionary<Type, (GrainType Type, GrainInterfaceType Interface)> _shapes = new();

    /// <summary>The reference of the grain of interface <typeparamref name="T"/> keyed by <paramref name="key"/>.</summary>
    public T Get<T>(Guid key)
        where T : IGrainWithGuidKey
    {
        var (type, interfaceType) = _shapes.GetOrAdd(typeof(T), static (_, factory) => ShapeOf(factory.GetGrain<T>(Guid.Empty)), grains);
        return (T)(object)activator.CreateReference(GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(key)), interfaceType);
    }

    /// <summary>The reference of the grain of interface <typeparamref name="T"/> keyed by <paramref name="key"/>.</summary>
    public T Get<T>(string key)
        where T : IGrainWithStringKey
    {
        var (type, interfaceType) = _shapes.GetOrAdd(typeof(T), static (_, factory) => ShapeOf(factory.GetGrain<T>("shape")), grains);
        return (T)(object)activator.CreateReference(GrainId.Create(type, key), interfaceType);
    }

    private static (GrainType, GrainInterfaceType) ShapeOf(object sample)
    {
        var reference = (GrainReference)sample;
        return (reference.GrainId.Type, reference.InterfaceType);
    }
}
