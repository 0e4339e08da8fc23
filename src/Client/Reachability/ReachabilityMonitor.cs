using System.Security.Cryptography;
using Grpc.Core;
using LogChat.Client.Coordinator;
using LogChat.Client.Peer;

namespace LogChat.Client.Reachability;

/// <summary>
/// Measures how peers can reach this client, and keeps the measurement in the profile. A measurement: one
/// <c>ObserveAddress</c> from a punch port on the gateway's main endpoint (the observed address); when the kept
/// measurement is fresh for that address and this listener, it stands and nothing more is asked. Otherwise a second
/// <c>ObserveAddress</c> from the same punch port on one of the gateway's probe ports (the mapping), then, with a listener,
/// <c>CheckReachability</c>: the coordinator dials the observed address on the listen port and must get back a fresh
/// 32-byte nonce that the listener alone answers <c>Peer.Probe</c> with. Without a listener (<c>--no-inbound</c>) there
/// is no dial-back: this side never hosts, and tells the coordinator so (<c>CheckReachability</c> with port 0).
/// </summary>
public sealed class ReachabilityMonitor : IDisposable
{
    /// <summary>Size of the nonce the listener answers a dial-back with.</summary>
    public const int NonceBytes = 32;

    private readonly CoordinatorSession _coordinator;
    private readonly NetworkProfile _profile;
    private readonly PeerListener? _listener;
    private readonly TimeProvider _clock;

    // One measurement at a time: the listener answers one nonce, so a second check would spoil the first.
    private readonly SemaphoreSlim _measuring = new(1, 1);

    /// <param name="coordinator">The logged-in session to measure through.</param>
    /// <param name="profile">Where the measurement is kept.</param>
    /// <param name="listener">The client's listener, or null when it never hosts (no dial-back then).</param>
    /// <param name="clock">The time source for freshness.</param>
    public ReachabilityMonitor(CoordinatorSession coordinator, NetworkProfile profile, PeerListener? listener, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(clock);
        _coordinator = coordinator;
        _profile = profile;
        _listener = listener;
        _clock = clock;
    }

    /// <summary>Status lines for the user about what was measured; never a secret.</summary>
    public event Action<string>? StatusChanged;

    /// <summary>The measurement in use, or null before the first one.</summary>
    public ReachabilityMeasurement? Current { get; private set; }

    /// <summary>Whether <see cref="Current"/> was taken over from an earlier measurement rather than measured now.</summary>
    public bool Reused { get; private set; }

    /// <summary>Measures, or takes over the kept measurement when it is fresh for the address observed now.</summary>
    public async Task<ReachabilityMeasurement> RefreshAsync(CancellationToken cancellationToken)
    {
        await _measuring.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await MeasureAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _measuring.Release();
        }
    }

    /// <summary>
    /// <see cref="RefreshAsync"/> for a client going online: a failure to measure is a status line, not a reason to stay
    /// offline (the coordinator then keeps what it measured last). A refused login and a lost gateway are thrown, for the
    /// caller's reconnect logic; a lost gateway is not reported here.
    /// </summary>
    public async Task RefreshOnlineAsync(CancellationToken cancellationToken)
    {
        try
        {
            var measurement = await RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (!Reused)
            {
                StatusChanged?.Invoke(ReachabilityText.Summary(measurement));
            }
        }
        catch (RpcException ex) when (ex.StatusCode is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.Unavailable or StatusCode.Cancelled))
        {
            StatusChanged?.Invoke($"Could not measure how peers reach this machine: {ReachabilityText.Reason(ex)}");
        }
        catch (CoordinatorProtocolException ex)
        {
            StatusChanged?.Invoke($"Could not measure how peers reach this machine: {ex.Message}");
        }
    }

    /// <summary>Measures again (best effort, as <see cref="RefreshOnlineAsync"/>) unless the measurement in use is fresh.</summary>
    public Task EnsureFreshAsync(CancellationToken cancellationToken) =>
        MeasurementReuse.IsFresh(Current, _clock.GetUtcNow()) ? Task.CompletedTask : RefreshOnlineAsync(cancellationToken);

    public void Dispose() => _measuring.Dispose();

    private async Task<ReachabilityMeasurement> MeasureAsync(CancellationToken cancellationToken)
    {
        using var observer = _coordinator.OpenAddressObserver();
        var observed = await observer.ObserveAsync(cancellationToken).ConfigureAwait(false);
        var kept = Current ?? _profile.Measurement;
        if (MeasurementReuse.CanReuse(kept, observed.Address, _listener?.Port, _clock.GetUtcNow()))
        {
            (Current, Reused) = (kept, true);
            return kept!;
        }

        var mapped = new List<int> { observed.Port };
        if (observed.ProbePorts.Count > 0 && await ObserveAgainAsync(observer, observed, cancellationToken).ConfigureAwait(false) is { } again)
        {
            mapped.Add(again.Port);
        }

        var verdict = _listener is null
            ? await ReportNoListenerAsync(cancellationToken).ConfigureAwait(false)
            : await DialBackAsync(_listener, cancellationToken).ConfigureAwait(false);
        var measurement = new ReachabilityMeasurement(
            observed.Address,
            observed.Port,
            _listener?.Port,
            _listener is not null && verdict.Reachable,
            verdict.Nat,
            _listener is null ? "this side does not accept connections (--no-inbound)" : verdict.Detail,
            mapped,
            _clock.GetUtcNow());
        _profile.Save(measurement);
        (Current, Reused) = (measurement, false);
        return measurement;
    }

    // The mapping needs a second endpoint; one that cannot be reached (a firewall, say) leaves the mapping unmeasured.
    private static async Task<AddressObservation?> ObserveAgainAsync(AddressObserver observer, AddressObservation first, CancellationToken cancellationToken)
    {
        try
        {
            var again = await observer.ObserveAsync(first.ProbePorts[0], cancellationToken).ConfigureAwait(false);
            return again.Address == first.Address ? again : null;
        }
        catch (RpcException ex) when (ex.StatusCode is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.Cancelled))
        {
            return null;
        }
    }

    // Without a listener this side never hosts: the coordinator is told so (port 0, nobody dialled), so that an earlier
    // measurement of a run that did listen no longer counts.
    private Task<DialBackVerdict> ReportNoListenerAsync(CancellationToken cancellationToken) =>
        _coordinator.CheckReachabilityAsync(0, [], LocalAddresses.Find(), cancellationToken);

    private async Task<DialBackVerdict> DialBackAsync(PeerListener listener, CancellationToken cancellationToken)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        using (listener.ExpectProbe(nonce))
        {
            return await _coordinator.CheckReachabilityAsync(listener.Port, nonce, LocalAddresses.Find(), cancellationToken).ConfigureAwait(false);
        }
    }
}
