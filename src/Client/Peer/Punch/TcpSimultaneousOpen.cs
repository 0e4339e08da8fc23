using System.Net;
using System.Net.Sockets;

namespace LogChat.Client.Peer.Punch;

/// <summary>
/// A TCP simultaneous open: both peers connect from their punch port to each other's observed address and port at the
/// agreed moments, so that each side's SYN opens its own NAT's mapping for the other's SYN. Every attempt uses a fresh
/// socket bound to the punch port (a failed connect leaves a socket unusable); an attempt that fails early waits for
/// its successor's slot, and one still connecting when its slot ends is abandoned.
/// </summary>
public static class TcpSimultaneousOpen
{
    /// <summary>
    /// Connects from <paramref name="localPort"/> to <paramref name="remote"/> on <paramref name="schedule"/>, timed by
    /// <paramref name="clock"/>. Returns the connected socket (the caller owns it); throws
    /// <see cref="PunchFailedException"/> naming the attempts and the last socket error when no attempt connected.
    /// Slots already over when the call starts are skipped.
    /// </summary>
    public static async Task<Socket> ConnectAsync(int localPort, IPEndPoint remote, PunchSchedule schedule, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(localPort, IPEndPoint.MinPort + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPort, IPEndPoint.MaxPort);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentOutOfRangeException.ThrowIfZero(remote.Port);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(clock);
        var target = remote.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(remote.Address.MapToIPv4(), remote.Port) : remote;

        var attempts = 0;
        SocketError? lastError = null;
        for (var slot = 0; slot < schedule.Attempts; slot++)
        {
            var begins = schedule.SlotBegins(slot);
            var ends = schedule.SlotBegins(slot + 1);
            var now = clock.GetUtcNow();
            if (now >= ends)
            {
                continue;
            }

            if (begins > now)
            {
                await Task.Delay(begins - now, clock, cancellationToken).ConfigureAwait(false);
            }

            attempts++;
            var isLast = slot == schedule.Attempts - 1;
            var (socket, error) = await AttemptAsync(localPort, target, ends - clock.GetUtcNow(), waitOutSlot: !isLast, clock, cancellationToken).ConfigureAwait(false);
            if (socket is not null)
            {
                return socket;
            }

            lastError = error;
        }

        throw new PunchFailedException(target, localPort, schedule, attempts, lastError);
    }

    /// <summary>
    /// One attempt, bounded by its slot of <paramref name="slotLeft"/>: the connected socket, or why it failed. After an
    /// early failure it returns only when the slot is over, unless <paramref name="waitOutSlot"/> is false (the last one).
    /// </summary>
    private static async Task<(Socket? Socket, SocketError Error)> AttemptAsync(
        int localPort,
        IPEndPoint remote,
        TimeSpan slotLeft,
        bool waitOutSlot,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        using var slot = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var slotOver = Task.Delay(slotLeft > TimeSpan.Zero ? slotLeft : TimeSpan.Zero, clock, slot.Token);
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            var connect = ConnectFromAsync(socket, localPort, remote, slot.Token);
            await Task.WhenAny(connect, slotOver).ConfigureAwait(false);
            SocketError error;
            if (connect.IsCompleted)
            {
                error = await connect.ConfigureAwait(false);
            }
            else
            {
                // The slot ended first: abandon this attempt so that the next one can bind the port afresh.
                cancellationToken.ThrowIfCancellationRequested();
                await slot.CancelAsync().ConfigureAwait(false);
                error = await AbandonAsync(connect).ConfigureAwait(false);
            }

            if (error == SocketError.Success)
            {
                var connected = socket;
                socket = null;
                return (connected, error);
            }

            if (waitOutSlot)
            {
                await slotOver.ConfigureAwait(false);
            }

            return (null, error);
        }
        finally
        {
            socket?.Dispose();
            await slot.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Binds <paramref name="socket"/> to the punch port and connects it; the socket error when that fails.</summary>
    private static async Task<SocketError> ConnectFromAsync(Socket socket, int localPort, IPEndPoint remote, CancellationToken cancellationToken)
    {
        try
        {
            // Every attempt binds the same port again, while the previous attempt's socket may still be closing.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            var any = remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            socket.Bind(new IPEndPoint(any, localPort));
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return SocketError.Success;
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode;
        }
    }

    /// <summary>Waits for a cancelled connect to end: <see cref="SocketError.Success"/> if it connected just before.</summary>
    private static async Task<SocketError> AbandonAsync(Task<SocketError> connect)
    {
        try
        {
            return await connect.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return SocketError.TimedOut;
        }
    }
}
