using Google.Protobuf.Reflection;
using LogChat.Protocol.Coordinator.V1;

namespace LogChat.Gateway.Auth;

/// <summary>
/// The methods a caller may use without a token: those the service description marks
/// <c>option (logchat.coordinator.v1.anonymous) = true</c>. Read from the generated descriptor, so a method is
/// anonymous only where the contract says so, and a method the gateway does not know of is not.
/// </summary>
public static class AnonymousMethods
{
    private static readonly HashSet<string> Names = Of(Coordinator.Descriptor);

    /// <summary>Whether <paramref name="fullMethodName"/> (<c>/package.Service/Method</c>, as gRPC names a call) is anonymous.</summary>
    public static bool Contains(string fullMethodName) => Names.Contains(fullMethodName);

    /// <summary>The gRPC names of the methods of <paramref name="service"/> declared anonymous.</summary>
    public static HashSet<string> Of(Google.Protobuf.Reflection.ServiceDescriptor service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Methods
            .Where(method => method.GetOptions()?.GetExtension(CoordinatorExtensions.Anonymous) == true)
            .Select(FullName)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The name a call of <paramref name="method"/> carries: <c>/package.Service/Method</c>.</summary>
    public static string FullName(MethodDescriptor method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return $"/{method.Service.FullName}/{method.Name}";
    }
}
